from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from applications.extensions import APPLICATION_PAGE
from contracts.extensions import CONTRACT_TRANSFERRED, RELEASED_ON
from properties.extensions import PROPERTY_PAGE


class AftercareConfig(AppConfig):
    name = "aftercare"
    verbose_name = _("Aftercare")

    def ready(self):
        # Imported here: the services import the models, which need the app registry ready.
        from aftercare.privacy import register as register_personal_data  # noqa: PLC0415
        from aftercare.release import released_on  # noqa: PLC0415
        from aftercare.selectors import (  # noqa: PLC0415
            application_page_context,
            property_page_context,
        )
        from aftercare.services import aftercare_start  # noqa: PLC0415

        CONTRACT_TRANSFERRED.register(aftercare_start)
        RELEASED_ON.register(released_on)
        APPLICATION_PAGE.register(application_page_context)
        PROPERTY_PAGE.register(property_page_context)
        register_personal_data()
