from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HolidayCalendarConfig(AppConfig):
    name = "klushuis.holiday_calendar"
    label = "holiday_calendar"
    verbose_name = _("Holiday calendar")
