from django.apps import AppConfig


class CalendrierConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "calendrier"
    verbose_name = "Calendrier"

    def ready(self):
        from auditlog.registry import auditlog

        from calendrier import panels
        from calendrier.models import CalendarToken, Event, Registration, ReminderPreference
        from extranet import fragments, registry

        auditlog.register(Event)
        auditlog.register(Registration)
        auditlog.register(ReminderPreference)
        # Never log the secret itself: the audit log is read by more people than its owner.
        auditlog.register(CalendarToken, mask_fields=["token"])
        # What its panels on a structure's page and the home page and the month view show: the events
        # and each person's registrations (docs/decisions.md, « Rendered fragments cached by data version »).
        fragments.watch("calendrier", Event, Registration)
        registry.register_admin_section(registry.AdminSection("Calendrier", ("calendrier",), order=50))
        registry.register_nav(registry.NavEntry("Calendrier", "calendrier:event_list", order=40))
        registry.register_home_panel(
            registry.HomePanel(
                "calendrier/panels/upcoming.html",
                panels.upcoming_panel,
                order=20,
                topics=("calendrier", "annuaire"),  # the events, their places and the person's audience
            )
        )
        registry.register_object_panel(
            registry.ObjectPanel(
                "annuaire.Structure", "calendrier/panels/trainings.html", panels.trainings_panel
            )
        )
        registry.register_search_source(registry.SearchSource("Événements", panels.search_events, order=40))
        registry.register_email_setting(
            registry.EmailSetting.from_field(
                ReminderPreference, "reminders", name="calendar_reminders", order=30
            )
        )
        registry.register_account_panel(
            registry.HomePanel("calendrier/panels/account_subscription.html", panels.account_subscription)
        )
