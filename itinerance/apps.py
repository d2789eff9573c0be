from django.apps import AppConfig


class ItineranceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "itinerance"
    verbose_name = "Itinérance"

    def ready(self):
        from auditlog.registry import auditlog

        from extranet import registry
        from itinerance.models import Passage, PassageCount, PublicSchedule, Rule, Site, Tour, Unit

        auditlog.register(Unit, m2m_fields={"agents"})
        for model in (Tour, Site, Rule, Passage, PassageCount, PublicSchedule):
            auditlog.register(model)
        registry.register_admin_section(registry.AdminSection("Itinérance", ("itinerance",), order=60))
