from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KlushuurConfig(AppConfig):
    name = "klushuur"
    verbose_name = _("Klushuur")
