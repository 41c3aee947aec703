from django.apps import AppConfig


class KlushuisConfig(AppConfig):
    name = "klushuis"
    verbose_name = "Klushuis portal"
