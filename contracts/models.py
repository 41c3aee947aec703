"""Purchase agreements and letters: templates, the versioned clause library, contracts and
their rendered versions.

Clause text is data (see `contracts.clauses`), versioned like the figures shown to buyers: a
change appends a `ClauseVersion`, and a contract version records the clause versions and the
template version it was made from. A rendered PDF is stored privately with its SHA-256 and is
never changed; regenerating a draft makes a new version.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contracts import rules
from klushuis.documents import RenderedDocument, pdf_field
from klushuis.formatting import moment
from klushuis.uploads.storage import private_storage


class Kind(models.TextChoices):
    PURCHASE_AGREEMENT = "purchase_agreement", _("Purchase agreement")
    OFFER_LETTER = "offer_letter", _("Offer letter")
    REJECTION_LETTER = "rejection_letter", _("Rejection letter")
    NOTARY_INSTRUCTION = "notary_instruction", _("Instruction to the notary")
    # After the sale (issue #16), issued by aftercare with contracts' letter archive.
    EXEMPTION_DECISION = "exemption_decision", _("Decision on an exemption request")
    DEFAULT_NOTICE = "default_notice", _("Notice of default")
    # Issued by aftercare when the buyer is released (issue #16): the "verklaring van
    # vrijstelling" of the agreement's article Einde van de verplichtingen.
    RELEASE_STATEMENT = "release_statement", _("Release statement")


class Clause(models.Model):
    """A clause in a municipality's library. Its text lives in versions; `current` is the one
    new documents use."""

    municipality = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="clauses",
        verbose_name=_("municipality"),
    )
    key = models.SlugField(_("key"), max_length=40)
    current = models.ForeignKey(
        "ClauseVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version in use"),
    )

    class Meta:
        ordering = ["municipality", "key"]
        verbose_name = _("clause")
        verbose_name_plural = _("clause library")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="clause_key_once"),
        ]

    def __str__(self):
        return f"{self.current.title if self.current else self.key}"


class ClauseVersion(models.Model):
    """One wording of a clause: appended, never edited."""

    clause = models.ForeignKey(
        Clause, on_delete=models.PROTECT, related_name="versions", verbose_name=_("clause")
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )

    class Meta:
        ordering = ["clause", "-number"]
        verbose_name = _("clause version")
        verbose_name_plural = _("clause versions")
        constraints = [
            models.UniqueConstraint(fields=["clause", "number"], name="clause_version_once"),
        ]

    def __str__(self):
        return f"{self.title} (v{self.number})"


class DocumentTemplate(models.Model):
    """A municipality's template for one kind of document: its clauses in order, its
    signatory and the periods it fills in. Each change raises `version`."""

    municipality = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="document_templates",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    seller_address = models.CharField(_("address of the municipality"), max_length=200, blank=True)
    signatory_name = models.CharField(
        _("signatory for the municipality"), max_length=200, blank=True
    )
    signatory_title = models.CharField(_("signatory's position"), max_length=200, blank=True)
    notary = models.CharField(
        _("notary"), max_length=200, blank=True, help_text=_("Office that passes the deeds.")
    )
    deposit_percentage = models.DecimalField(
        _("deposit (percentage of the price)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(10),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    deposit_days = models.PositiveSmallIntegerField(
        _("deposit due (days after signing)"), default=14
    )
    financing_condition_days = models.PositiveSmallIntegerField(
        _("financing condition ends (days after signing)"), default=42
    )
    transfer_days = models.PositiveSmallIntegerField(_("transfer (days after signing)"), default=90)
    # The terms of the article on default (verzuim); the defaults are the standard agreement's.
    notice_days = models.PositiveSmallIntegerField(
        _("term after a notice of default (days)"), default=8
    )
    default_penalty_percentage = models.DecimalField(
        _("penalty on dissolution for default (percentage of the price)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(10),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    default_daily_penalty_percentage = models.DecimalField(
        _("penalty per day of default (percentage of the price)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.3"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    default_penalty_cap_percentage = models.DecimalField(
        _("maximum of the daily penalties (percentage of the price)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(10),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    inspection_weeks = models.PositiveSmallIntegerField(
        _("inspection term (weeks after the completion notice)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_(
            "The seller inspects within this term; without an inspection in time, the "
            "completion counts as accepted."
        ),
    )
    return_days = models.PositiveSmallIntegerField(
        _("signed agreement back (days after sending)"),
        default=14,
        help_text=_("The buyer is asked to return the signed agreement within this many days."),
    )
    clauses = models.ManyToManyField(
        Clause, through="TemplateClause", related_name="templates", verbose_name=_("clauses")
    )
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["municipality", "kind"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind"], name="template_kind_once"),
        ]
        permissions = [("manage_contracts", _("Can send and record purchase agreements"))]

    def __str__(self):
        return f"{self.name} (v{self.version})"


class TemplateClause(models.Model):
    template = models.ForeignKey(
        DocumentTemplate, on_delete=models.CASCADE, verbose_name=_("template")
    )
    clause = models.ForeignKey(Clause, on_delete=models.PROTECT, verbose_name=_("clause"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = _("clause in the template")
        verbose_name_plural = _("clauses in the template")
        constraints = [
            models.UniqueConstraint(fields=["template", "clause"], name="template_clause_once"),
        ]

    def __str__(self):
        return str(self.clause)


class DissolutionKind(models.TextChoices):
    COOLING_OFF_ONLINE = rules.COOLING_OFF_ONLINE, _("Cooling-off period, online")
    COOLING_OFF_LETTER = rules.COOLING_OFF_LETTER, _("Cooling-off period, by letter")
    BY_AGREEMENT = rules.BY_AGREEMENT, _("By agreement")
    FOR_DEFAULT = rules.FOR_DEFAULT, _("For default")
    FINANCING_CONDITION = rules.FINANCING_CONDITION, _("Financing condition")


class Contract(models.Model):
    """The purchase agreement of an accepted offer, with its dates and signing moments."""

    class Status(models.TextChoices):
        DRAFT = rules.DRAFT, _("Draft")
        SENT = rules.SENT, _("Sent to the buyer")
        SIGNED_BY_BUYER = rules.SIGNED_BY_BUYER, _("Signed by the buyer")
        SIGNED_BY_SELLER = rules.SIGNED_BY_SELLER, _("Signed by both parties")
        DISSOLVED = rules.DISSOLVED, _("Dissolved")
        TRANSFERRED = rules.TRANSFERRED, _("Transferred")

    offer = models.OneToOneField(
        "applications.Offer",
        on_delete=models.PROTECT,
        related_name="contract",
        verbose_name=_("offer"),
    )
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("application"),
    )
    property = models.ForeignKey(
        "properties.Property",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("home"),
    )
    municipality = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("seller"),
    )
    reference = models.CharField(_("reference"), max_length=60, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    transfer_date = models.DateField(_("transfer date"))
    notary = models.CharField(_("notary"), max_length=200, blank=True)
    # Fixed when the agreement signed by both is handed over (`contract_record_seller_signature`):
    # counted from signing, never from the day the draft was made.
    deposit_due = models.DateField(_("deposit due"), null=True, blank=True)
    financing_condition_ends = models.DateField(
        _("financing condition ends"), null=True, blank=True
    )
    # Fixed when the transfer is recorded (`contract_transfer`): counted from the transfer.
    renovation_start_by = models.DateField(_("renovation started by"), null=True, blank=True)
    renovation_completed_by = models.DateField(_("renovation completed by"), null=True, blank=True)
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    return_by = models.DateField(_("signed agreement back by"), null=True, blank=True)
    buyer_signed_at = models.DateTimeField(_("signed by the buyer at"), null=True, blank=True)
    seller_signed_at = models.DateTimeField(_("signed by the seller at"), null=True, blank=True)
    handed_over_at = models.DateTimeField(
        _("signed copy handed to the buyer at"), null=True, blank=True
    )
    signed_copy = models.FileField(
        _("signed copy (PDF)"),
        storage=private_storage,
        upload_to="contracts/signed/",
        blank=True,
        max_length=200,
    )
    # The file as received, byte for byte, and its SHA-256 (klushuis.uploads.sanitize); the
    # field above holds the sanitised copy that is served.
    signed_copy_original = models.FileField(
        _("signed copy as received"),
        storage=private_storage,
        upload_to="contracts/signed/originals/",
        blank=True,
        max_length=200,
    )
    signed_copy_sha256 = models.CharField(
        _("SHA-256 of the signed copy as received"), max_length=64, blank=True
    )
    cooling_off_applies = models.BooleanField(_("cooling-off period applies"), default=True)
    dissolved_at = models.DateTimeField(_("dissolved at"), null=True, blank=True)
    dissolution_reason = models.TextField(_("reason for dissolution"), blank=True)
    dissolution_kind = models.CharField(
        _("kind of dissolution"), max_length=20, choices=DissolutionKind.choices, blank=True
    )
    transferred_at = models.DateTimeField(_("transferred at"), null=True, blank=True)
    # The version the buyer was sent to sign: made by `contract_send` from the checked draft,
    # without the draft marker. Its PDF and SHA-256 are what the buyer signs.
    sent_version = models.OneToOneField(
        "ContractVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version sent for signing"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("purchase agreement")
        verbose_name_plural = _("purchase agreements")

    def __str__(self):
        return self.reference


class ContractVersion(RenderedDocument):
    """One rendering of a contract: recorded first, rendered by a task, then never changed."""

    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("purchase agreement"),
    )
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("data the document was made from"))
    final = models.BooleanField(
        _("final"),
        default=False,
        help_text=_("Made for signing: printed without the draft marker."),
    )
    template = models.ForeignKey(
        DocumentTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("template")
    )
    template_version = models.PositiveIntegerField(_("template version"))
    clause_versions = models.ManyToManyField(
        ClauseVersion, related_name="+", verbose_name=_("clause versions")
    )
    pdf = pdf_field(storage=private_storage, upload_to="contracts/generated/")
    # The programme of requirements appended to this version's PDF as its annex: which
    # document, and the SHA-256 of exactly the bytes appended (empty: no PvE was attached).
    requirements_document = models.ForeignKey(
        "properties.PropertyDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme of requirements (annex)"),
    )
    requirements_sha256 = models.CharField(
        _("SHA-256 of the programme of requirements"), max_length=64, blank=True
    )

    class Meta(RenderedDocument.Meta):
        ordering = ["contract", "-number"]
        verbose_name = _("contract version")
        verbose_name_plural = _("contract versions")
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="contract_version_once"),
        ]

    def __str__(self):
        return gettext("%(reference)s, version %(number)d") % {
            "reference": self.contract.reference,
            "number": self.number,
        }


class ContractStatusChange(models.Model):
    """The contract's history: appended, never edited."""

    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        related_name="history",
        verbose_name=_("purchase agreement"),
    )
    from_status = models.CharField(
        max_length=20,
        choices=Contract.Status.choices,
        blank=True,
        verbose_name=_("previous status"),
    )
    to_status = models.CharField(
        max_length=20, choices=Contract.Status.choices, verbose_name=_("new status")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(default=timezone.now, verbose_name=_("when"))
    reason = models.TextField(blank=True, verbose_name=_("reason"))

    class Meta:
        ordering = ["contract", "at", "pk"]
        verbose_name = _("contract status change")
        verbose_name_plural = _("contract history")

    def __str__(self):
        if not self.from_status:
            return gettext("%(to)s on %(when)s") % {
                "to": self.get_to_status_display(),
                "when": moment(self.at),
            }
        return gettext("%(from)s → %(to)s on %(when)s") % {
            "from": self.get_from_status_display(),
            "to": self.get_to_status_display(),
            "when": moment(self.at),
        }


class Letter(RenderedDocument):
    """A letter as it was sent (a document with legal effect: offer, rejection, notary
    instruction; later notices of default and decisions): recorded with the data it was made
    from and the clause versions it used, rendered by a task, stored with its SHA-256, and then
    never changed. What the recipient downloads is this stored PDF, never a fresh rendering."""

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    recipient = models.CharField(_("recipient"), max_length=300, blank=True)
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("application"),
    )
    # What the letter is about (an offer, an application, a contract; later an obligation).
    related_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    related_id = models.PositiveBigIntegerField()
    related = GenericForeignKey("related_type", "related_id")
    data = models.JSONField(_("data the document was made from"))
    template = models.ForeignKey(
        DocumentTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("template")
    )
    template_version = models.PositiveIntegerField(_("template version"))
    clause_versions = models.ManyToManyField(
        ClauseVersion, related_name="+", verbose_name=_("clause versions")
    )
    pdf = pdf_field(storage=private_storage, upload_to="contracts/letters/")

    class Meta(RenderedDocument.Meta):
        ordering = ["-created_at"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        indexes = [
            *RenderedDocument.Meta.indexes,
            models.Index(fields=["related_type", "related_id", "kind"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.recipient}".strip()
