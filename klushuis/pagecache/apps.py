from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "klushuis.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from klushuis.pagecache import signals  # noqa: PLC0415 - connects receivers once apps load

        signals.connect()
