from django.apps import AppConfig


class KlushuisConfig(AppConfig):
    name = "klushuis"
    verbose_name = "Klushuis portal"

    def ready(self):
        from klushuis import checks  # noqa: F401 - registers the system checks
