from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications import rules
from klushuis.formatting import moment
from klushuis.uploads.storage import private_storage

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class Application(models.Model):
    """One household's application (inschrijving) for a sales round."""

    class Status(models.TextChoices):
        DRAFT = rules.DRAFT, _("Draft")
        SUBMITTED = rules.SUBMITTED, _("Submitted")
        ELIGIBLE = rules.ELIGIBLE, _("Eligible")
        INELIGIBLE = rules.INELIGIBLE, _("Not eligible")
        IN_DRAW = rules.IN_DRAW, _("In the draw")
        OFFERED = rules.OFFERED, _("Offered a home")
        ACCEPTED = rules.ACCEPTED, _("Offer accepted")
        DECLINED = rules.DECLINED, _("Offer declined")
        OFFER_EXPIRED = rules.OFFER_EXPIRED, _("Offer expired")
        RESERVE = rules.RESERVE, _("Reserve")
        NOT_SELECTED = rules.NOT_SELECTED, _("Not selected")
        WITHDRAWN = rules.WITHDRAWN, _("Withdrawn")
        CONTRACTED = rules.CONTRACTED, _("Contract")

    class Housing(models.TextChoices):
        SOCIAL_RENTAL = "social_rental", _("Social rental home")
        PRIVATE_RENTAL = "private_rental", _("Private rental home")
        OWNER_OCCUPIED = "owner_occupied", _("My own home")
        WITH_PARENTS = "with_parents", _("With parents or others")
        OTHER = "other", _("Other")

    class Fee(models.TextChoices):
        NOT_APPLICABLE = "not_applicable", _("No fee")
        DUE = "due", _("To be paid")
        PAID = "paid", _("Paid")
        REFUNDED = "refunded", _("Refunded")

    reference = models.CharField(
        _("reference"), max_length=9, unique=True, default=rules.new_reference, editable=False
    )
    sales_round = models.ForeignKey(
        "properties.SalesRound",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("sales round"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("account"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    # Household and situation: the answers that the round's published rules map to a priority
    # group or extra lottery tickets. Never set by hand.
    adults = models.PositiveSmallIntegerField(
        _("adults in the household"), default=1, validators=[MinValueValidator(1)]
    )
    children = models.PositiveSmallIntegerField(_("children in the household"), default=0)
    current_housing = models.CharField(
        _("where do you live now?"), max_length=20, choices=Housing.choices, blank=True
    )
    leaves_social_rental = models.BooleanField(
        _("I will leave a social rental home in this municipality"), default=False
    )
    lives_or_works_locally = models.BooleanField(
        _("I live or work in this municipality"), default=False
    )
    owns_home = models.BooleanField(_("someone in my household owns a home"), default=False)
    # Financing statement.
    max_mortgage = models.DecimalField(_("maximum mortgage"), null=True, blank=True, **MONEY)
    own_funds = models.DecimalField(_("own funds"), null=True, blank=True, **MONEY)
    financing_provider = models.CharField(_("lender or adviser"), max_length=200, blank=True)
    financing_date = models.DateField(_("date of the statement"), null=True, blank=True)
    financing_statement = models.FileField(
        _("financing statement (PDF)"),
        storage=private_storage,
        upload_to="applications/financing/",
        blank=True,
        max_length=200,
    )
    # The file as received, byte for byte, and its SHA-256 (klushuis.uploads.sanitize); the
    # field above holds the sanitised copy that is served.
    financing_statement_original = models.FileField(
        _("financing statement as received"),
        storage=private_storage,
        upload_to="applications/financing/originals/",
        blank=True,
        max_length=200,
    )
    financing_statement_sha256 = models.CharField(
        _("SHA-256 of the financing statement as received"), max_length=64, blank=True
    )
    # Declarations.
    declares_self_occupancy = models.BooleanField(
        _("I will live in the home myself"), default=False
    )
    declares_no_letting = models.BooleanField(
        _("I will not let or resell the home during the obligations"), default=False
    )
    declares_no_other_klushuis = models.BooleanField(_("I own no other klushuis"), default=False)
    fee_status = models.CharField(
        _("registration fee"), max_length=20, choices=Fee.choices, default=Fee.NOT_APPLICABLE
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["sales_round", "reference"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            # One application per account per round, whatever the status: a double click or a
            # second tab finds the existing one instead of creating another.
            models.UniqueConstraint(
                fields=["sales_round", "user"], name="one_application_per_user"
            ),
        ]
        indexes = [models.Index(fields=["sales_round", "status"])]
        permissions = [
            ("review_application", _("Can decide on eligibility")),
            ("export_application", _("Can export applications")),
        ]

    def __str__(self):
        return self.reference

    @property
    def editable(self):
        return self.status in rules.EDITABLE

    @property
    def main_applicant(self):
        return next((a for a in self.applicants.all() if a.role == Applicant.Role.MAIN), None)

    @property
    def co_applicant(self):
        return next((a for a in self.applicants.all() if a.role == Applicant.Role.CO), None)


class Applicant(models.Model):
    """A person on an application: the main applicant and possibly a co-applicant. No BSN:
    the law does not allow collecting it here; the notary identifies buyers at transfer."""

    class Role(models.TextChoices):
        MAIN = "main", _("Applicant")
        CO = "co", _("Co-applicant")

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="applicants",
        verbose_name=_("application"),
    )
    role = models.CharField(_("role"), max_length=4, choices=Role.choices)
    given_names = models.CharField(_("given names"), max_length=120)
    surname = models.CharField(_("surname"), max_length=120)
    date_of_birth = models.DateField(_("date of birth"))
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("telephone number"), max_length=20, blank=True)

    class Meta:
        ordering = ["application", "-role"]  # "main" before "co"
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        constraints = [
            models.UniqueConstraint(fields=["application", "role"], name="one_applicant_per_role"),
        ]
        indexes = [
            models.Index(fields=["email"]),
            models.Index(fields=["surname", "date_of_birth"]),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.given_names} {self.surname}"


class Preference(models.Model):
    """A home on the application's ranked list, with the figures the buyer saw."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="preferences",
        verbose_name=_("application"),
    )
    property = models.ForeignKey(
        "properties.Property",
        on_delete=models.PROTECT,
        related_name="preferences",
        verbose_name=_("home"),
    )
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])
    figures_seen = models.ForeignKey(
        "properties.PropertyFigures",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("figures the buyer saw"),
    )
    covered = models.BooleanField(_("financing covers this home"), default=True)

    class Meta:
        ordering = ["application", "rank"]
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")
        constraints = [
            models.UniqueConstraint(fields=["application", "property"], name="preference_once"),
            models.UniqueConstraint(fields=["application", "rank"], name="preference_rank_once"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.property}"


class RenovationPlan(models.Model):
    """The buyer's plan for one preferred home."""

    preference = models.OneToOneField(
        Preference, on_delete=models.CASCADE, related_name="plan", verbose_name=_("home")
    )
    description = models.TextField(_("what you will do"))
    budget_structure = models.DecimalField(_("structure and foundation"), default=0, **MONEY)
    budget_envelope = models.DecimalField(_("roof, facade and window frames"), default=0, **MONEY)
    budget_installations = models.DecimalField(
        _("installations (heating, electricity, plumbing)"), default=0, **MONEY
    )
    budget_sustainability = models.DecimalField(
        _("insulation and sustainability"), default=0, **MONEY
    )
    budget_interior = models.DecimalField(_("interior, kitchen and bathroom"), default=0, **MONEY)
    budget_other = models.DecimalField(_("other costs"), default=0, **MONEY)
    planned_start = models.DateField(_("planned start"))
    planned_completion = models.DateField(_("planned completion"))
    own_work_share = models.PositiveSmallIntegerField(
        _("share of own work (%)"), validators=[MaxValueValidator(100)]
    )
    contractor = models.CharField(_("contractor (if known)"), max_length=200, blank=True)
    drawings = models.FileField(
        _("drawings (PDF)"),
        storage=private_storage,
        upload_to="applications/plans/",
        blank=True,
        max_length=200,
    )
    # The file as received, byte for byte, and its SHA-256 (klushuis.uploads.sanitize); the
    # field above holds the sanitised copy that is served.
    drawings_original = models.FileField(
        _("drawings as received"),
        storage=private_storage,
        upload_to="applications/plans/originals/",
        blank=True,
        max_length=200,
    )
    drawings_sha256 = models.CharField(
        _("SHA-256 of the drawings as received"), max_length=64, blank=True
    )

    class Meta:
        verbose_name = _("renovation plan")
        verbose_name_plural = _("renovation plans")

    def __str__(self):
        return gettext("Plan for %(preference)s") % {"preference": self.preference}

    BUDGET_FIELDS = [
        "budget_structure",
        "budget_envelope",
        "budget_installations",
        "budget_sustainability",
        "budget_interior",
        "budget_other",
    ]

    @property
    def total_budget(self):
        return sum((getattr(self, name) or Decimal(0)) for name in self.BUDGET_FIELDS)


class StatusChange(models.Model):
    """Appended for every status change: who, when, from, to, why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="history", verbose_name=_("application")
    )
    from_status = models.CharField(
        max_length=20, choices=Application.Status.choices, verbose_name=_("previous status")
    )
    to_status = models.CharField(
        max_length=20, choices=Application.Status.choices, verbose_name=_("new status")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    findings = models.JSONField(
        default=list, blank=True, verbose_name=_("automatic checks at that moment")
    )
    at = models.DateTimeField(default=timezone.now, verbose_name=_("when"))

    class Meta:
        ordering = ["application", "at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("history")

    def __str__(self):
        return gettext("%(from)s → %(to)s on %(when)s") % {
            "from": self.get_from_status_display(),
            "to": self.get_to_status_display(),
            "when": moment(self.at),
        }


class Note(models.Model):
    """A staff note on an application; never shown to the buyer."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="notes", verbose_name=_("application")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    text = models.TextField(_("note"))
    at = models.DateTimeField(default=timezone.now, verbose_name=_("when"))

    class Meta:
        ordering = ["application", "at"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self):
        return self.text[:60]


# --- Public lottery (LOTTERY.md) ------------------------------------------------------------
