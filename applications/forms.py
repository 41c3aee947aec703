"""The application form, one Django form per step. Forms validate; services save."""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Applicant, Application, RenovationPlan
from klushuis.templatetags.portal import euro
from klushuis.uploads import PDF, validate_upload
from klushuis.uploads.forms import HeldUploadsMixin
from klushuis.uploads.limits import size_limited
from klushuis.widgets import AmountInput

MAX_PDF_BYTES = 15 * 1024 * 1024
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _pdf(upload):
    if upload and hasattr(upload, "content_type"):
        validate_upload(upload, allowed={PDF}, max_bytes=MAX_PDF_BYTES)
    return upload


class PersonForm(forms.ModelForm):
    class Meta:
        model = Applicant
        fields = ["given_names", "surname", "date_of_birth", "email", "phone"]
        widgets = {
            "date_of_birth": DATE,
            "given_names": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "surname": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born is None:
            return born
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(_("A date of birth cannot be in the future."))
        if born < today - timedelta(days=120 * 365):
            raise forms.ValidationError(_("Check the year of birth."))
        return born

    def clean_email(self):
        return (self.cleaned_data["email"] or "").strip().lower()


class ApplicantsStep(forms.Form):
    """Step 1: the applicant and, optionally, a co-applicant (one application per household)."""

    with_co_applicant = forms.BooleanField(
        label=_("I apply together with a partner or co-buyer"), required=False
    )

    def __init__(self, *args, main_instance=None, co_instance=None, initial_main=None, **kw):
        super().__init__(*args, **kw)
        data = self.data if self.is_bound else None
        self.main = PersonForm(data, instance=main_instance, prefix="main", initial=initial_main)
        self.co = PersonForm(data, instance=co_instance, prefix="co")
        if not self.is_bound and co_instance is not None:
            self.initial["with_co_applicant"] = True
        for field in self.co.fields.values():
            field.required = False

    def is_valid(self):
        valid = super().is_valid() & self.main.is_valid()
        if self.is_bound and self.cleaned_data.get("with_co_applicant"):
            for name in ("given_names", "surname", "date_of_birth", "email"):
                self.co.fields[name].required = True
            valid &= self.co.is_valid()
        return valid

    def values(self):
        main = dict(self.main.cleaned_data)
        co = dict(self.co.cleaned_data) if self.cleaned_data.get("with_co_applicant") else None
        return main, co


class HouseholdStep(forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "adults",
            "children",
            "current_housing",
            "leaves_social_rental",
            "lives_or_works_locally",
            "owns_home",
        ]
        widgets = {"current_housing": forms.RadioSelect}

    def __init__(self, *args, sales_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["current_housing"].required = True
        # Radio buttons offer only real answers: no "---------" choice, none pre-selected.
        self.fields["current_housing"].choices = Application.Housing.choices
        self.fields["adults"].widget.attrs.update(min=1, max=10)
        self.fields["children"].widget.attrs.update(min=0, max=15)
        municipality = sales_round.municipality.name
        self.fields["leaves_social_rental"].help_text = _(
            "You rent from a housing corporation in %(municipality)s and give that home up."
        ) % {"municipality": municipality}
        self.fields["lives_or_works_locally"].help_text = _(
            "Your address or your main job is in %(municipality)s."
        ) % {"municipality": municipality}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("leaves_social_rental") and (
            cleaned.get("current_housing") != Application.Housing.SOCIAL_RENTAL
        ):
            self.add_error(
                "leaves_social_rental",
                _("Only possible if you live in a social rental home now."),
            )
        return cleaned


class PreferencesStep(forms.Form):
    """Step 3: the ranked list, one choice field per rank up to the round's maximum."""

    def __init__(self, *args, sales_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.sales_round = sales_round
        homes = list(sales_round.properties.select_related("current_figures").order_by("reference"))
        self.homes = {str(p.pk): p for p in homes}
        choices = [("", _("(no choice)"))] + [
            (
                str(p.pk),
                _("%(address)s: %(price)s, financing needed %(needed)s")
                % {
                    "address": p.address,
                    "price": euro(p.current_figures.purchase_price),
                    "needed": euro(p.current_figures.financing_requirement()),
                },
            )
            for p in homes
        ]
        for rank in range(1, sales_round.max_preferences + 1):
            self.fields[f"choice_{rank}"] = forms.ChoiceField(
                label=_("Choice %(rank)d") % {"rank": rank},
                choices=choices,
                required=rank == 1,
            )

    def clean(self):
        cleaned = super().clean()
        picked = []
        gap = False
        for rank in range(1, self.sales_round.max_preferences + 1):
            value = cleaned.get(f"choice_{rank}")
            if not value:
                gap = True
                continue
            if gap:
                self.add_error(f"choice_{rank}", _("Fill in the choices in order, without gaps."))
            if value in picked:
                self.add_error(f"choice_{rank}", _("You chose this home already."))
            picked.append(value)
        self.chosen = [self.homes[value] for value in dict.fromkeys(picked)]
        return cleaned


class FinancingStep(HeldUploadsMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "max_mortgage",
            "own_funds",
            "financing_provider",
            "financing_date",
            "financing_statement",
        ]
        widgets = {"financing_date": DATE, "max_mortgage": AmountInput, "own_funds": AmountInput}
        help_texts = {
            "max_mortgage": _("The maximum mortgage in the statement of your lender or adviser."),
            "own_funds": _("Savings or other money of your own that you will put in."),
            "financing_statement": _("A PDF of at most 15 MB, not older than six months."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("max_mortgage", "own_funds", "financing_provider", "financing_date"):
            self.fields[name].required = True
        self.fields["financing_statement"].required = not self.instance.financing_statement
        size_limited(self.fields["financing_statement"], MAX_PDF_BYTES)
        for name in ("max_mortgage", "own_funds"):
            self.fields[name].widget.attrs.update(min=0, step=1000, inputmode="numeric")

    def clean_financing_statement(self):
        return _pdf(self.cleaned_data.get("financing_statement"))

    def clean_financing_date(self):
        day = self.cleaned_data["financing_date"]
        today = timezone.localdate()
        if day > today:
            raise forms.ValidationError(_("The statement cannot be dated in the future."))
        if day < today - timedelta(days=183):
            raise forms.ValidationError(_("The statement must be recent: at most six months old."))
        return day


class PlanForm(HeldUploadsMixin, forms.ModelForm):
    class Meta:
        model = RenovationPlan
        fields = [
            "description",
            *RenovationPlan.BUDGET_FIELDS,
            "planned_start",
            "planned_completion",
            "own_work_share",
            "contractor",
            "drawings",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "planned_start": DATE,
            "planned_completion": DATE,
            **dict.fromkeys(RenovationPlan.BUDGET_FIELDS, AmountInput),
        }

    def __init__(self, *args, minimum_budget=None, address="", **kwargs):
        super().__init__(*args, **kwargs)
        self.minimum_budget = minimum_budget
        self.address = address
        for name in RenovationPlan.BUDGET_FIELDS:
            self.fields[name].widget.attrs.update(min=0, step=500, inputmode="numeric")
        self.fields["own_work_share"].widget.attrs.update(min=0, max=100)
        size_limited(self.fields["drawings"], MAX_PDF_BYTES)

    def clean_drawings(self):
        return _pdf(self.cleaned_data.get("drawings"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_completion")
        if start and end and end <= start:
            self.add_error("planned_completion", _("Completion must come after the start."))
        total = sum(cleaned.get(name) or 0 for name in RenovationPlan.BUDGET_FIELDS)
        if self.minimum_budget is not None and total < self.minimum_budget:
            self.add_error(
                None,
                forms.ValidationError(
                    _(
                        "Your budget for %(address)s (%(total)s) is below the minimum "
                        "renovation budget of that home (%(minimum)s)."
                    )
                    % {
                        "address": self.address,
                        "total": euro(total),
                        "minimum": euro(self.minimum_budget),
                    },
                    code="below_minimum",
                ),
            )
        return cleaned

    def budget_total(self):
        """The total as the form holds it: typed values when bound, else the saved ones."""
        total = Decimal(0)
        for name in RenovationPlan.BUDGET_FIELDS:
            raw = self[name].value()
            try:
                total += Decimal(str(raw).strip().replace(",", ".")) if raw not in (None, "") else 0
            except InvalidOperation:
                continue  # refused beside its field; the total counts what can be read
        return total


class DeclarationsStep(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["declares_self_occupancy", "declares_no_letting", "declares_no_other_klushuis"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True
            field.error_messages["required"] = _("You must agree to this to apply.")


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, withdraw my application"),
        error_messages={"required": _("Tick the box to confirm.")},
    )
