from django import forms
from django.utils.translation import gettext_lazy as _

from aftercare.files import (
    EXEMPTION_DOCUMENT_TYPES,
    MAX_EVIDENCE_BYTES,
    MAX_EXEMPTION_DOCUMENT_BYTES,
)
from aftercare.models import Evidence, Exemption
from klushuis.uploads import validate_upload
from klushuis.uploads.forms import HeldUploadsMixin
from klushuis.uploads.limits import size_limited


class DateInput(forms.DateInput):
    """A date box: <input type="date"> takes only ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ProgressForm(forms.Form):
    text = forms.CharField(
        label=_("How is the renovation going?"), widget=forms.Textarea(attrs={"rows": 4})
    )
    started_on = forms.DateField(
        label=_("The renovation started on"),
        required=False,
        widget=DateInput,
        help_text=_("Fill this in once, when the work has started."),
    )


class EvidenceForm(HeldUploadsMixin, forms.Form):
    """One piece of evidence for one PvE item. A refused form keeps what was typed and the
    file (held, `klushuis.uploads.held`)."""

    item = forms.ModelChoiceField(label=_("PvE item"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=Evidence.Kind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Photos as JPEG, PNG or HEIC (from a phone); certificates and invoices as PDF or photo."
        ),
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=200)
    amount = forms.DecimalField(
        label=_("Amount (invoice)"), required=False, max_digits=12, decimal_places=2, min_value=0
    )
    invoice_date = forms.DateField(label=_("Invoice date"), required=False, widget=DateInput)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = case.items.all()
        size_limited(self.fields["file"], MAX_EVIDENCE_BYTES)

    def clean(self):
        data = super().clean()
        if data.get("kind") == Evidence.Kind.INVOICE:
            if data.get("amount") is None:
                self.add_error("amount", _("An invoice needs its amount."))
            if data.get("invoice_date") is None:
                self.add_error("invoice_date", _("An invoice needs its date."))
        return data


class SubmitForm(forms.Form):
    remarks = forms.CharField(
        label=_("Remarks for the inspector"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_("The municipality may show before and after photos of my home on its website"),
        required=False,
    )


class RegistrationForm(forms.Form):
    registered_on = forms.DateField(label=_("Registered at the address on"), widget=DateInput)


class ExemptionForm(HeldUploadsMixin, forms.Form):
    """The buyer's request for an exemption or extension, on a ground the agreement names,
    with up to three supporting documents. A refused form keeps what was typed and the files
    that passed their checks (held, `klushuis.uploads.held`)."""

    DOCUMENTS = ("document_1", "document_2", "document_3")

    ground = forms.ChoiceField(label=_("Ground"), choices=Exemption.Ground.choices)
    obligation = forms.ModelChoiceField(
        label=_("For the obligation"),
        queryset=None,
        required=False,
        help_text=_("For a later deadline, choose the obligation it is for."),
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Explain your situation; the municipality may ask you for documents."),
    )

    document_1 = forms.FileField(
        label=_("Supporting document"),
        required=False,
        help_text=_(
            "For example a doctor's letter, a death certificate or an employment contract: "
            "PDF, JPEG or PNG, at most 10 MB each."
        ),
    )
    document_2 = forms.FileField(label=_("Another document"), required=False)
    document_3 = forms.FileField(label=_("Another document"), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["obligation"].queryset = case.obligations.filter(status="open")
        for name in self.DOCUMENTS:
            size_limited(self.fields[name], MAX_EXEMPTION_DOCUMENT_BYTES)

    def _check(self, name):
        upload = self.cleaned_data.get(name)
        if upload:
            validate_upload(
                upload, allowed=EXEMPTION_DOCUMENT_TYPES, max_bytes=MAX_EXEMPTION_DOCUMENT_BYTES
            )
        return upload

    def clean_document_1(self):
        return self._check("document_1")

    def clean_document_2(self):
        return self._check("document_2")

    def clean_document_3(self):
        return self._check("document_3")

    def documents(self) -> list:
        return [self.cleaned_data[name] for name in self.DOCUMENTS if self.cleaned_data.get(name)]


class ResaleReportForm(forms.Form):
    """A resale reported by the buyer or a notary: the deed's date and price, the notary."""

    sold_on = forms.DateField(label=_("Date of the deed of transfer"), widget=DateInput)
    price = forms.DecimalField(
        label=_("Price in the deed (euro)"), max_digits=12, decimal_places=2, min_value=1
    )
    notary_name = forms.CharField(
        label=_("Notary who passed the deed"),
        max_length=200,
        help_text=_("Name and office, e.g. mr. P. Kade, Notariskantoor Kade."),
    )
