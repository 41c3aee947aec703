"""The home for sale: its address and status, its versioned figures, photos, documents and
status history."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from klushuis.formatting import moment
from klushuis.uploads.storage import private_storage
from properties import rules

REFERENCE = RegexValidator(
    r"^[A-Za-z0-9-]{1,40}$",
    _("Use 1 to 40 letters, digits and hyphens (it is published with the lottery)."),
)
POSTCODE = RegexValidator(
    rules.POSTCODE_PATTERN, _("Enter a Dutch postcode: four digits and two letters, e.g. 3011 AB.")
)
CADASTRAL_MUNICIPALITY = RegexValidator(
    r"^[A-Z]{3}[0-9]{2}$",
    _("Enter the Kadaster's code of the cadastral municipality, e.g. RTD01 or ASD04."),
)
CADASTRAL_SECTION = RegexValidator(r"^[A-Z]{1,2}$", _("Enter the section: one or two letters."))
MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class Neighbourhood(models.Model):
    municipality = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="neighbourhoods",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="neighbourhood_slug"),
        ]

    def __str__(self):
        return self.name


class Property(models.Model):
    """A neglected home for sale. Its price figures live in PropertyFigures, versioned."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        IN_ROUND = "in_round", _("In a sales round")
        ALLOCATED = "allocated", _("Allocated")
        SOLD = "sold", _("Sold")
        RENOVATED = "renovated", _("Renovated")
        RELEASED = "released", pgettext_lazy("property status", "Released")
        WITHDRAWN = "withdrawn", pgettext_lazy("property status", "Withdrawn")

    class Tenure(models.TextChoices):
        OWNERSHIP = "ownership", _("Full ownership")
        LEASEHOLD = "leasehold", _("Leasehold (erfpacht)")

    class EnergyLabel(models.TextChoices):
        A4 = "A++++", "A++++"
        A3 = "A+++", "A+++"
        A2 = "A++", "A++"
        A1 = "A+", "A+"
        A = "A", "A"
        B = "B", "B"
        C = "C", "C"
        D = "D", "D"
        E = "E", "E"
        F = "F", "F"
        G = "G", "G"
        NONE = "", _("No label")

    municipality = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="properties",
        verbose_name=_("seller"),
        help_text=_("The municipality or corporation that sells the home."),
    )
    reference = models.CharField(_("reference"), max_length=40, unique=True, validators=[REFERENCE])
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    # Address as the BAG records it.
    street = models.CharField(_("street"), max_length=120)
    house_number = models.PositiveIntegerField(
        _("house number"), validators=[MinValueValidator(1), MaxValueValidator(99999)]
    )
    house_letter = models.CharField(
        _("house letter"),
        max_length=1,
        blank=True,
        validators=[RegexValidator(r"^[A-Za-z]$", _("One letter."))],
    )
    house_number_addition = models.CharField(
        _("addition"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9]{1,4}$", _("Up to four letters or digits."))],
    )
    postcode = models.CharField(_("postcode"), max_length=7, validators=[POSTCODE])
    city = models.CharField(_("city"), max_length=80)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        related_name="properties",
        verbose_name=_("neighbourhood"),
    )
    # Cadastral designation (kadastrale aanduiding).
    cadastral_municipality = models.CharField(
        _("cadastral municipality code"), max_length=5, validators=[CADASTRAL_MUNICIPALITY]
    )
    cadastral_section = models.CharField(_("section"), max_length=2, validators=[CADASTRAL_SECTION])
    cadastral_parcel = models.PositiveIntegerField(
        _("parcel number"), validators=[MinValueValidator(1), MaxValueValidator(99999)]
    )
    cadastral_apartment_index = models.PositiveIntegerField(
        _("apartment index"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9999)],
        help_text=_("Only for an apartment right (appartementsrecht)."),
    )
    plot_area_m2 = models.PositiveIntegerField(_("plot area (m²)"), null=True, blank=True)
    living_area_m2 = models.PositiveIntegerField(
        _("living area (m²)"), validators=[MinValueValidator(1)]
    )
    year_built = models.PositiveIntegerField(
        _("year built"), validators=[MinValueValidator(1200), MaxValueValidator(2100)]
    )
    tenure = models.CharField(
        _("ownership"), max_length=20, choices=Tenure.choices, default=Tenure.OWNERSHIP
    )
    leasehold_terms = models.TextField(
        _("leasehold terms"),
        blank=True,
        help_text=_("Ground rent, period, whether it is bought off, and until when."),
    )
    # Leasehold (erfpacht): what the purchase agreement names besides the terms above.
    ground_rent = models.DecimalField(
        _("ground rent (canon) per year"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The yearly ground rent as it stands; leave empty when it is bought off."),
    )
    ground_rent_bought_off_until = models.DateField(
        _("ground rent bought off until"),
        null=True,
        blank=True,
        help_text=_("Only when the ground rent is bought off (afgekocht)."),
    )
    # An apartment right (appartementsrecht, art. 5:106 BW): a share in the building and its
    # land, with the exclusive use of the home; the owners' association (VvE) and its rules.
    # A home is an apartment right when its cadastral designation has an apartment index.
    apartment_share = models.CharField(
        _("share in the community"),
        max_length=60,
        blank=True,
        help_text=_(
            "As the deed of division states it, e.g. '37/1000'. Only for an apartment right."
        ),
    )
    owners_association = models.CharField(
        _("owners' association (VvE)"), max_length=200, blank=True
    )
    owners_association_rules = models.CharField(
        _("deed of division and regulations"),
        max_length=300,
        blank=True,
        help_text=_(
            "The deed of division with its regulations (splitsingsakte, reglement): "
            "date and notary."
        ),
    )
    owners_association_contribution = models.DecimalField(
        _("monthly contribution to the owners' association"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
    )
    energy_label = models.CharField(
        _("energy label"), max_length=5, choices=EnergyLabel.choices, blank=True
    )
    title = models.CharField(
        _("short title"), max_length=120, help_text=_("E.g. 'Corner house with garden'.")
    )
    description = models.TextField(_("description"))
    current_figures = models.OneToOneField(
        "PropertyFigures",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("figures in force"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["street", "house_number", "house_letter", "house_number_addition"]
        verbose_name = _("property")
        verbose_name_plural = _("properties")
        indexes = [models.Index(fields=["status", "municipality"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(tenure="ownership") | ~Q(leasehold_terms=""),
                name="property_leasehold_has_terms",
                violation_error_message=_("A leasehold needs its terms."),
            ),
        ]

    def __str__(self):
        return f"{self.address} ({self.reference})"

    @property
    def address(self):
        return rules.format_address(
            self.street, self.house_number, self.house_letter, self.house_number_addition
        )

    @property
    def cadastral_designation(self):
        return rules.format_cadastral_designation(
            self.cadastral_municipality,
            self.cadastral_section,
            self.cadastral_parcel,
            self.cadastral_apartment_index,
        )

    @property
    def is_apartment_right(self):
        """An apartment right: the Kadaster designates it with an apartment index."""
        return self.cadastral_apartment_index is not None

    @property
    def is_public(self):
        return self.status in rules.PUBLIC_PROPERTY_STATUSES

    @property
    def public_status(self):
        """The status the catalogue shows (sold, then renovated: results of the sale)."""
        return rules.public_status(self.status)

    @property
    def public_status_label(self):
        label = PUBLIC_STATUS_LABELS.get(self.public_status)
        return label if label is not None else self.get_status_display()

    @property
    def is_sold(self):
        return self.status in rules.statuses_shown_as(rules.SOLD)

    @property
    def is_allocated(self):
        """A buyer accepted the home; the sale is not yet transferred."""
        return self.status == rules.ALLOCATED


# The catalogue's words for what it shows of a home's status (rules.PUBLIC_STATUS).
PUBLIC_STATUS_LABELS = {
    rules.PUBLISHED: Property.Status.PUBLISHED.label,
    rules.IN_ROUND: Property.Status.IN_ROUND.label,
    rules.ALLOCATED: pgettext_lazy("catalogue", "Sold subject to completion"),
    rules.SOLD: Property.Status.SOLD.label,
    rules.RENOVATED: Property.Status.RENOVATED.label,
}


class PropertyFigures(models.Model):
    """One version of the figures shown to buyers; appended, never edited.

    Courts (Rb. Rotterdam 2019 and 2021) held a municipality liable for unrealistic renovation
    cost estimates, so what a buyer saw, and since when, must be provable later.
    """

    class PriceCondition(models.TextChoices):
        COSTS_BUYER = "kk", _("costs buyer (k.k.)")
        FREE_ON_NAME = "von", _("free on name (v.o.n.)")

    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, related_name="figures", verbose_name=_("property")
    )
    version = models.PositiveIntegerField(_("version"))
    purchase_price = models.DecimalField(_("purchase price"), **MONEY)
    price_condition = models.CharField(
        _("price condition"), max_length=3, choices=PriceCondition.choices, default="kk"
    )
    valuation = models.DecimalField(_("valuation"), null=True, blank=True, **MONEY)
    minimum_renovation_budget = models.DecimalField(_("minimum renovation budget"), **MONEY)
    budget_basis_author = models.CharField(
        _("estimate made by"), max_length=200, help_text=_("Who estimated the renovation cost.")
    )
    budget_basis_date = models.DateField(_("estimate date"))
    budget_own_work_share = models.PositiveSmallIntegerField(
        _("assumed own work (%)"),
        validators=[MaxValueValidator(100)],
        help_text=_("The share of the work the estimate assumes the buyer does personally."),
    )
    budget_basis_notes = models.TextField(_("basis of the estimate"), blank=True)
    reason = models.CharField(_("reason for this version"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("in force since"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        ordering = ["property", "-version"]
        verbose_name = _("figures version")
        verbose_name_plural = _("figures (history)")
        constraints = [
            models.UniqueConstraint(fields=["property", "version"], name="figures_version"),
        ]

    def __str__(self):
        return gettext("%(reference)s, figures version %(version)d") % {
            "reference": self.property.reference,
            "version": self.version,
        }

    # A method, not @property: the field named `property` shadows the builtin in this class.
    def financing_requirement(self):
        """What a buyer's financing must cover: the price plus the minimum renovation budget."""
        return self.purchase_price + self.minimum_renovation_budget


def _photo_path(instance, filename):
    return f"properties/photos/{instance.property_id}/{filename}"


class PropertyPhoto(models.Model):
    property = models.ForeignKey(
        Property, on_delete=models.CASCADE, related_name="photos", verbose_name=_("property")
    )
    image = models.ImageField(_("photo"), upload_to=_photo_path, max_length=200)
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to=_photo_path, blank=True, editable=False, max_length=200
    )
    width = models.PositiveIntegerField(null=True, editable=False, verbose_name=_("width (px)"))
    height = models.PositiveIntegerField(null=True, editable=False, verbose_name=_("height (px)"))
    alt_text = models.CharField(
        _("description for screen readers"),
        max_length=250,
        help_text=_("What the photo shows, e.g. 'Front with bay window and overgrown garden'."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["property", "position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.alt_text


def _document_path(instance, filename):
    return f"properties/documents/{instance.property_id}/{filename}"


class PropertyDocument(models.Model):
    class Kind(models.TextChoices):
        BUILDING_SURVEY = "building_survey", _("Building survey")
        ASBESTOS = "asbestos", _("Asbestos survey")
        SOIL = "soil", _("Soil survey")
        FOUNDATION = "foundation", _("Foundation survey")
        REQUIREMENTS = "requirements", _("Programme of requirements")
        FLOOR_PLAN = "floor_plan", _("Floor plan")
        OTHER = "other", _("Other")

    property = models.ForeignKey(
        Property, on_delete=models.CASCADE, related_name="documents", verbose_name=_("property")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("PDF file"), upload_to=_document_path, max_length=200)
    # The file as received, byte for byte, and its SHA-256 (klushuis.uploads.sanitize); the
    # field above holds the sanitised copy that is served.
    file_original = models.FileField(
        _("PDF file as received"),
        storage=private_storage,
        upload_to="properties/documents/originals/",
        blank=True,
        max_length=200,
    )
    file_sha256 = models.CharField(_("SHA-256 of the file as received"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False, default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["property", "kind", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title


class PropertyStatusChange(models.Model):
    """Appended for every status change of a property: who, when, from, to, why."""

    property = models.ForeignKey(
        Property, on_delete=models.CASCADE, related_name="history", verbose_name=_("home")
    )
    from_status = models.CharField(
        max_length=20, choices=Property.Status.choices, verbose_name=_("previous status")
    )
    to_status = models.CharField(
        max_length=20, choices=Property.Status.choices, verbose_name=_("new status")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    reason = models.CharField(max_length=300, blank=True, verbose_name=_("reason"))
    at = models.DateTimeField(default=timezone.now, verbose_name=_("when"))

    class Meta:
        ordering = ["property", "at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status history")

    def __str__(self):
        return gettext("%(from)s → %(to)s on %(when)s") % {
            "from": self.get_from_status_display(),
            "to": self.get_to_status_display(),
            "when": moment(self.at),
        }
