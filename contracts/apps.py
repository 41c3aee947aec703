from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from applications.extensions import APPLICATION_PAGE, APPLICATIONS_REJECTED, OFFER_MADE


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Contracts")

    def ready(self):
        # Imported here: the selectors import the models, which need the app registry ready.
        from contracts.privacy import register as register_personal_data  # noqa: PLC0415
        from contracts.selectors import application_page_context  # noqa: PLC0415
        from contracts.services import (  # noqa: PLC0415
            letter_issue_for_offer,
            letters_issue_for_rejections,
        )

        APPLICATION_PAGE.register(application_page_context)
        # Letters are issued when they are sent: with the offer, and when turned down.
        OFFER_MADE.register(letter_issue_for_offer)
        APPLICATIONS_REJECTED.register(letters_issue_for_rejections)
        register_personal_data()
