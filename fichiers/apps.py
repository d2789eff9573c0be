"""News (actualités) and the shared file catalogue (fichiers), in one app.

They are one app because they are one kind of thing, the network's shared publications: a news item
attaches files from the catalogue, and both follow the same archiving rule, go into the same weekly
digest and are found by the same search sources. Splitting them would only add an import cycle.
"""

from django.apps import AppConfig


class FichiersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fichiers"
    verbose_name = "Actualités et fichiers"

    def ready(self):
        from auditlog.registry import auditlog

        from extranet import fragments, registry
        from fichiers import panels, search
        from fichiers.models import ArchivingRule, DigestSubscription, Document, FileVersion, News

        derived = ["search_title", "search_body"]  # copies of the title and text, already logged
        auditlog.register(News, exclude_fields=derived, m2m_fields={"files"})
        auditlog.register(Document, exclude_fields=derived)
        auditlog.register(FileVersion)
        auditlog.register(ArchivingRule)
        auditlog.register(DigestSubscription)

        # What its panels on other pages show (a structure's or a partner's files, the latest news) and
        # the lists count: docs/decisions.md, « Rendered fragments cached by data version ».
        fragments.watch("fichiers", News, Document, FileVersion, ArchivingRule)
        registry.register_admin_section(registry.AdminSection("Contenus", ("fichiers",), order=30))
        registry.register_nav(registry.NavEntry("Actualités", "fichiers:news_list", order=20))
        registry.register_nav(registry.NavEntry("Fichiers", "fichiers:document_list", order=21))
        registry.register_home_panel(
            registry.HomePanel(
                "fichiers/panels/latest_news.html",
                panels.latest_news,
                order=20,
                topics=("fichiers", "annuaire"),  # the news, their structure or partner, who may publish
                vary=panels.latest_news_vary,
            )
        )
        registry.register_object_panel(
            registry.ObjectPanel(
                "annuaire.Structure", "fichiers/panels/documents.html", panels.structure_documents, order=20
            )
        )
        registry.register_object_panel(
            registry.ObjectPanel(
                "annuaire.Partner", "fichiers/panels/documents.html", panels.partner_documents, order=20
            )
        )
        registry.register_search_source(registry.SearchSource("Actualités", search.search_news, order=20))
        registry.register_search_source(registry.SearchSource("Fichiers", search.search_documents, order=21))
        registry.register_email_setting(
            registry.EmailSetting.from_field(
                DigestSubscription,
                "is_active",
                name="weekly_digest",
                label="le résumé hebdomadaire des nouvelles actualités et des nouveaux fichiers",
                help_text="Une fois par semaine, et seulement s'il y a du nouveau.",
                order=20,
            )
        )
