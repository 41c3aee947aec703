"""Klushuur: a housing corporation lets tenants do jobs in or on a rented home for lower rent.

A rented home is not a sale `Property`: it has a tenant, a base rent and a change register, and
no sales round or figures. Statuses move only through `klushuur.services._move` (the tables are
in `klushuur.rules`); every move appends a `StatusChange`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klushuis.documents import RenderedDocument, pdf_field
from klushuis.organisations.models import Organisation
from klushuis.uploads import safe_name
from klushuis.uploads.storage import private_storage
from klushuur import rules

CORPORATION = {"kind": Organisation.Kind.HOUSING_CORPORATION}


def _money(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=9, decimal_places=2, **kwargs)


class Location(models.TextChoices):
    INSIDE = rules.INSIDE, _("Inside the home")
    OUTSIDE = rules.OUTSIDE, _("Outside the home")


class CompensationKind(models.TextChoices):
    RENT_REDUCTION = rules.RENT_REDUCTION, _("Rent reduction")
    ONE_OFF = rules.ONE_OFF, _("One-off payment")
    RENT_FREEZE = rules.RENT_FREEZE, _("No rent increase")


class Complex(models.Model):
    corporation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="complexes",
        limit_choices_to=CORPORATION,
        verbose_name=_("housing corporation"),
    )
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    outside_needs_consent = models.BooleanField(
        _("the lease requires consent for changes to the outside"), default=True
    )

    class Meta:
        ordering = ["corporation__name", "name"]
        verbose_name = _("complex")
        verbose_name_plural = _("complexes")

    def __str__(self):
        return f"{self.name}, {self.city}"


class RentalHome(models.Model):
    corporation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="rental_homes",
        limit_choices_to=CORPORATION,
        verbose_name=_("housing corporation"),
    )
    complex = models.ForeignKey(
        Complex,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="homes",
        verbose_name=_("complex"),
    )
    street = models.CharField(_("street"), max_length=200)
    house_number = models.PositiveIntegerField(_("house number"))
    house_number_suffix = models.CharField(_("addition"), max_length=10, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7)
    city = models.CharField(_("city"), max_length=100)
    base_rent = _money(_("base rent a month"))
    tenant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rented_homes",
        verbose_name=_("current tenant"),
    )
    outside_needs_consent = models.BooleanField(
        _("the lease requires consent for changes to the outside"), default=True
    )

    class Meta:
        ordering = ["city", "street", "house_number", "house_number_suffix"]
        verbose_name = _("rental home")
        verbose_name_plural = _("rental homes")

    def __str__(self):
        suffix = f"-{self.house_number_suffix}" if self.house_number_suffix else ""
        return f"{self.street} {self.house_number}{suffix}, {self.city}"

    def clean(self):
        if (
            self.complex_id
            and self.corporation_id
            and self.complex.corporation_id != (self.corporation_id)
        ):
            raise ValidationError({"complex": _("The complex belongs to another corporation.")})


class Job(models.Model):
    """A job in the corporation's catalogue; the amounts are its data."""

    class Kind(models.TextChoices):
        KITCHEN = "kitchen", _("Kitchen")
        BATHROOM = "bathroom", _("Bathroom")
        FLOORS = "floors", _("Floors")
        INSIDE_PAINTING = "inside_painting", _("Painting inside")
        OUTSIDE_PAINTING = "outside_painting", _("Painting outside")
        INSULATION = "insulation", _("Insulation")

    corporation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="klushuur_jobs",
        limit_choices_to=CORPORATION,
        verbose_name=_("housing corporation"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    location = models.CharField(_("location"), max_length=10, choices=Location.choices)
    consent_needed = models.BooleanField(_("written consent needed"), default=True)
    certification = models.CharField(
        _("certification required"),
        max_length=200,
        blank=True,
        help_text=_("E.g. gas or electrical work by a certified installer."),
    )
    materials_supplied = models.BooleanField(_("materials supplied by the corporation"))
    quality_requirements = models.TextField(_("quality requirements"))
    compensation_kind = models.CharField(
        _("compensation"), max_length=20, choices=CompensationKind.choices
    )
    compensation_amount = _money(
        _("amount"), default=0, help_text=_("A month for a rent reduction; once for a payment.")
    )
    compensation_months = models.PositiveSmallIntegerField(
        _("months"), default=0, help_text=_("How long a reduction or freeze runs.")
    )
    choices = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("One per line, e.g. the colours of the palette or the kitchens of the range."),
    )
    weeks_to_complete = models.PositiveSmallIntegerField(_("weeks to complete"), default=12)

    class Meta:
        ordering = ["corporation__name", "name"]
        verbose_name = _("job")
        verbose_name_plural = _("job catalogue")

    def __str__(self):
        return self.name

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def compensation(self, starts):
        return rules.Compensation(
            self.compensation_kind,
            self.compensation_amount,
            self.compensation_months,
            starts,
            self.name,
        )

    INSIDE_KINDS = frozenset({"kitchen", "bathroom", "floors", "inside_painting"})

    def clean(self):
        if self.kind in self.INSIDE_KINDS and self.location == rules.OUTSIDE:
            raise ValidationError({"location": _("This kind of job is inside the home.")})
        if self.kind == self.Kind.OUTSIDE_PAINTING and self.location == rules.INSIDE:
            raise ValidationError({"location": _("Painting outside is outside the home.")})
        problems = rules.validate_compensation(
            self.compensation_kind, self.compensation_amount or 0, self.compensation_months or 0
        )
        if problems:
            raise ValidationError(
                _(
                    "The compensation is incomplete: a reduction needs an amount and months, a "
                    "payment an amount, a freeze months (amounts in whole cents)."
                )
            )


class Offer(models.Model):
    """A klushuur offer: one home (to let) or a complex (for its tenants) with jobs."""

    class Status(models.TextChoices):
        DRAFT = rules.OFFER_DRAFT, _("Draft")
        PUBLISHED = rules.OFFER_PUBLISHED, _("Published")
        CLOSED = rules.OFFER_CLOSED, _("Closed")

    corporation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="klushuur_offers",
        limit_choices_to=CORPORATION,
        verbose_name=_("housing corporation"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address on the site"), max_length=80, unique=True)
    home = models.ForeignKey(
        RentalHome,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("home to let"),
    )
    complex = models.ForeignKey(
        Complex,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("complex (for its tenants)"),
    )
    description = models.TextField(_("description"))
    conditions = models.TextField(_("conditions"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    jobs = models.ManyToManyField(Job, related_name="offers", verbose_name=_("jobs"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("klushuur offer")
        verbose_name_plural = _("klushuur offers")
        permissions = [("manage_klushuur", _("Can run klushuur offers, inspections and changes"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(home__isnull=True) ^ Q(complex__isnull=True),
                name="klushuur_offer_home_or_complex",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def for_tenants(self) -> bool:
        """An offer for a complex is for its existing tenants, who opt in."""
        return self.complex_id is not None

    @property
    def base_rent(self):
        return self.home.base_rent if self.home_id else None

    def clean(self):
        if bool(self.home_id) == bool(self.complex_id):
            raise ValidationError(_("An offer is for one home or for one complex."))
        owner = self.home or self.complex
        if self.corporation_id and owner.corporation_id != self.corporation_id:
            raise ValidationError(_("The home or complex belongs to another corporation."))


class Interest(models.Model):
    """Someone who would like to do klushuur: what they can and want to do, and when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="klushuur_interests",
        verbose_name=_("account"),
    )
    corporation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="klushuur_interests",
        limit_choices_to=CORPORATION,
        verbose_name=_("housing corporation"),
    )
    job_kinds = models.JSONField(_("jobs they want to do"), default=list)
    skills = models.TextField(_("what they can do"))
    available_time = models.CharField(_("time available"), max_length=200)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("registered interest")
        verbose_name_plural = _("registered interest")
        constraints = [
            models.UniqueConstraint(fields=["user", "corporation"], name="klushuur_interest_once")
        ]

    def __str__(self):
        return str(self.user)


class Application(models.Model):
    """An application for an offered home, or an existing tenant opting in for their home."""

    class Status(models.TextChoices):
        SUBMITTED = rules.APP_SUBMITTED, _("Submitted")
        ALLOCATED = rules.APP_ALLOCATED, _("Allocated")
        NOT_ALLOCATED = rules.APP_NOT_ALLOCATED, _("Not allocated")
        WITHDRAWN = rules.APP_WITHDRAWN, _("Withdrawn")

    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, related_name="applications", verbose_name=_("offer")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="klushuur_applications",
        verbose_name=_("applicant"),
    )
    home = models.ForeignKey(
        RentalHome,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("home"),
    )
    jobs = models.ManyToManyField(Job, related_name="+", verbose_name=_("jobs chosen"))
    choices = models.JSONField(_("choices"), default=dict, blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    # The corporation's decision and its basis (the Huisvestingswet and the local regulation
    # are the corporation's; the portal records, it does not decide).
    allocation_rule = models.CharField(_("rule applied"), max_length=300, blank=True)
    ranking = models.PositiveIntegerField(_("ranking"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["offer", "ranking", "created_at"]
        verbose_name = _("klushuur application")
        verbose_name_plural = _("klushuur applications")
        constraints = [
            models.UniqueConstraint(fields=["offer", "user"], name="klushuur_one_application")
        ]

    def __str__(self):
        return f"{self.user} - {self.offer}"


class Agreement(models.Model):
    """What an allocated application or an opt-in agreed: the lease's klushuur addendum."""

    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="agreement",
        verbose_name=_("application"),
    )
    home = models.ForeignKey(
        RentalHome, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("home")
    )
    tenant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="klushuur_agreements",
        verbose_name=_("tenant"),
    )
    base_rent = _money(_("base rent a month"))
    conditions = models.TextField(_("conditions"))
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    created_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("klushuur agreement")
        verbose_name_plural = _("klushuur agreements")

    def __str__(self):
        return f"{self.home} - {self.tenant}"

    @property
    def corporation_id(self):
        return self.home.corporation_id


class AgreementJob(models.Model):
    """A job agreed, with its choice, deadline and the catalogue's compensation as agreed."""

    class Status(models.TextChoices):
        AGREED = rules.JOB_AGREED, _("To do")
        REPORTED = rules.JOB_REPORTED, _("Reported done")
        ACCEPTED = rules.JOB_ACCEPTED, _("Accepted")
        REJECTED = rules.JOB_REJECTED, _("Not accepted")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("agreement")
    )
    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="+", verbose_name=_("job"))
    choice = models.CharField(_("choice"), max_length=200, blank=True)
    due_on = models.DateField(_("to be done by"))
    compensation_kind = models.CharField(
        _("compensation"), max_length=20, choices=CompensationKind.choices
    )
    compensation_amount = _money(_("amount"))
    compensation_months = models.PositiveSmallIntegerField(_("months"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AGREED
    )
    report = models.TextField(_("tenant's report"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    remarks = models.TextField(_("inspection remarks"), blank=True)
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inspected by"),
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)

    class Meta:
        ordering = ["agreement", "pk"]
        verbose_name = _("agreed job")
        verbose_name_plural = _("agreed jobs")

    def __str__(self):
        return f"{self.job}" + (f" ({self.choice})" if self.choice else "")

    def compensation(self) -> rules.Compensation | None:
        if self.accepted_on is None:
            return None
        return rules.Compensation(
            self.compensation_kind,
            self.compensation_amount,
            self.compensation_months,
            rules.compensation_starts(self.accepted_on),
            self.job.name,
        )


def photo_path(instance, filename) -> str:
    """A generated name: never the uploader's file name (only a known extension)."""
    return safe_name("klushuur/photos", filename)


class JobPhoto(models.Model):
    job = models.ForeignKey(
        AgreementJob, on_delete=models.CASCADE, related_name="photos", verbose_name=_("job")
    )
    image = models.FileField(_("photo"), storage=private_storage, upload_to=photo_path)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["job", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return f"{self.job} #{self.pk}"


class Addendum(RenderedDocument):
    """A version of the klushuur addendum to the lease: its data, PDF and SHA-256; signed.
    No cooling-off period: art. 7:2 BW covers purchases only."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="addenda", verbose_name=_("agreement")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    data = models.JSONField(_("data"))
    pdf = pdf_field(storage=private_storage, upload_to="klushuur/addenda/")
    signed_by_tenant_at = models.DateTimeField(_("signed by the tenant"), null=True, blank=True)
    signed_by_corporation_at = models.DateTimeField(
        _("signed by the corporation"), null=True, blank=True
    )

    class Meta(RenderedDocument.Meta):
        ordering = ["agreement", "number"]
        verbose_name = _("klushuur addendum")
        verbose_name_plural = _("klushuur addenda")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="klushuur_addendum_number")
        ]


class Change(models.Model):
    """A tenant's change to the home (ZAV, art. 7:215 BW), in the home's register: it passes to
    the next tenant with the home."""

    class Status(models.TextChoices):
        REQUESTED = rules.CHANGE_REQUESTED, _("Consent requested")
        REGISTERED = rules.CHANGE_REGISTERED, _("Registered (no consent needed)")
        CONSENTED = rules.CHANGE_CONSENTED, _("Consent given")
        REFUSED = rules.CHANGE_REFUSED, _("Consent refused")

    class Outcome(models.TextChoices):
        STAYS = rules.STAYS, _("Stays (for the corporation)")
        TAKEN_OVER = rules.TAKEN_OVER, _("Taken over by the next tenant")
        REMOVED = rules.REMOVED, _("Removed by the tenant")

    home = models.ForeignKey(
        RentalHome, on_delete=models.PROTECT, related_name="changes", verbose_name=_("home")
    )
    tenant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="klushuur_changes",
        verbose_name=_("tenant who made it"),
    )
    description = models.TextField(_("what the change is"))
    location = models.CharField(_("location"), max_length=10, choices=Location.choices)
    easy_to_undo = models.BooleanField(_("easy to undo at the end of the lease"))
    requested_on = models.DateField(_("date of the written request"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    answer = models.TextField(_("answer with reasons"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    reminded_on = models.DateField(_("staff reminded on"), null=True, blank=True)
    # The joint inspection at the end of the lease.
    outcome = models.CharField(
        _("at the end of the lease"), max_length=20, choices=Outcome.choices, blank=True
    )
    end_compensation = _money(_("compensation at the end"), null=True, blank=True)
    inspected_on = models.DateField(_("inspected on"), null=True, blank=True)

    class Meta:
        ordering = ["home", "requested_on", "pk"]
        verbose_name = _("tenant change")
        verbose_name_plural = _("change register")

    def __str__(self):
        return self.description[:60]

    @property
    def needs(self) -> str:
        home = self.home
        lease = self.location == rules.OUTSIDE and (
            home.outside_needs_consent
            or bool(home.complex_id and home.complex.outside_needs_consent)
        )
        return rules.change_needs(
            location=self.location, easy_to_undo=self.easy_to_undo, lease_requires_consent=lease
        )


class StatusChange(models.Model):
    """Appended for every status move of a klushuur record: which, who, when, from, to, why."""

    subject = models.CharField(_("record"), max_length=30)
    subject_id = models.PositiveBigIntegerField(_("record id"))
    from_status = models.CharField(_("previous status"), max_length=20)
    to_status = models.CharField(_("new status"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["subject", "subject_id", "at", "pk"]
        indexes = [models.Index(fields=["subject", "subject_id"])]
        verbose_name = _("status change")
        verbose_name_plural = _("status history")

    def __str__(self):
        return f"{self.subject} {self.subject_id}: {self.from_status} -> {self.to_status}"
