"""A sales round: the homes sold together, the window, the frozen rules, the jury's criteria
and the viewing days."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from properties import rules
from properties.models.property import MONEY, REFERENCE, Property


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
    penalty_percentage = models.DecimalField(
        _("penalty (percentage of the price)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
        help_text=_("Instead of the fixed sum: the penalty as a percentage of the purchase price."),
    )
    penalty_daily_amount = models.DecimalField(_("penalty per day"), null=True, blank=True, **MONEY)
    penalty_cap = models.DecimalField(
        _("maximum penalty"),
        null=True,
        blank=True,
        help_text=_("The most the penalty comes to in total; never below the penalty itself."),
        **MONEY,
    )
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
