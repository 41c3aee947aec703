from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class KlushuisConfig(AppConfig):
    name = "klushuis"
    verbose_name = "Klushuis portal"

    def ready(self):
        # Registers the system checks (the demo device check) by importing them.
        from klushuis import checks  # noqa: F401, PLC0415 - registered on import, once apps load


class PortalAdminConfig(AdminConfig):
    """Django's admin, with a site that also requires the second factor (klushuis.admin)."""

    default_site = "klushuis.admin.PortalAdminSite"
