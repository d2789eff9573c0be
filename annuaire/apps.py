from django.apps import AppConfig


def _forget_user(sender, instance, **kwargs):
    from annuaire.affiliations import forget

    forget(instance)


def _forget_member(sender, instance, **kwargs):
    from annuaire.affiliations import forget

    if sender.user.is_cached(instance):
        forget(instance.user)


class AnnuaireConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "annuaire"
    verbose_name = "Annuaire"

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import post_delete, post_save

        from annuaire import panels, people, search
        from annuaire.enums import PARTNER_ROLES
        from annuaire.models import (
            Commune,
            Domain,
            ExceptionalClosure,
            HoursChange,
            Membership,
            NationalListImport,
            NotificationPreference,
            OpeningHours,
            Partner,
            Permanence,
            Referent,
            Structure,
            Training,
        )
        from extranet import fragments, registry
        from extranet.models import User

        # What the directory's pages show (docs/decisions.md, « Rendered fragments cached by data
        # version »): its records, the people's attachments and the account fields shown (the agents
        # of a structure, a referent's record). The national import saves through its proxy model.
        fragments.watch(
            "annuaire",
            Commune,
            Structure,
            NationalListImport,
            Partner,
            Referent,
            Domain,
            OpeningHours,
            ExceptionalClosure,
            HoursChange,
            Permanence,
            Training,
            Membership,
            User,
        )
        # A person's affiliations are kept on their user object: a change to them drops the copy.
        post_save.connect(_forget_user, sender=User, dispatch_uid="annuaire_forget_user")
        post_save.connect(_forget_member, sender=Membership, dispatch_uid="annuaire_forget_member")
        post_delete.connect(_forget_member, sender=Membership, dispatch_uid="annuaire_forget_former_member")
        # A partner's referent with an account has one directory record, kept in step (annuaire.people).
        post_save.connect(people.account_saved, sender=User, dispatch_uid="annuaire_referent_account")
        post_save.connect(people.attachment_saved, sender=Membership, dispatch_uid="annuaire_referent_member")

        # The search text is derived from the names: logging it would only repeat the name change.
        derived = ["search_title", "search_body"]
        auditlog.register(Commune)
        auditlog.register(Structure, exclude_fields=derived, m2m_fields={"partners"})
        auditlog.register(Partner, exclude_fields=derived)
        auditlog.register(Referent, exclude_fields=derived, m2m_fields={"domains", "structures"})
        for model in (
            Membership,
            OpeningHours,
            ExceptionalClosure,
            Domain,
            Permanence,
            Training,
            NotificationPreference,
        ):
            auditlog.register(model)
        registry.register_nav(registry.NavEntry("Annuaire", "annuaire:structure_list", order=10))
        registry.register_nav(registry.NavEntry("Partenaires", "annuaire:partner_list", order=11))
        registry.register_nav(registry.NavEntry("Qui contacter\u202f?", "annuaire:referent_search", order=12))
        for order, (label, source) in enumerate(
            [
                ("Structures", search.search_structures),
                ("Partenaires", search.search_partners),
                ("Référents", search.search_referents),
            ],
            start=10,
        ):
            registry.register_search_source(registry.SearchSource(label, source, order=order))
        registry.register_home_panel(
            registry.HomePanel(
                "annuaire/panels/membership.html",
                panels.membership_panel,
                order=1,
                open_to_guichet=True,
                topics=("annuaire",),
            )
        )
        registry.register_account_panel(
            registry.HomePanel("annuaire/panels/referent_record.html", panels.referent_record_panel, order=10)
        )
        registry.register_admin_section(registry.AdminSection("Annuaire", ("annuaire",), order=20))
        registry.register_email_setting(
            registry.EmailSetting.from_field(
                NotificationPreference,
                "hours_changes",
                name="directory_hours_changes",
                order=40,
                # Those who get it: the partners' referents and the CCI.
                visible=lambda user: user.is_staff or user.role in PARTNER_ROLES,
            )
        )
        registry.register_home_link(
            registry.HomeLink(
                "Tableau de la charte",
                "annuaire:charter_overview",
                # Every member may read it; it is the daily tool of those who follow the network.
                visible=lambda user: user.oversees_network,
                description="Chaque structure face aux critères de la charte France Services.",
                order=10,
            )
        )
