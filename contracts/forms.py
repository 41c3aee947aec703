from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracts import clauses, rules
from contracts.models import Clause, Contract, DissolutionKind
from contracts.rules import MAX_SIGNED_COPY_BYTES
from klushuis.admin import NamedFileInput
from klushuis.uploads import PDF, validate_upload
from klushuis.uploads.forms import HeldUploadsMixin
from klushuis.uploads.limits import size_limited

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ClauseAdminForm(forms.ModelForm):
    """The clause's current wording, edited as a new version (old versions stay as the
    contracts that used them show)."""

    title = forms.CharField(label=_("title"), max_length=200)
    body = forms.CharField(
        label=_("text"),
        widget=forms.Textarea(attrs={"rows": 14, "cols": 100}),
        help_text=_(
            'Plain text. A blank line starts a new paragraph; a line starting with "- " is '
            "a list item. Amounts, dates and names come from placeholders such as {koopsom}; "
            "the list is below."
        ),
    )

    class Meta:
        model = Clause
        fields = ["municipality", "key"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.current if self.instance.pk else None
        if current is not None:
            self.fields["title"].initial = current.title
            self.fields["body"].initial = current.body

    def clean_body(self):
        body = self.cleaned_data["body"]
        unknown = clauses.unknown_placeholders(body)
        if unknown:
            raise forms.ValidationError(
                _("These placeholders do not exist: %(names)s.")
                % {"names": ", ".join("{" + n + "}" for n in unknown)}
            )
        return body


class DatesForm(forms.ModelForm):
    class Meta:
        model = Contract
        # The deposit and financing dates are not set by hand: they follow from the signing.
        fields = ["transfer_date", "notary"]
        widgets = {"transfer_date": DATE}


class SellerSignatureForm(HeldUploadsMixin, forms.Form):
    """On the contract's admin page: a refused form holds the signed copy (pass held_user and
    held_scope), so staff do not choose it again."""

    signed_copy = forms.FileField(label=_("signed copy (PDF)"), widget=NamedFileInput)
    handed_over_at = forms.DateTimeField(
        label=_("handed to the buyer at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("The cooling-off period starts the next day (Europe/Amsterdam)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        size_limited(self.fields["signed_copy"], MAX_SIGNED_COPY_BYTES)

    def clean_signed_copy(self):
        upload = self.cleaned_data["signed_copy"]
        if upload:
            # Checked here, so that only a PDF that can be stored is held after a refusal.
            validate_upload(upload, allowed={PDF}, max_bytes=MAX_SIGNED_COPY_BYTES)
        return upload

    def clean_handed_over_at(self):
        moment = self.cleaned_data["handed_over_at"]
        if moment > timezone.now():
            raise forms.ValidationError(_("The handover cannot be in the future."))
        return moment


class ReasonForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of dissolution"),
        choices=[(k, DissolutionKind(k).label) for k in rules.STAFF_DISSOLUTION_KINDS],
    )
    reason = forms.CharField(
        label=_("Reason for the dissolution"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the dissolution.")},
    )


class DissolveForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, I dissolve the purchase within the cooling-off period"),
        error_messages={"required": _("Tick the box to confirm.")},
    )
