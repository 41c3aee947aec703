"""Selection by plan quality: jurors' scores per plan and the published outcome.

The criteria, weights and minimum score are round rules (`properties.AssessmentCriterion`,
frozen when the window opens). A juror's assessment stays private to them until they submit
it; only then do they see the others' (no anchoring on a colleague's numbers).
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from klushuis.formatting import moment


class PlanAssessment(models.Model):
    """One juror's assessment of one renovation plan (an application's plan for one home)."""

    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="plan_assessments",
        verbose_name=_("juror"),
    )
    preference = models.ForeignKey(
        "applications.Preference",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("preference"),
    )
    remarks = models.TextField(_("remarks"), blank=True)
    updated_at = models.DateTimeField(_("saved at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["preference", "juror"]
        verbose_name = _("plan assessment")
        verbose_name_plural = _("plan assessments")
        constraints = [
            models.UniqueConstraint(fields=["juror", "preference"], name="one_assessment_each"),
        ]
        permissions = [("assess_plan", _("Can assess renovation plans as a juror"))]

    def __str__(self):
        return f"{self.preference_id} / {self.juror_id}"


class PlanScore(models.Model):
    assessment = models.ForeignKey(
        PlanAssessment,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("assessment"),
    )
    criterion = models.ForeignKey(
        "properties.AssessmentCriterion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("criterion"),
    )
    score = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="one_score_each"),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.score}"


class AssessmentOutcome(models.Model):
    """The published outcome of a round assessed by plan quality, kept byte for byte: the
    weighted score of every plan by reference, each home's ranking, allocation and reserves."""

    sales_round = models.OneToOneField(
        "properties.SalesRound",
        on_delete=models.PROTECT,
        related_name="assessment_outcome",
        verbose_name=_("sales round"),
    )
    draw = models.ForeignKey(
        "applications.LotteryDraw",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lottery that breaks ties"),
    )
    record = models.TextField(_("published outcome (JSON)"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("assessment outcome")
        verbose_name_plural = _("assessment outcomes")

    def __str__(self):
        return gettext("Outcome of %(round)s, published on %(when)s") % {
            "round": self.sales_round,
            "when": moment(self.published_at),
        }
