from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from klushuis.accounts.extensions import LANDING_PAGE


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications and selection")

    def ready(self):
        # Imported here: selectors import models, which are loaded only once apps are ready.
        from applications.selectors import landing_page  # noqa: PLC0415

        LANDING_PAGE.register(landing_page)
