"""The buyer's answer to an offer. Accepting asks what only the deed needs, per buyer."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import DeedParty
from applications.offers.countries import NETHERLANDS, country_choices
from properties.rules import normalise_postcode

# A Dutch postcode: four digits (not starting with 0) and two letters; PostNL never uses the
# letter pairs SA, SD and SS.
_DUTCH_POSTCODE = re.compile(r"^[1-9][0-9]{3} (?!SA|SD|SS)[A-Z]{2}$")
# A Dutch street address ends in a house number, optionally with a letter or an addition:
# "Kade 1", "Spanjaardstraat 12A-2", "Laan 3 bis".
_DUTCH_STREET = re.compile(r"^\D.*\s[1-9][0-9]{0,4}(\s?[A-Za-z]{1,2}\b)?([- ]?\S{1,6})?$")


class DeedPartyForm(forms.ModelForm):
    class Meta:
        model = DeedParty
        fields = ["place_of_birth", "civil_status", "country", "street_address", "postcode", "city"]
        widgets = {
            "street_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }
        help_texts = {
            "street_address": _("Street and house number, e.g. Kade 12A."),
            "postcode": _("In the Netherlands: 1234 AB."),
        }

    def __init__(self, *args, applicant, **kwargs):
        super().__init__(*args, prefix=f"buyer-{applicant.pk}", **kwargs)
        self.applicant = applicant
        self.fields["civil_status"].choices = [
            ("", _("Choose your civil status")),
            *DeedParty.CivilStatus.choices,
        ]
        self.fields["country"] = forms.ChoiceField(
            label=_("Country where you live"),
            choices=country_choices(),
            initial=NETHERLANDS,
            required=False,  # a form posted without it means the Netherlands
            widget=forms.Select(attrs={"autocomplete": "country"}),
            help_text=_(
                "Living abroad? Choose your country and write the address as it is written there."
            ),
        )

    def clean_country(self):
        return self.cleaned_data.get("country") or NETHERLANDS

    def clean_postcode(self):
        return self.cleaned_data["postcode"].strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("country", NETHERLANDS) != NETHERLANDS:
            return cleaned  # a foreign address is written as that country writes it
        postcode = normalise_postcode(cleaned.get("postcode", ""))
        if not postcode:
            self.add_error("postcode", _("Fill in your postcode."))
        elif not _DUTCH_POSTCODE.match(postcode):
            self.add_error(
                "postcode",
                _("A Dutch postcode has four digits and two letters, like 1234 AB."),
            )
        else:
            cleaned["postcode"] = postcode
        street = " ".join(cleaned.get("street_address", "").split())
        if street and not _DUTCH_STREET.match(street):
            self.add_error(
                "street_address", _("Give the street and the house number, like Kade 12A.")
            )
        elif street:
            cleaned["street_address"] = street
        return cleaned

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
