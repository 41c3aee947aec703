from django import forms
from django.utils.translation import gettext_lazy as _


class AlertSubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We only use it to tell you when a new sales round opens."),
    )
