"""The lottery's three published steps, as stored: commitments, seeds, snapshots and draws."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from klushuis.documents import RenderedDocument, pdf_field
from klushuis.formatting import moment
from klushuis.uploads.storage import private_storage


class LotteryCommitment(models.Model):
    """Step 1, commit: published when the round is published, before anyone applies.

    A round gets its commitment and a few reserve commitments at once, all published before
    the window opens. After an annulled draw the commitment is superseded and the next reserve
    becomes active: a new draw never reuses the old seed, and its commitment still predates the
    window's close, as LOTTERY.md section 5 requires (docs/decisions/0004).
    """

    sales_round = models.ForeignKey(
        "properties.SalesRound",
        on_delete=models.PROTECT,
        related_name="lottery_commitments",
        verbose_name=_("sales round"),
    )
    seed_commitment = models.CharField(_("seed commitment (SHA-256)"), max_length=64)
    public_value_description = models.CharField(
        _("public value: how it is obtained"), max_length=300
    )
    public_value_pattern = models.CharField(_("public value: pattern"), max_length=200)
    sequence = models.PositiveSmallIntegerField(_("sequence"), default=1)
    committed_at = models.DateTimeField(_("committed at"), default=timezone.now)
    # Null while the commitment is a reserve: it is published, but no freeze or draw uses it.
    activated_at = models.DateTimeField(_("in use since"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        ordering = ["sales_round", "sequence"]
        verbose_name = _("lottery commitment")
        verbose_name_plural = _("lottery commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["sales_round"],
                condition=models.Q(superseded_at__isnull=True, activated_at__isnull=False),
                name="one_active_commitment_per_round",
            ),
            models.UniqueConstraint(
                fields=["sales_round", "sequence"], name="one_commitment_per_sequence"
            ),
        ]
        permissions = [("draw_lottery", _("Can enter the public value and draw"))]

    def __str__(self):
        return self.seed_commitment


class LotterySeed(models.Model):
    """The secret behind a commitment, in a table of its own: not versioned, not in the admin,
    not in exports, logs or pages. Only the draw reveals it, in the published record."""

    commitment = models.OneToOneField(
        LotteryCommitment, on_delete=models.PROTECT, primary_key=True, related_name="seed"
    )
    value = models.BinaryField()

    def __str__(self):
        return f"seed of commitment {self.commitment_id}"  # never the value itself

    def __repr__(self):
        return f"<LotterySeed commitment={self.commitment_id}>"


class LotterySnapshot(models.Model):
    """Step 2, freeze: the entries after the window closed and every decision was final."""

    commitment = models.OneToOneField(
        LotteryCommitment,
        on_delete=models.PROTECT,
        related_name="snapshot",
        verbose_name=_("commitment"),
    )
    canonical = models.TextField(_("canonical snapshot (JSON)"))
    sha256 = models.CharField(_("snapshot SHA-256"), max_length=64)
    entry_count = models.PositiveIntegerField(_("entries"))
    window_closed_at = models.DateTimeField(_("window closed at"))
    frozen_at = models.DateTimeField(_("frozen at"), default=timezone.now)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )

    class Meta:
        verbose_name = _("lottery snapshot")
        verbose_name_plural = _("lottery snapshots")

    def __str__(self):
        return self.sha256


class LotteryDraw(models.Model):
    """Step 3, draw: the public value and the whole published record, kept byte for byte."""

    commitment = models.OneToOneField(
        LotteryCommitment,
        on_delete=models.PROTECT,
        related_name="draw",
        verbose_name=_("commitment"),
    )
    sales_round = models.ForeignKey(
        "properties.SalesRound",
        on_delete=models.PROTECT,
        related_name="lottery_draws",
        verbose_name=_("sales round"),
    )
    public_value = models.CharField(_("public value"), max_length=200)
    record = models.TextField(_("published record (JSON)"))
    drawn_at = models.DateTimeField(_("drawn at"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drawn by"),
    )
    annulment_reason = models.TextField(_("reason for annulment"), blank=True)
    annulment_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("annulment requested by"),
    )
    annulment_requested_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("annulment requested at")
    )
    annulled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("annulled by"),
    )
    annulled_at = models.DateTimeField(_("annulled at"), null=True, blank=True)

    class Meta:
        ordering = ["sales_round", "drawn_at"]
        verbose_name = _("lottery draw")
        verbose_name_plural = _("lottery draws")
        constraints = [
            # A round has at most one valid draw: two people pressing the button at once get
            # one draw, whatever the application code does.
            models.UniqueConstraint(
                fields=["sales_round"],
                condition=models.Q(annulled_at__isnull=True),
                name="one_valid_draw_per_round",
            ),
        ]
        permissions = [("annul_lottery", _("Can request or approve the annulment of a draw"))]

    def __str__(self):
        return gettext("Draw for %(round)s on %(when)s") % {
            "round": self.sales_round,
            "when": moment(self.drawn_at),
        }


class LotteryReport(RenderedDocument):
    """The draw report (proces-verbaal) as a PDF: made once when the draw is recorded and once
    more when it is annulled, stored with its SHA-256 and served as a file. Rendering takes
    about a second of CPU, which an anonymous request must never cost."""

    draw = models.ForeignKey(LotteryDraw, on_delete=models.PROTECT, related_name="reports")
    annulled = models.BooleanField(_("after the annulment"), default=False)
    pdf = pdf_field(storage=private_storage, upload_to="lottery/reports/")

    class Meta(RenderedDocument.Meta):
        ordering = ["draw", "annulled"]
        verbose_name = _("draw report")
        verbose_name_plural = _("draw reports")
        constraints = [
            models.UniqueConstraint(fields=["draw", "annulled"], name="one_report_per_draw_state"),
        ]

    def __str__(self):
        return f"{self.draw} ({'annulled' if self.annulled else 'drawn'})"
