"""Decree days in the management site.

Who: only platform administrators (superusers) add, change or delete a decree day, whatever
permissions a group holds, because a decree day moves the end of every buyer's cooling-off
period. Staff of municipalities and bureaus and auditors may view them (their roles hold
`holiday_calendar.view_decreeday`): staff explain to a buyer why the period ends on the day it
does, and a decree is public. Every change is in the object's history (the admin's log).
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from klushuis.holiday_calendar import rules
from klushuis.holiday_calendar.models import DecreeDay


class DecreeDayForm(forms.ModelForm):
    url = forms.URLField(label=_("link to the publication"), required=False, assume_scheme="https")

    class Meta:
        model = DecreeDay
        fields = ["day", "decree", "publication", "url"]

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day.year < rules.FIRST_SUPPORTED_YEAR:
            raise forms.ValidationError(
                _("The portal counts terms from %(year)s on; this day is earlier."),
                params={"year": rules.FIRST_SUPPORTED_YEAR},
            )
        # A decree equates a working day; a day the Act already skips is most likely a typo in
        # the day or the year.
        if rules.is_non_working_day(day):
            raise forms.ValidationError(
                _(
                    "This day is already a Saturday, a Sunday or a public holiday, so a decree "
                    "changes nothing. Check the day and the year."
                )
            )
        return day


@admin.register(DecreeDay)
class DecreeDayAdmin(admin.ModelAdmin):
    form = DecreeDayForm
    list_display = ["day", "decree", "publication", "created_by", "created_at"]
    list_select_related = ["created_by"]
    search_fields = ["decree", "publication"]
    date_hierarchy = "day"
    readonly_fields = ["created_by", "created_at"]
    fieldsets = [
        (
            None,
            {
                "fields": ["day", "decree", "publication", "url"],
                "description": _(
                    "Art. 3 lid 3 Algemene termijnenwet lets the government equate a day with a "
                    "public holiday by a decree in the Staatscourant, usually every three years "
                    "for bridge days such as the Friday after Ascension. Such a day counts like a "
                    "holiday in every statutory term, such as the buyer's cooling-off period: "
                    "record every day a new decree names, each with the decree's title. A change "
                    "here applies from the next page opened, also to periods already running."
                ),
            },
        ),
        (_("Recorded"), {"fields": ["created_by", "created_at"]}),
    ]

    # Only platform administrators: a decree day moves the end of every cooling-off period.
    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
