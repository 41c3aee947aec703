from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from applications.extensions import APPLICATION_PAGE


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Contracts")

    def ready(self):
        # Imported here: the selectors import the models, which need the app registry ready.
        from contracts.privacy import register as register_personal_data  # noqa: PLC0415
        from contracts.selectors import application_page_context  # noqa: PLC0415

        APPLICATION_PAGE.register(application_page_context)
        register_personal_data()
