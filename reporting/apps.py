"""The network's figures: quarterly activity reports, dashboards and the yearly usage report.

This app only reads the others (the directory, the forum, the calendar, the files) through their
QuerySets and the registry; no other app imports it, so it can change without touching them.
"""

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reporting"
    verbose_name = "Rapports et tableaux de bord"

    def ready(self):
        from auditlog.registry import auditlog

        from extranet import registry
        from reporting import panels, permissions
        from reporting.models import ContactReason, PartnerLine, QuarterlyReport, ReasonLine
        from reporting.usage_models import Question, Questionnaire, StructureSurvey

        # The members' answers (Participation, Response, Answer) are left out on purpose: a log entry
        # names its actor and its time (docs/decisions.md, « Questionnaires: anonymous answers »).
        auditlog.register(Questionnaire)
        auditlog.register(Question)
        auditlog.register(StructureSurvey)

        auditlog.register(ContactReason)
        # A reopening's reason is a field of the report: the log keeps each one with the change of state.
        auditlog.register(QuarterlyReport)
        auditlog.register(PartnerLine)
        auditlog.register(ReasonLine)
        registry.register_admin_section(registry.AdminSection("Rapports", ("reporting",), order=70))

        registry.register_nav(
            registry.NavEntry(
                "Rapports", "reporting:index", order=60, visible=permissions.shows_reporting_link
            )
        )
        registry.register_home_panel(
            registry.HomePanel("reporting/panels/network_actions.html", panels.network_actions, order=5)
        )
        registry.register_home_link(
            registry.HomeLink(
                "Tableau de bord du réseau",
                "reporting:dashboard",
                visible=permissions.reads_network,
                description="L'activité déclarée chaque trimestre et ce qui demande une action.",
                order=5,
            )
        )
