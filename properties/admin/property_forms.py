"""The forms of a home's admin page: the home with its figures, its photos and documents."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext_lazy as _

from klushuis.admin import (
    HeldUploadsInlineMixin,
    NamedFileInput,
)
from klushuis.uploads import (
    JPEG,
    PDF,
    PNG,
    WEBP,
    detect_type,
    prepare_pdf,
    safe_name,
    validate_upload,
)
from klushuis.uploads.forms import HeldUploadsMixin
from klushuis.uploads.limits import size_limited
from klushuis.widgets import AmountInput
from properties import rules, services
from properties.models import (
    Property,
    PropertyDocument,
    PropertyFigures,
    PropertyPhoto,
)

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_BYTES = 25 * 1024 * 1024


class PropertyAdminForm(HeldUploadsMixin, forms.ModelForm):
    """The property with its figures. Changing a figure appends a version (see services)."""

    purchase_price = forms.DecimalField(
        label=_("purchase price (€)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=AmountInput,
    )
    price_condition = forms.ChoiceField(
        label=_("price condition"), choices=PropertyFigures.PriceCondition.choices
    )
    valuation = forms.DecimalField(
        label=_("valuation (€)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
        widget=AmountInput,
    )
    minimum_renovation_budget = forms.DecimalField(
        label=_("minimum renovation budget (€)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=AmountInput,
    )
    budget_basis_author = forms.CharField(
        label=_("estimate made by"), max_length=200, help_text=_("Who estimated the cost.")
    )
    budget_basis_date = forms.DateField(
        label=_("estimate date"),
        # A date input takes only ISO dates; the Dutch format would leave it blank.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    budget_own_work_share = forms.IntegerField(
        label=_("assumed own work (%)"), min_value=0, max_value=100
    )
    budget_basis_notes = forms.CharField(
        label=_("basis of the estimate"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    figures_reason = forms.CharField(
        label=_("reason for changing the figures"),
        required=False,
        max_length=300,
        help_text=_("Required when the figures of a public property change; it is kept."),
    )

    class Meta:
        model = Property
        fields = [
            "municipality",
            "reference",
            "title",
            "street",
            "house_number",
            "house_letter",
            "house_number_addition",
            "postcode",
            "city",
            "neighbourhood",
            "cadastral_municipality",
            "cadastral_section",
            "cadastral_parcel",
            "cadastral_apartment_index",
            "plot_area_m2",
            "living_area_m2",
            "year_built",
            "tenure",
            "leasehold_terms",
            "ground_rent",
            "ground_rent_bought_off_until",
            "apartment_share",
            "owners_association",
            "owners_association_rules",
            "owners_association_contribution",
            "energy_label",
            "description",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.current_figures if self.instance.pk else None
        if current is not None:
            for name in services.FIGURE_FIELDS:
                self.initial.setdefault(name, getattr(current, name))

    def clean_postcode(self):
        return rules.normalise_postcode(self.cleaned_data["postcode"])

    def clean_cadastral_municipality(self):
        return self.cleaned_data["cadastral_municipality"].strip().upper()

    def clean_cadastral_section(self):
        return self.cleaned_data["cadastral_section"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        municipality, neighbourhood = cleaned.get("municipality"), cleaned.get("neighbourhood")
        if municipality and neighbourhood and neighbourhood.municipality_id != municipality.pk:
            self.add_error(
                "neighbourhood", _("This neighbourhood belongs to another municipality.")
            )
        current = self.instance.current_figures if self.instance.pk else None
        changed = current is not None and any(
            getattr(current, name) != cleaned.get(name) for name in services.FIGURE_FIELDS
        )
        if changed and self.instance.is_public and not cleaned.get("figures_reason", "").strip():
            self.add_error(
                "figures_reason", _("Say why the figures change: buyers may have seen them.")
            )
        if (
            cleaned.get("tenure") == Property.Tenure.LEASEHOLD
            and not cleaned.get("leasehold_terms", "").strip()
        ):
            self.add_error("leasehold_terms", _("A leasehold needs its terms."))
        return cleaned

    def figures(self):
        return {name: self.cleaned_data.get(name) for name in services.FIGURE_FIELDS}


def _new_file(value):
    """A file chosen in this post or held from a refused one (not the one already saved)."""
    return bool(value) and hasattr(value, "content_type")


class PhotoForm(HeldUploadsInlineMixin, forms.ModelForm):
    class Meta:
        model = PropertyPhoto
        fields = ["image", "alt_text", "position"]
        widgets = {"image": NamedFileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        photo = self.instance
        size = {"width": photo.width, "height": photo.height}
        self.fields["image"].widget.display_name = (
            _("Photo %(width)s by %(height)s pixels") % size if photo.width else _("Photo")
        )
        size_limited(self.fields["image"], MAX_PHOTO_BYTES)

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image and hasattr(image, "content_type"):  # a new upload
            validate_upload(image, allowed={JPEG, PNG, WEBP}, max_bytes=MAX_PHOTO_BYTES)
        return image

    def _post_clean(self):
        super()._post_clean()
        image = self.cleaned_data.get("image")
        if _new_file(image):
            # Stored under a generated name; the upload keeps the name staff chose, which a
            # held file shows after a refused save.
            name = safe_name("photo", image.name, detect_type(image)).split("/", 1)[1]
            self.instance.image = File(image, name=name)


class DocumentForm(HeldUploadsInlineMixin, forms.ModelForm):
    class Meta:
        model = PropertyDocument
        fields = ["kind", "title", "file"]
        widgets = {"file": NamedFileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["file"].widget.display_name = f"{self.instance.title}.pdf"
        size_limited(self.fields["file"], MAX_DOCUMENT_BYTES)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):
            # Refused here when it is no PDF or cannot be sanitised.
            validate_upload(upload, allowed={PDF}, max_bytes=MAX_DOCUMENT_BYTES)
        return upload

    def _post_clean(self):
        super()._post_clean()
        upload = self.cleaned_data.get("file")
        if not _new_file(upload):
            return
        # A new upload or a held one: published, the sanitised copy; kept privately, the
        # original and its hash (the same for both, as prepare_pdf reads the original).
        try:
            prepared = prepare_pdf(upload)
        except ValidationError as error:
            self.add_error("file", error)
            return
        name = safe_name("document", upload.name, PDF).split("/", 1)[1]
        self.instance.file = ContentFile(prepared.sanitised, name=name)
        self.instance.file_original = ContentFile(prepared.original, name=name)
        self.instance.file_sha256 = prepared.sha256
        self.instance.size = len(prepared.sanitised)
