"""Aftercare (nazorg): a case per transferred home, its obligations with their stored due
dates, the buyer's progress reports and completion notices with evidence, inspections, BRP
checks and the mails sent. Status fields move only through `aftercare.services`' transition
functions; history rows are appended, never edited."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftercare import rules
from klushuis.uploads.storage import private_storage

MONEY = {"max_digits": 12, "decimal_places": 2}


class AftercareSettings(models.Model):
    """A municipality's aftercare terms that the purchase agreement does not fix itself, and
    its standard PvE items. Copied into each case at the transfer (`Case.terms`), so a later
    change never moves a running case's dates."""

    municipality = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="aftercare_settings",
        verbose_name=_("municipality"),
    )
    progress_report_months = models.PositiveSmallIntegerField(
        _("progress report every (months; 0: none)"), default=0
    )
    reinspection_weeks = models.PositiveSmallIntegerField(
        _("re-inspection term (weeks)"), default=4
    )
    return_incomplete_days = models.PositiveSmallIntegerField(
        _("return an incomplete notice within (days)"), default=10
    )
    brp_registration_days = models.PositiveSmallIntegerField(
        _("registration at the address within (days after the start of occupancy)"), default=30
    )
    brp_from_transfer = models.BooleanField(
        _("registration term counts from the transfer"), default=False
    )
    requirement_items = models.TextField(
        _("standard PvE items (one a line)"),
        default="Fundering en constructie\nDak en goten\nGevels en kozijnen\n"
        "Elektrische installatie\nWater, gas en verwarming\nIsolatie",
    )

    class Meta:
        verbose_name = _("aftercare settings")
        verbose_name_plural = _("aftercare settings")

    def __str__(self):
        return str(self.municipality)


class Case(models.Model):
    """The aftercare of one transferred home (one contract)."""

    contract = models.OneToOneField(
        "contracts.Contract",
        on_delete=models.PROTECT,
        related_name="aftercare",
        verbose_name=_("purchase agreement"),
    )
    property = models.ForeignKey(
        "properties.Property",
        on_delete=models.PROTECT,
        related_name="aftercare_cases",
        verbose_name=_("home"),
    )
    municipality = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="aftercare_cases",
        verbose_name=_("municipality"),
    )
    sales_round = models.ForeignKey(
        "properties.SalesRound",
        on_delete=models.PROTECT,
        related_name="aftercare_cases",
        verbose_name=_("sales round"),
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="aftercare_cases",
        verbose_name=_("buyer"),
    )
    transfer_date = models.DateField(_("transfer date"))
    terms = models.JSONField(_("terms fixed at the transfer"))
    accepted_on = models.DateField(_("completion accepted on"), null=True, blank=True)
    deemed_accepted = models.BooleanField(_("completion counts as accepted"), default=False)
    registered_on = models.DateField(
        _("registered at the address on (buyer)"), null=True, blank=True
    )
    photo_consent = models.BooleanField(_("before/after photos may be shown"), default=False)
    photo_consent_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    # The earliest due date of an open deadline (None: nothing open), kept by the services
    # whenever an obligation is made, moved or met, so the worklist sorts without a join.
    next_due_on = models.DateField(_("next due"), null=True, blank=True, db_index=True)
    # The day the buyer was released (the release statement approved): the case is closed,
    # and the contract file's retention runs from it (`contracts.extensions.RELEASED_ON`).
    released_on = models.DateField(_("released on"), null=True, blank=True)

    class Meta:
        ordering = ["-transfer_date", "pk"]
        verbose_name = _("aftercare case")
        verbose_name_plural = _("aftercare cases")
        permissions = [("manage_aftercare", _("Can inspect and record aftercare"))]

    def __str__(self):
        return str(self.property)

    def get_terms(self) -> rules.Terms:
        return rules.Terms.from_data(self.terms)


class RequirementItem(models.Model):
    """One item of the programme of requirements the completion is checked against."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("PvE item"), max_length=200)

    class Meta:
        ordering = ["case", "number"]
        verbose_name = _("PvE item")
        verbose_name_plural = _("PvE items")
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="requirement_item_once")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class History(models.Model):
    """A record's history row: appended, never edited. `subject` names the foreign key to the
    record whose status moved (each history model adds it, with its own extra columns)."""

    subject = ""
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        step = f"{self.from_status} → {self.to_status}"
        return f"{getattr(self, self.subject)}: {step} ({self.at:%Y-%m-%d})"


class Obligation(models.Model):
    class Kind(models.TextChoices):
        RENOVATION_START = rules.RENOVATION_START, _("Start the renovation")
        PROGRESS_REPORT = rules.PROGRESS_REPORT, _("Progress report")
        COMPLETION = rules.COMPLETION, _("Complete the renovation")
        INSPECTION = rules.INSPECTION, _("Inspection by the municipality")
        BRP_REGISTRATION = rules.BRP_REGISTRATION, _("Register at the address")
        OCCUPANCY = rules.OCCUPANCY, _("Live in the home yourself")
        ANTI_SPECULATION = rules.ANTI_SPECULATION, _("Anti-speculation period")

    class Status(models.TextChoices):
        OPEN = rules.OPEN, _("Open")
        MET = rules.MET, _("Met")
        LAPSED = rules.LAPSED, _("No longer applies")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="obligations")
    kind = models.CharField(_("obligation"), max_length=20, choices=Kind.choices)
    sequence = models.PositiveSmallIntegerField(default=1)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # The notice an inspection obligation is about.
    notice = models.ForeignKey(
        "CompletionNotice", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        indexes = [
            models.Index(fields=["status", "due_on"], name="obligation_worklist"),
            models.Index(fields=["case", "due_on"], name="obligation_case"),
        ]

    def __str__(self):
        label = self.get_kind_display()
        return f"{label} {self.sequence}" if self.kind == rules.PROGRESS_REPORT else label

    def shown_state(self, today=None) -> str:
        return rules.shown_state(
            kind=self.kind,
            status=self.status,
            due=self.due_on,
            done_on=self.done_on,
            today=today or timezone.localdate(),
        )


class ObligationChange(History):
    """An obligation's history: appended, never edited (due date or status)."""

    subject = "obligation"

    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="history")
    due_on = models.DateField()

    class Meta:
        ordering = ["obligation", "at", "pk"]
        verbose_name = _("obligation change")
        verbose_name_plural = _("obligation history")


class ProgressReport(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="progress_reports")
    reported_at = models.DateTimeField(default=timezone.now)
    started_on = models.DateField(_("renovation started on"), null=True, blank=True)
    text = models.TextField(_("progress"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return f"{self.case}: {self.reported_at:%Y-%m-%d}"


class CompletionNotice(models.Model):
    """The buyer's completion notice (gereedmelding): a draft until submitted."""

    class Status(models.TextChoices):
        DRAFT = rules.DRAFT, _("Draft")
        SUBMITTED = rules.SUBMITTED, _("Submitted, awaiting inspection")
        RETURNED = rules.RETURNED, _("Returned as incomplete")
        ACCEPTED = rules.ACCEPTED, _("Accepted")
        REJECTED = rules.REJECTED, _("Rejected")
        DEEMED_ACCEPTED = rules.DEEMED_ACCEPTED, _("Counts as accepted (not inspected in time)")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notices")
    number = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    remarks = models.TextField(_("remarks"), blank=True)
    reinspection = models.BooleanField(_("after repairs (re-inspection)"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    inspection_due = models.DateField(_("inspect by"), null=True, blank=True)
    return_by = models.DateField(_("return if incomplete by"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reasons = models.TextField(_("reasons (returned) or defects (rejected)"), blank=True)
    repair_by = models.DateField(_("repair by"), null=True, blank=True)

    class Meta:
        ordering = ["case", "-number"]
        verbose_name = _("completion notice")
        verbose_name_plural = _("completion notices")
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="notice_once")]

    def __str__(self):
        return _("Completion notice %(number)s, %(home)s") % {
            "number": self.number,
            "home": self.case.property,
        }


class NoticeChange(History):
    """A completion notice's history: appended, never edited."""

    subject = "notice"

    notice = models.ForeignKey(CompletionNotice, on_delete=models.PROTECT, related_name="history")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)

    class Meta:
        ordering = ["notice", "at", "pk"]


class Evidence(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        CERTIFICATE = "certificate", _("Certificate")
        INVOICE = "invoice", _("Invoice")

    notice = models.ForeignKey(CompletionNotice, on_delete=models.CASCADE, related_name="evidence")
    item = models.ForeignKey(
        RequirementItem,
        on_delete=models.PROTECT,
        related_name="evidence",
        verbose_name=_("PvE item"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Photos are stored as JPEG without EXIF (no location); certificates and invoices as
    # sanitised PDF (or an image, as a JPEG).
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="aftercare/evidence/", max_length=200
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount"), null=True, blank=True, **MONEY)
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item__number", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.item}"


class Inspection(models.Model):
    notice = models.ForeignKey(
        CompletionNotice, on_delete=models.PROTECT, related_name="inspections"
    )
    scheduled_for = models.DateTimeField(_("appointment"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    performed_on = models.DateField(_("inspected on"), null=True, blank=True)

    class Meta:
        ordering = ["-scheduled_for"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self):
        return str(self.notice)


class InspectionResult(models.Model):
    class Result(models.TextChoices):
        MET = rules.MET_ITEM, _("Met")
        NOT_MET = rules.NOT_MET_ITEM, _("Not met")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(RequirementItem, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    remark = models.CharField(_("remark"), max_length=500, blank=True)
    photo = models.FileField(
        _("photo"), storage=private_storage, upload_to="aftercare/inspection/", blank=True
    )

    class Meta:
        ordering = ["item__number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="result_per_item_once")
        ]

    def __str__(self):
        return f"{self.item}: {self.get_result_display()}"


class BrpCheck(models.Model):
    """A check of the registration at the address in the BRP: who, when, source, result. No
    BSN is ever stored."""

    class Result(models.TextChoices):
        REGISTERED = "registered", _("Registered at the address")
        NOT_REGISTERED = "not_registered", _("Not registered at the address")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="brp_checks")
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source"), max_length=200)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-checked_on", "-pk"]
        verbose_name = _("BRP check")
        verbose_name_plural = _("BRP checks")

    def __str__(self):
        return f"{self.case}: {self.get_result_display()} ({self.checked_on})"


class SentMail(models.Model):
    """Each reminder or escalation is sent once: its key is unique."""

    key = models.CharField(max_length=120, unique=True)
    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="mails")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mail sent")
        verbose_name_plural = _("mails sent")

    def __str__(self):
        return self.key


class Exemption(models.Model):
    """The buyer's request for an exemption or extension (ontheffing) on a ground the
    contract names, and staff's decision on it (issue #16). Its status moves only through
    `aftercare.exemptions.exemption_transition`; a grant needs a second authorised person."""

    class Ground(models.TextChoices):
        RELATIONSHIP_ENDED = rules.RELATIONSHIP_ENDED, _("End of a relationship")
        PARTNER_DIED = rules.PARTNER_DIED, _("Death of a partner")
        ILLNESS = rules.ILLNESS, _("Illness or disability that needs other housing")
        WORK_ELSEWHERE = rules.WORK_ELSEWHERE, _("Work far away")
        FINANCIAL_DISTRESS = rules.FINANCIAL_DISTRESS, _("Financial distress")
        OTHER = rules.OTHER_GROUND, _("Another ground")

    class Outcome(models.TextChoices):
        REFUSAL = rules.REFUSAL, _("Refusal")
        NEW_DEADLINE = rules.NEW_DEADLINE, _("A new deadline")
        RELEASE_WITH_PAYMENT = (
            rules.RELEASE_WITH_PAYMENT,
            _("Release with the anti-speculation payment"),
        )
        RELEASE_WITHOUT_PAYMENT = (
            rules.RELEASE_WITHOUT_PAYMENT,
            _("Release without the anti-speculation payment"),
        )

    class Status(models.TextChoices):
        REQUESTED = rules.REQUESTED, _("Requested")
        PROPOSED = rules.PROPOSED, _("Decision proposed, awaiting a second approval")
        GRANTED = rules.GRANTED, _("Granted")
        REFUSED = rules.REFUSED, _("Refused")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="exemptions")
    obligation = models.ForeignKey(
        Obligation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exemptions",
        verbose_name=_("obligation"),
    )
    ground = models.CharField(_("ground"), max_length=30, choices=Ground.choices)
    explanation = models.TextField(_("explanation"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    new_due_on = models.DateField(_("new deadline"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
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
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("exemption request")
        verbose_name_plural = _("exemption requests")

    def __str__(self):
        return f"{self.case}: {self.get_ground_display()}"


class ExemptionChange(History):
    """An exemption's history: appended, never edited."""

    subject = "exemption"

    exemption = models.ForeignKey(Exemption, on_delete=models.PROTECT, related_name="history")

    class Meta:
        ordering = ["exemption", "at", "pk"]


class Resale(models.Model):
    """A resale of the home reported by the buyer or the notary and recorded by staff, with
    what it is (a breach during occupancy without an exemption, a payment due within the
    anti-speculation period, or free) and the payment computed from the signed version
    (`aftercare.sanctions`), kept as it was computed. Recorded once; the payment's receipt is
    added later."""

    class Verdict(models.TextChoices):
        BREACH = "breach", _("Breach: resale during the occupancy term without an exemption")
        EXEMPT = "exempt", _("Allowed by an exemption")
        PAYMENT_DUE = "payment_due", _("Within the anti-speculation period: payment due")
        FREE = "free", _("After the anti-speculation period: nothing due")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="resales")
    sold_on = models.DateField(_("sold on"))
    price = models.DecimalField(_("resale price"), **MONEY)
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    computation = models.JSONField(_("computation"))
    payment_due = models.DecimalField(_("payment due"), **MONEY)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment recorded by"),
    )

    class Meta:
        ordering = ["-sold_on", "-pk"]
        verbose_name = _("resale")
        verbose_name_plural = _("resales")

    def __str__(self):
        return f"{self.case}: {self.sold_on}"


class ExemptionDocument(models.Model):
    """A document the buyer sent with an exemption request (a death certificate, a doctor's
    letter, an employment contract): checked by content and size, stored privately (a PDF
    sanitised, an image as a JPEG without metadata), shown to the buyer and to staff who may
    see the case (access-logged)."""

    exemption = models.ForeignKey(Exemption, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="aftercare/exemptions/", max_length=200
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["exemption", "pk"]
        verbose_name = _("document with an exemption request")
        verbose_name_plural = _("documents with exemption requests")

    def __str__(self):
        return _("Document %(number)s") % {"number": self.pk}

    @property
    def is_pdf(self) -> bool:
        return self.file.name.endswith(".pdf")


class DefaultNotice(models.Model):
    """A notice of default (ingebrekestelling) for an overdue obligation: the facts, the term
    to comply from the signed version (`sanctions.notice_days`), the consequence (the
    contract's penalty), how and when it was sent; its letter is in the letter archive.
    Appended, never edited: the term runs from `sent_on` to `comply_by`."""

    class Method(models.TextChoices):
        EMAIL = "email", _("E-mail")
        REGISTERED_POST = "registered_post", _("Registered post")
        BAILIFF = "bailiff", _("Bailiff's writ")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="default_notices")
    obligation = models.ForeignKey(
        Obligation,
        on_delete=models.PROTECT,
        related_name="default_notices",
        verbose_name=_("obligation"),
    )
    due_on = models.DateField(_("obligation due on"))
    facts = models.TextField(_("facts"))
    method = models.CharField(_("sent by"), max_length=20, choices=Method.choices)
    sent_on = models.DateField(_("sent on"))
    notice_days = models.PositiveSmallIntegerField(_("term to comply (days)"))
    comply_by = models.DateField(_("comply by"))
    consequence = models.JSONField(_("consequence (the contract's penalty)"))
    letter = models.ForeignKey(
        "contracts.Letter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("letter"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("notice of default")
        verbose_name_plural = _("notices of default")

    def __str__(self):
        return _("Notice of default: %(obligation)s") % {"obligation": self.obligation}


class PenaltyClaim(models.Model):
    """A penalty claimed for a breach: the amount fixed from the computation made when it was
    claimed (kept as JSON), then its payment, or a reduction or waiver with reasons approved
    by a second authorised person. One breach, one penalty: a later claim for the same breach
    adds only what earlier claims did not (`sanctions.penalty_due(already_claimed=...)`).
    Status moves only through `aftercare.penalties.claim_transition`; history is appended."""

    class Status(models.TextChoices):
        CLAIMED = rules.CLAIMED, _("Claimed, awaiting payment")
        PROPOSED = rules.REDUCTION_PROPOSED, _("Reduction or waiver proposed")
        REDUCED = rules.REDUCED, _("Reduced, awaiting payment")
        WAIVED = rules.WAIVED, _("Waived")
        PAID = rules.PAID, _("Paid")

    class Proposal(models.TextChoices):
        REDUCE = rules.REDUCE, _("Reduce")
        WAIVE = rules.WAIVE, _("Waive")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="penalty_claims")
    obligation = models.ForeignKey(
        Obligation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="penalty_claims",
        verbose_name=_("obligation"),
    )
    # A resale during the occupancy term without an exemption (the chain clause): due at once.
    resale = models.ForeignKey(
        Resale,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="penalty_claims",
        verbose_name=_("resale"),
    )
    notice = models.ForeignKey(
        DefaultNotice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("notice of default"),
    )
    computation = models.JSONField(_("computation"))
    amount = models.DecimalField(_("amount claimed"), **MONEY)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CLAIMED
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("claimed by"),
    )
    claimed_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    proposal = models.CharField(_("proposal"), max_length=10, choices=Proposal.choices, blank=True)
    proposed_amount = models.DecimalField(
        _("amount after the reduction"), null=True, blank=True, **MONEY
    )
    reasons = models.TextField(_("reasons"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    decided_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    amount_due = models.DecimalField(_("amount due"), **MONEY)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_amount = models.DecimalField(_("amount paid"), null=True, blank=True, **MONEY)

    class Meta:
        ordering = ["-claimed_at", "-pk"]
        verbose_name = _("penalty claim")
        verbose_name_plural = _("penalty claims")

    def __str__(self):
        return _("Penalty claim of %(amount)s") % {"amount": self.amount}


class PenaltyClaimChange(History):
    """A penalty claim's history: appended, never edited."""

    subject = "claim"

    claim = models.ForeignKey(PenaltyClaim, on_delete=models.PROTECT, related_name="history")
    amount_due = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["claim", "at", "pk"]


class ResaleReport(models.Model):
    """A resale reported by the buyer (on "Mijn woning") or by a notary (on the notary's
    page): the date of the deed, the price and the notary. Recorded as reported; staff
    confirm it, which records the `Resale` with its computation, or set it aside (a second
    report of the same sale) with reasons."""

    class Status(models.TextChoices):
        REPORTED = rules.REPORTED, _("Reported, awaiting staff")
        CONFIRMED = rules.CONFIRMED, _("Confirmed")
        SET_ASIDE = rules.SET_ASIDE, _("Set aside")

    class Reporter(models.TextChoices):
        BUYER = rules.BUYER, _("The buyer")
        NOTARY = rules.NOTARY, _("A notary")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="resale_reports")
    reporter = models.CharField(_("reported by"), max_length=10, choices=Reporter.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    sold_on = models.DateField(_("date of the deed"))
    price = models.DecimalField(_("resale price"), **MONEY)
    notary_name = models.CharField(_("notary"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REPORTED
    )
    resale = models.OneToOneField(
        Resale,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report",
        verbose_name=_("resale recorded"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reasons = models.TextField(_("reasons (set aside)"), blank=True)

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("resale report")
        verbose_name_plural = _("resale reports")
        permissions = [("report_resale", _("Can report the resale of a home (notary)"))]

    def __str__(self):
        return f"{self.case}: {self.sold_on}"


class Release(models.Model):
    """The release of the buyer (vrijgave): proposed by one authorised person, approved by a
    second (four eyes), then the release statement is issued from the template system (a
    `contracts.Letter` of kind release statement, stored with its SHA-256). Its status moves
    only through `aftercare.release.release_transition`; history in `ReleaseChange`."""

    class Status(models.TextChoices):
        PROPOSED = rules.PROPOSED, _("Proposed, awaiting a second approval")
        APPROVED = rules.APPROVED, _("Approved: released")
        REFUSED = rules.REFUSED, _("Refused")

    class Basis(models.TextChoices):
        OBLIGATIONS_MET = rules.OBLIGATIONS_MET, _("Every obligation met, every period ended")
        EXEMPTION = rules.EXEMPTION_RELEASE, _("An exemption that releases the buyer")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="releases")
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices)
    exemption = models.ForeignKey(
        Exemption,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exemption"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    note = models.TextField(_("note"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    released_on = models.DateField(_("released on"), null=True, blank=True)
    statement = models.OneToOneField(
        "contracts.Letter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("release statement"),
    )

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        constraints = [
            # One release per home, and one proposal at a time.
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="approved"), name="release_once"
            ),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="proposed"), name="release_proposed_once"
            ),
        ]

    def __str__(self):
        return f"{self.case}: {self.get_status_display()}"


class ReleaseChange(History):
    """A release's history: appended, never edited."""

    subject = "release"

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="history")

    class Meta:
        ordering = ["release", "at", "pk"]
