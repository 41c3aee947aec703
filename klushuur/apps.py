from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KlushuurConfig(AppConfig):
    name = "klushuur"
    verbose_name = _("Klushuur")

    def ready(self):
        # Imported here: the module imports the models, which need the app registry ready.
        from klushuur.privacy import register as register_personal_data  # noqa: PLC0415

        register_personal_data()
