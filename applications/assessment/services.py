"""Plan assessment: jurors score, staff publish the outcome. Every write goes through here.

The arithmetic (weighted scores, rankings, deferred acceptance) is plain Python in
`applications.assessment_rules`; this module gathers the frozen entries, the jurors' scores and
the lottery's order, and stores the outcome as a published record.
"""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications import assessment_rules
from applications.assessment.selectors import (
    frozen_entries,
    plans_to_assess,
)
from applications.models import AssessmentOutcome, PlanAssessment, PlanScore
from properties.models import SalesRound


def _require_juror(juror, sales_round):
    if (
        not juror.has_perm("applications.assess_plan")
        or not sales_round.jurors.filter(pk=juror.pk).exists()
    ):
        raise PermissionDenied


def assessment_save(
    *, juror, preference, scores: dict[int, int], remarks: str, submit: bool
) -> PlanAssessment:
    """Save a juror's scores for one plan; `submit` makes them final and shows the juror the
    other jurors' scores. Refused once submitted, or once the outcome is published."""
    sales_round = preference.application.sales_round
    _require_juror(juror, sales_round)
    with transaction.atomic():
        SalesRound.objects.select_for_update().get(pk=sales_round.pk)
        if AssessmentOutcome.objects.filter(sales_round=sales_round).exists():
            raise ValidationError(_("The outcome has been published; scores can no longer change."))
        if preference.pk not in {p.pk for p in plans_to_assess(sales_round)}:
            raise ValidationError(_("This plan is not among the frozen entries of the round."))
        criteria = list(sales_round.assessment_criteria.all())
        for criterion in criteria:
            value = scores.get(criterion.pk)
            if value is not None and not 0 <= value <= criterion.max_score:
                raise ValidationError(
                    _("%(name)s: give a score from 0 to %(max)d.")
                    % {"name": criterion.name, "max": criterion.max_score}
                )
        if submit and any(scores.get(c.pk) is None for c in criteria):
            raise ValidationError(_("Score every criterion before you submit."))
        assessment, _created = PlanAssessment.objects.select_for_update().get_or_create(
            juror=juror, preference=preference
        )
        if assessment.submitted_at is not None:
            raise ValidationError(_("You have submitted this assessment; it is final."))
        now = timezone.now()
        assessment.remarks = remarks.strip()
        assessment.updated_at = now
        if submit:
            assessment.submitted_at = now
        assessment.save()
        for criterion in criteria:
            value = scores.get(criterion.pk)
            if value is None:
                PlanScore.objects.filter(assessment=assessment, criterion=criterion).delete()
            else:
                PlanScore.objects.update_or_create(
                    assessment=assessment, criterion=criterion, defaults={"score": value}
                )
    return assessment


def assessment_problems(sales_round) -> list[str]:
    """What stops the outcome from being computed and published."""
    problems = []
    if sales_round.selection_method != SalesRound.SelectionMethod.PLAN_ASSESSMENT:
        return [_("This round is not assessed by plan quality.")]
    if AssessmentOutcome.objects.filter(sales_round=sales_round).exists():
        return [_("The outcome has been published already.")]
    draw = sales_round.lottery_draws.filter(annulled_at__isnull=True).first()
    if draw is None:
        problems.append(_("The lottery that breaks ties has not been drawn yet."))
    jurors = list(sales_round.jurors.all())
    if len(jurors) < 2:
        problems.append(_("The jury needs at least two members."))
    plans = plans_to_assess(sales_round)
    if jurors and plans:
        done = set(
            PlanAssessment.objects.filter(
                preference__in=plans, juror__in=jurors, submitted_at__isnull=False
            ).values_list("juror_id", "preference_id")
        )
        missing = sum(1 for j in jurors for p in plans if (j.pk, p.pk) not in done)
        if missing:
            problems.append(
                ngettext(
                    "%(count)d assessment has not been submitted yet.",
                    "%(count)d assessments have not been submitted yet.",
                    missing,
                )
                % {"count": missing}
            )
    return problems


def _outcome_record(sales_round, draw) -> dict:
    """The published outcome: everything needed to recompute it from the jurors' scores
    (by criterion, without jurors' names) and the lottery's order."""
    criteria = list(sales_round.assessment_criteria.all())
    rules_criteria = [
        assessment_rules.Criterion(key=str(c.pk), weight=c.weight, max_score=c.max_score)
        for c in criteria
    ]
    entries = frozen_entries(sales_round)
    lottery = json.loads(draw.record)
    position = {o["ref"]: o["position"] for o in lottery["order"]}
    candidates = [
        assessment_rules.Candidate(ref=ref, preferences=tuple(homes))
        for ref, homes in sorted(entries.items())
    ]
    plans = plans_to_assess(sales_round)
    by_pair = {}
    scores = PlanScore.objects.filter(
        assessment__preference__in=plans,
        assessment__submitted_at__isnull=False,
        assessment__juror__in=sales_round.jurors.all(),
    ).select_related("assessment__preference__application", "assessment__preference__property")
    for score in scores.order_by("assessment__juror_id", "criterion_id"):
        preference = score.assessment.preference
        pair = (preference.application.reference, preference.property.reference)
        by_pair.setdefault(pair, {}).setdefault(str(score.criterion_id), []).append(score.score)
    outcome = assessment_rules.assessment_outcome(
        candidates,
        sorted(lottery["snapshot"]["properties"]),
        rules_criteria,
        by_pair,
        position,
        sales_round.assessment_min_score,
    )
    names = {str(c.pk): c.name for c in criteria}
    return {
        "method": "plan_assessment",
        "round": sales_round.slug,
        "criteria": [
            {"key": str(c.pk), "name": c.name, "weight": str(c.weight), "max_score": c.max_score}
            for c in criteria
        ],
        "min_score": str(sales_round.assessment_min_score),
        "lottery": {
            "snapshot_sha256": lottery["snapshot_sha256"],
            "drawn_at": lottery["drawn_at"],
            "order": [o["ref"] for o in lottery["order"]],
        },
        "scores": [
            {
                "ref": ref,
                "property": home,
                "score": str(outcome.scores[(ref, home)]),
                "juror_scores": {
                    names[key]: values for key, values in sorted(by_pair[(ref, home)].items())
                },
            }
            for ref, home in sorted(outcome.scores)
        ],
        "rankings": outcome.rankings,
        "allocation": outcome.allocation,
        "reserves": outcome.reserves,
    }


def assessment_publish(*, sales_round, actor) -> AssessmentOutcome:
    """Compute and publish the outcome. Side effects: none beyond the record; staff then make
    the offers (the same step as after a lottery)."""
    try:
        with transaction.atomic():
            locked = SalesRound.objects.select_for_update().get(pk=sales_round.pk)
            problems = assessment_problems(locked)
            if problems:
                raise ValidationError(problems)
            draw = locked.lottery_draws.get(annulled_at__isnull=True)
            record = _outcome_record(locked, draw)
            outcome = AssessmentOutcome.objects.create(
                sales_round=locked,
                draw=draw,
                record=json.dumps(record, ensure_ascii=False, indent=1),
                published_by=actor,
            )
    except IntegrityError as error:
        raise ValidationError(_("The outcome has been published already.")) from error
    return outcome
