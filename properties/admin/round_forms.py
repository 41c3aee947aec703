"""The forms of a sales round's admin page."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import (
    AdminSplitDateTime,
    FilteredSelectMultiple,
    RelatedFieldWidgetWrapper,
)
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from klushuis.accounts.selectors import users_with_permission
from properties import rules
from properties.models import (
    Property,
    SalesRound,
)

JUROR_PERMISSION = "applications.assess_plan"
NOTARY_PERMISSION = "applications.draw_lottery"


RULE_FIELDS = [
    "municipality",
    "slug",
    "opens_at",
    "closes_at",
    "registration_fee",
    "minimum_age",
    "one_application_per_household",
    "financing_must_cover_budget",
    "max_preferences",
    "first_time_buyers_only",
    "selection_method",
    "priority_social_rental",
    "extra_tickets_local",
    "lottery_value_description",
    "lottery_value_format",
    "offer_response_days",
    "assessment_min_score",
    "renovation_start_months",
    "renovation_completion_months",
    "self_occupancy_years",
    "anti_speculation",
    "anti_speculation_years",
    "anti_speculation_percentage",
    "anti_speculation_amount",
    "penalty_amount",
    "penalty_percentage",
    "penalty_daily_amount",
    "penalty_cap",
]


# The public value of the draw, as staff choose it; the round keeps the pattern the notary's
# entry is checked against (applications.lottery.services).
LOTTERY_VALUE_FORMATS = {
    "three_numbers": (
        _("Three numbers from 1 to 99, written as 4-17-23"),
        r"^[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}$",
    ),
    "four_numbers": (
        _("Four numbers from 1 to 99, written as 4-17-23-8"),
        r"^[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}$",
    ),
    "five_numbers": (
        _("Five numbers from 1 to 99, written as 4-17-23-8-51"),
        r"^[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}$",
    ),
    "six_digits": (_("Six digits, written as 048213"), r"^[0-9]{6}$"),
}
KEEP_PATTERN = "keep"


def lottery_value_format_label(pattern):
    for label, known in LOTTERY_VALUE_FORMATS.values():
        if known == pattern:
            return label
    return _("A format of its own (%(pattern)s)") % {"pattern": pattern}


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time boxes, each named for screen readers ("Inschrijving opent:
    datum"): the visible "Datum:" and "Tijd:" are not labels of the boxes."""

    def __init__(self, label, attrs=None):
        super().__init__(attrs)
        self.widgets[0].attrs["aria-label"] = _("%(field)s: date") % {"field": label}
        self.widgets[1].attrs["aria-label"] = _("%(field)s: time") % {"field": label}


class LabelledDateTimes:
    """Admin mixin: every date-and-time field gets LabelledSplitDateTime."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField) and db_field.editable:
            kwargs["widget"] = LabelledSplitDateTime(capfirst(db_field.verbose_name))
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class SalesRoundAdminForm(forms.ModelForm):
    # Only accounts holding the notary's permission are offered, and the field refuses any
    # other id sent to the server: a round's notaries are the only people who can draw it.
    notaries = forms.ModelMultipleChoiceField(
        queryset=users_with_permission(NOTARY_PERMISSION),
        required=False,
        label=capfirst(SalesRound._meta.get_field("notaries").verbose_name),
        help_text=SalesRound._meta.get_field("notaries").help_text,
        # Wrapped as the admin wraps its own pickers, so the label stays beside the boxes.
        widget=RelatedFieldWidgetWrapper(
            FilteredSelectMultiple(_("notaries"), is_stacked=False),
            SalesRound._meta.get_field("notaries").remote_field,
            admin.site,
            can_add_related=False,
            can_change_related=False,
            can_delete_related=False,
            can_view_related=False,
        ),
    )
    lottery_value_format = forms.ChoiceField(
        label=_("public value of the lottery: format"),
        help_text=_("The notary's entry at the draw must have this format."),
    )

    class Meta:
        model = SalesRound
        fields = [
            "name",
            "slug",
            "municipality",
            "bureau",
            "introduction",
            "opens_at",
            "closes_at",
            "information_meeting_at",
            "information_meeting_place",
            # The lottery value's format is a declared field, not one of the model's.
            *[name for name in RULE_FIELDS[4:] if name != "lottery_value_format"],
        ]
        labels = {"slug": _("web address")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("lottery_value_format")
        if field is None:
            return
        choices = [(key, label) for key, (label, _pattern) in LOTTERY_VALUE_FORMATS.items()]
        current = self.instance.lottery_value_pattern
        known = {pattern: key for key, (_label, pattern) in LOTTERY_VALUE_FORMATS.items()}
        if current in known:
            field.initial = known[current]
        else:
            choices.append((KEEP_PATTERN, lottery_value_format_label(current)))
            field.initial = KEEP_PATTERN
        field.choices = choices

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("lottery_value_format")
        if chosen in LOTTERY_VALUE_FORMATS:
            self.instance.lottery_value_pattern = LOTTERY_VALUE_FORMATS[chosen][1]
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The window must close after it opens."))
        method = cleaned.get("anti_speculation")
        if method == SalesRound.AntiSpeculation.PROFIT_SHARE and not cleaned.get(
            "anti_speculation_percentage"
        ):
            self.add_error("anti_speculation_percentage", _("Give the share of the profit."))
        if method == SalesRound.AntiSpeculation.FIXED_SUM and not cleaned.get(
            "anti_speculation_amount"
        ):
            self.add_error("anti_speculation_amount", _("Give the fixed sum."))
        if cleaned.get("penalty_daily_amount") and not cleaned.get("penalty_cap"):
            self.add_error("penalty_cap", _("A daily penalty needs a maximum."))
        if rules.penalty_cap_below_base(
            penalty_amount=cleaned.get("penalty_amount"),
            penalty_percentage=cleaned.get("penalty_percentage"),
            penalty_cap=cleaned.get("penalty_cap"),
        ):
            self.add_error("penalty_cap", _("The maximum penalty cannot be below the penalty."))
        municipality, bureau = cleaned.get("municipality"), cleaned.get("bureau")
        if (
            municipality
            and bureau
            and not bureau.mandates_held.filter(principal=municipality).exists()
        ):
            self.add_error("bureau", _("This bureau holds no mandate from the municipality."))
        return cleaned

    def clean_jurors(self):
        # The picker offers only jurors; this holds whatever the request says.
        jurors = self.cleaned_data.get("jurors")
        if jurors is None:
            return jurors
        allowed = users_with_permission(JUROR_PERMISSION).filter(pk__in=[j.pk for j in jurors])
        refused = sorted(set(jurors) - set(allowed), key=str)
        if refused:
            raise ValidationError(
                _("Only people with the juror role can be on the jury: %(names)s."),
                params={"names": ", ".join(str(user) for user in refused)},
                code="not_a_juror",
            )
        return jurors

    def _post_clean(self):
        # Model validation would report the window constraint a second time, as a form-wide
        # error; the field error above already says it.
        super()._post_clean()
        if "closes_at" in self.errors:
            self.errors.pop("__all__", None)


class RoundPropertyInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        municipality = getattr(self.instance, "municipality", None)
        for form in self.forms:
            prop = form.cleaned_data.get("property") if hasattr(form, "cleaned_data") else None
            # A published round's homes are view-only: the admin skips validating those rows
            # and gives them their initial values (primary keys) as cleaned data.
            if not isinstance(prop, Property):
                continue
            if municipality and prop.municipality_id != municipality.pk:
                form.add_error("property", _("This property is sold by another organisation."))


class FreeHomeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.get_status_display()}"
