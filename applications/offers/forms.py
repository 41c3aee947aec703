"""The buyer's answer to an offer. Accepting asks what only the deed needs, per buyer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import DeedParty
from properties.rules import normalise_postcode


class DeedPartyForm(forms.ModelForm):
    class Meta:
        model = DeedParty
        fields = ["place_of_birth", "civil_status", "street_address", "postcode", "city"]
        widgets = {
            "street_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }

    def __init__(self, *args, applicant, **kwargs):
        super().__init__(*args, prefix=f"buyer-{applicant.pk}", **kwargs)
        self.applicant = applicant

    def clean_postcode(self):
        # Written the Dutch way when it is a Dutch postcode; a buyer may live abroad.
        return normalise_postcode(self.cleaned_data["postcode"].strip())

    def party(self) -> dict:
        return {"applicant": self.applicant, **self.cleaned_data}


class AcceptForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I accept this home and want to receive the purchase agreement"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class DeclineForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, I decline this home"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class WithdrawOfferForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (recorded in the application's history, not published)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
