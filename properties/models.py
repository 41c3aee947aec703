from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
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
    def is_public(self):
        return self.status in rules.PUBLIC_PROPERTY_STATUSES


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
        _("PDF file as received"), storage=private_storage,
        upload_to="properties/documents/originals/", blank=True, max_length=200,
    )  # fmt: skip
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


class SalesRound(models.Model):
    """A set of properties sold together, with an application window and frozen rules.

    Whether the window is open is derived from the clock when read (`phase`), not stored, so
    the portal is right without a scheduler. Once the window opens the rules are frozen.
    """

    class SelectionMethod(models.TextChoices):
        LOTTERY = "lottery", _("Public lottery with preferences")
        PLAN_ASSESSMENT = (
            "plan_assessment",
            _("Assessment of renovation plans (lottery breaks ties)"),
        )

    class AntiSpeculation(models.TextChoices):
        NONE = "none", _("None")
        PROFIT_SHARE = "profit_share", _("Share of the profit on resale")
        FIXED_SUM = "fixed_sum", _("Fixed sum on resale")

    name = models.CharField(_("name"), max_length=200)
    slug = models.CharField(
        _("slug"),
        max_length=40,
        unique=True,
        validators=[REFERENCE],
        help_text=_("Letters, digits and hyphens; used in the address and the lottery record."),
    )
    municipality = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="sales_rounds",
        verbose_name=_("seller"),
    )
    bureau = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds_run",
        limit_choices_to={"kind": "advisory_bureau"},
        verbose_name=_("run by advisory bureau"),
    )
    properties = models.ManyToManyField(
        Property,
        through="RoundProperty",
        related_name="sales_rounds",
        verbose_name=_("properties"),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    information_meeting_at = models.DateTimeField(_("information meeting"), null=True, blank=True)
    information_meeting_place = models.CharField(
        _("information meeting place"), max_length=200, blank=True
    )
    registration_fee = models.DecimalField(
        _("registration fee"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Refunded to applicants who are not selected. 0 for none."),
    )
    # Eligibility rules.
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"), default=18, validators=[MinValueValidator(18), MaxValueValidator(99)]
    )
    one_application_per_household = models.BooleanField(
        _("one application per household"), default=True
    )
    financing_must_cover_budget = models.BooleanField(
        _("financing must cover price plus minimum renovation budget"), default=True
    )
    max_preferences = models.PositiveSmallIntegerField(
        _("maximum number of preferences"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    first_time_buyers_only = models.BooleanField(
        _("only for applicants who do not own a home"), default=False
    )
    # Selection.
    selection_method = models.CharField(
        _("selection method"),
        max_length=20,
        choices=SelectionMethod.choices,
        default=SelectionMethod.LOTTERY,
    )
    priority_social_rental = models.BooleanField(
        _("priority for leaving a social rental home in the municipality"),
        default=False,
        help_text=_("Applicants who leave a social rental home here draw before all others."),
    )
    extra_tickets_local = models.PositiveSmallIntegerField(
        _("extra lottery tickets for living or working in the municipality"),
        default=0,
        validators=[MaxValueValidator(9)],
    )
    lottery_value_description = models.CharField(
        _("public value of the lottery: how it is obtained"),
        max_length=300,
        default=(
            "Drie getallen van 1 tot en met 99, getrokken door de notaris, geschreven als 4-17-23"
        ),
        help_text=_("Published with the seed commitment, before anyone applies."),
    )
    lottery_value_pattern = models.CharField(
        _("public value of the lottery: pattern"),
        max_length=200,
        default=r"^[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}$",
        help_text=_("A regular expression that the value entered at the draw must match."),
    )
    assessment_min_score = models.DecimalField(
        _("minimum weighted score (0-10)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("5.5"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(10))],
        help_text=_("Only for assessment of plans: a plan below this score cannot get the home."),
    )
    jurors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="juries",
        verbose_name=_("jury"),
        help_text=_("Only for assessment of plans: at least two people with the juror role."),
    )
    # The draw is bound to the notaries named here: a notary of another round, or of another
    # municipality, cannot open or draw this one.
    notaries = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="notarised_rounds",
        verbose_name=_("notaries"),
        help_text=_(
            "The people with the notary role who may enter the public value and draw this "
            "round's lottery."
        ),
    )
    offer_response_days = models.PositiveSmallIntegerField(
        _("days to respond to an offer"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    # Obligations that the purchase agreements carry.
    renovation_start_months = models.PositiveSmallIntegerField(
        _("renovation starts within (months after transfer)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    renovation_completion_months = models.PositiveSmallIntegerField(
        _("renovation completed within (months after transfer)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    self_occupancy_years = models.PositiveSmallIntegerField(
        _("years of self-occupancy after accepted completion"),
        default=2,
        validators=[MinValueValidator(2), MaxValueValidator(20)],
    )
    anti_speculation = models.CharField(
        _("anti-speculation clause"),
        max_length=20,
        choices=AntiSpeculation.choices,
        default=AntiSpeculation.PROFIT_SHARE,
    )
    anti_speculation_years = models.PositiveSmallIntegerField(
        _("anti-speculation period (years)"), default=5, validators=[MaxValueValidator(30)]
    )
    anti_speculation_percentage = models.PositiveSmallIntegerField(
        _("share of the profit (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    anti_speculation_amount = models.DecimalField(_("fixed sum"), null=True, blank=True, **MONEY)
    penalty_amount = models.DecimalField(
        _("penalty (fixed sum)"), default=Decimal("50000"), **MONEY
    )
    penalty_daily_amount = models.DecimalField(_("penalty per day"), null=True, blank=True, **MONEY)
    penalty_cap = models.DecimalField(_("maximum daily penalties"), null=True, blank=True, **MONEY)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("published by"),
    )
    opening_alerts_sent_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("opening alerts sent at")
    )
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("created at")
    )

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("sales round")
        verbose_name_plural = _("sales rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="round_closes_after_opening",
                violation_error_message=_("The window must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(renovation_completion_months__gt=models.F("renovation_start_months")),
                name="round_completion_after_start",
                violation_error_message=_("Completion must come after the start."),
            ),
        ]
        permissions = [("publish_salesround", _("Can publish a sales round"))]

    def __str__(self):
        return self.name

    def phase(self, now=None):
        return rules.round_phase(
            published=self.published_at is not None,
            opens_at=self.opens_at,
            closes_at=self.closes_at,
            now=now or timezone.now(),
        )

    @property
    def rules_frozen(self):
        return rules.round_rules_frozen(
            published=self.published_at is not None, opens_at=self.opens_at, now=timezone.now()
        )


class AssessmentCriterion(models.Model):
    """A criterion the jury scores plans on, with its weight: a round rule, published with
    the round and frozen when the window opens."""

    sales_round = models.ForeignKey(
        SalesRound,
        on_delete=models.CASCADE,
        related_name="assessment_criteria",
        verbose_name=_("sales round"),
    )
    name = models.CharField(_("criterion"), max_length=120)
    description = models.TextField(_("what the jury looks for"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sales_round", "order", "pk"]
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")
        constraints = [
            models.UniqueConstraint(fields=["sales_round", "name"], name="criterion_once"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self):
        return self.name


class RoundProperty(models.Model):
    sales_round = models.ForeignKey(
        SalesRound, on_delete=models.CASCADE, verbose_name=_("sales round")
    )
    property = models.ForeignKey(Property, on_delete=models.PROTECT, verbose_name=_("property"))

    class Meta:
        verbose_name = _("property in the round")
        verbose_name_plural = _("properties in the round")
        constraints = [
            models.UniqueConstraint(fields=["sales_round", "property"], name="round_property"),
        ]

    def __str__(self):
        return str(self.property)


class ViewingDay(models.Model):
    sales_round = models.ForeignKey(
        SalesRound,
        on_delete=models.CASCADE,
        related_name="viewing_days",
        verbose_name=_("sales round"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("viewing day")
        verbose_name_plural = _("viewing days")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="viewing_ends_after_start",
                violation_error_message=_("A viewing must end after it starts."),
            ),
        ]

    def __str__(self):
        return gettext("%(day)s, %(start)s to %(end)s") % {
            "day": formats.date_format(timezone.localtime(self.starts_at), "l j F Y"),
            "start": formats.time_format(timezone.localtime(self.starts_at), "H:i"),
            "end": formats.time_format(timezone.localtime(self.ends_at), "H:i"),
        }


class AlertSubscription(models.Model):
    """A visitor who wants an e-mail when a new sales round opens (double opt-in)."""

    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, default="nl", verbose_name=_("language")
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("subscribed at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("round alert subscription")
        verbose_name_plural = _("round alert subscriptions")

    def __str__(self):
        return self.email


class AlertDelivery(models.Model):
    """One alert e-mail per subscriber per round: recorded first, so a retried task or a
    second sweep never mails anybody twice."""

    subscription = models.ForeignKey(
        AlertSubscription, on_delete=models.CASCADE, verbose_name=_("alert subscription")
    )
    sales_round = models.ForeignKey(
        SalesRound, on_delete=models.CASCADE, verbose_name=_("sales round")
    )
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "sales_round"], name="alert_once_per_round"
            ),
        ]

    def __str__(self):
        return f"{self.subscription_id} / {self.sales_round_id}"
