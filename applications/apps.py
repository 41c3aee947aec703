from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from klushuis.accounts.extensions import LANDING_PAGE
from properties.extensions import ROUND_PAGE


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications and selection")

    def ready(self):
        # Not at the top: the providers read models, which cannot be imported before the app
        # registry is ready.
        from applications.offers.selectors import (  # noqa: PLC0415
            landing_page,
            offer_next_deadline,
        )
        from applications.privacy import register as register_personal_data  # noqa: PLC0415
        from applications.round_page import round_page_context  # noqa: PLC0415
        from klushuis.pagecache import register_next_change  # noqa: PLC0415

        ROUND_PAGE.register(round_page_context)
        # An open offer past its deadline shows as expired on the round's page from then on.
        register_next_change(offer_next_deadline)
        LANDING_PAGE.register(landing_page)
        register_personal_data()
