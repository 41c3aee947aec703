from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "klushuis.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        # Not at the top: the category reads models, which need the app registry ready.
        from klushuis.privacy import accesslog, accounts  # noqa: PLC0415

        accounts.register()
        accesslog.register()
