from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "klushuis.outbox"
    label = "outbox"
    verbose_name = "Outbox"
