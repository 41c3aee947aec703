from django import forms
from django.utils.translation import gettext_lazy as _

from applications.lottery import protocol


class DrawForm(forms.Form):
    public_value = forms.CharField(
        label=_("Public value"),
        max_length=200,
        strip=False,  # normalised by the protocol (NFC, outer whitespace), not by the form
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    confirm = forms.BooleanField(
        label=_("I entered the value as it was obtained in public; draw now"),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, commitment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        if commitment is not None:
            self.fields["public_value"].help_text = commitment.public_value_description

    def clean_public_value(self):
        value = protocol.normalise_public_value(self.cleaned_data["public_value"])
        if self.commitment is not None and protocol.public_value_problems(
            value, self.commitment.public_value_pattern
        ):
            raise forms.ValidationError(
                _("The value does not have the announced form: %(format)s"),
                params={"format": self.commitment.public_value_description},
            )
        return value
