from django.apps import AppConfig


class AnnuaireConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "annuaire"
    verbose_name = "Annuaire"

    def ready(self):
        from auditlog.registry import auditlog

        from annuaire import panels
        from annuaire.models import Commune, Membership, Partner, Structure
        from extranet import registry

        for model in (Commune, Structure, Partner, Membership):
            auditlog.register(model)
        registry.register_nav(registry.NavEntry("Structures", "annuaire:structure_list", order=10))
        registry.register_nav(registry.NavEntry("Partenaires", "annuaire:partner_list", order=11))
        registry.register_home_panel(
            registry.HomePanel("annuaire/panels/membership.html", panels.membership_panel, order=1)
        )
