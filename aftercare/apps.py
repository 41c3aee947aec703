from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from contracts.extensions import CONTRACT_TRANSFERRED


class AftercareConfig(AppConfig):
    name = "aftercare"
    verbose_name = _("Aftercare")

    def ready(self):
        # Imported here: the services import the models, which need the app registry ready.
        from aftercare.services import aftercare_start  # noqa: PLC0415

        CONTRACT_TRANSFERRED.register(aftercare_start)
