from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PropertiesConfig(AppConfig):
    name = "properties"
    verbose_name = _("Properties and sales rounds")

    def ready(self):
        # Not at the top: selectors read models, which load after the app registry.
        from klushuis.pagecache import register_next_change  # noqa: PLC0415
        from properties.selectors import round_next_change  # noqa: PLC0415

        register_next_change(round_next_change)
