from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ExtranetAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "extranet.admin_site.ExtranetAdminSite"


class ExtranetConfig(AppConfig):
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "extranet"
    verbose_name = "Comptes et usage"

    def ready(self):
        from auditlog.registry import auditlog

        from extranet import registry, signals  # noqa: F401  (signals connects the receivers)
        from extranet.models import User

        auditlog.register(User, exclude_fields=["password", "last_login"])
        # Accounts, their second factors and sessions, the audit trail and the usage figures.
        registry.register_admin_section(
            registry.AdminSection(
                "Comptes", ("extranet", "auth", "account", "mfa", "usersessions", "auditlog"), order=10
            )
        )
