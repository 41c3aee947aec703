"""Reads for plan assessment: the plans a jury scores, a juror's work list (others' scores only
after their own is submitted), the published outcome and a buyer's own scores."""

import json
from decimal import Decimal

from django.db.models import Q

from applications.lottery.services import active_commitment
from applications.models import (
    AssessmentOutcome,
    PlanAssessment,
    Preference,
)
from properties.models import SalesRound


def frozen_entries(sales_round) -> dict[str, list[str]]:
    """{application ref: [home refs]} from the round's frozen snapshot (step 2 of the
    lottery): the jury scores exactly the entries and preferences that were frozen."""
    commitment = active_commitment(sales_round)
    snapshot = getattr(commitment, "snapshot", None) if commitment else None
    if snapshot is None:
        return {}
    data = json.loads(snapshot.canonical)
    return {e["ref"]: list(e["preferences"]) for e in data["entries"]}


def plans_to_assess(sales_round) -> list[Preference]:
    entries = frozen_entries(sales_round)
    if not entries:
        return []
    wanted = Q()
    for ref, homes in entries.items():
        wanted |= Q(application__reference=ref, property__reference__in=homes)
    return list(
        Preference.objects.filter(application__sales_round=sales_round)
        .filter(wanted)
        .select_related("application", "property", "plan")
        .order_by("property__reference", "application__reference")
    )


def juror_rounds(user):
    return (
        SalesRound.objects.filter(
            jurors=user,
            selection_method=SalesRound.SelectionMethod.PLAN_ASSESSMENT,
            published_at__isnull=False,
        )
        .select_related("municipality")
        .order_by("-closes_at")
    )


def juror_worklist(sales_round, juror) -> list[dict]:
    plans = plans_to_assess(sales_round)
    mine = {
        a.preference_id: a for a in PlanAssessment.objects.filter(juror=juror, preference__in=plans)
    }
    return [{"preference": p, "assessment": mine.get(p.pk)} for p in plans]


def juror_plan(sales_round, juror, reference: str, home: str) -> Preference | None:
    return next(
        (
            p
            for p in plans_to_assess(sales_round)
            if p.application.reference == reference and p.property.reference == home
        ),
        None,
    )


def other_assessments(preference, juror) -> list[PlanAssessment] | None:
    """The other jurors' submitted assessments, or None while the juror's own is not
    submitted (so nobody anchors on a colleague's numbers)."""
    own = PlanAssessment.objects.filter(juror=juror, preference=preference).first()
    if own is None or own.submitted_at is None:
        return None
    return list(
        PlanAssessment.objects.filter(preference=preference, submitted_at__isnull=False)
        .exclude(juror=juror)
        .select_related("juror")
        .prefetch_related("scores__criterion")
        .order_by("submitted_at")
    )


def round_assessment(sales_round) -> dict | None:
    """The published outcome for the round page: per home its ranking with scores."""
    outcome = AssessmentOutcome.objects.filter(sales_round=sales_round).first()
    if outcome is None:
        return None
    record = json.loads(outcome.record)
    addresses = {p.reference: p.address for p in sales_round.properties.all()}
    score = {(s["ref"], s["property"]): s for s in record["scores"]}
    minimum = Decimal(record["min_score"])
    homes = []
    for home, ranking in sorted(record["rankings"].items()):
        listed = [s for s in record["scores"] if s["property"] == home]
        below = sorted(
            (
                {"ref": s["ref"], "score": Decimal(s["score"])}
                for s in listed
                if Decimal(s["score"]) < minimum
            ),
            key=lambda s: s["ref"],
        )
        homes.append(
            {
                "ref": home,
                "address": addresses.get(home, home),
                "allocated": record["allocation"].get(home),
                "ranking": [
                    {
                        "rank": rank,
                        "ref": ref,
                        "score": Decimal(score[(ref, home)]["score"]),
                        "allocated": record["allocation"].get(home) == ref,
                        "reserve": ref in record["reserves"].get(home, []),
                    }
                    for rank, ref in enumerate(ranking, start=1)
                ],
                "below": below,
            }
        )
    return {"outcome": outcome, "record": record, "homes": homes, "min_score": minimum}


def result_for(application) -> dict | None:
    """The buyer's own scores, per home they listed: weighted score, the mean per criterion
    and the jurors' remarks (without names), once the outcome is published."""
    outcome = AssessmentOutcome.objects.filter(sales_round_id=application.sales_round_id).first()
    if outcome is None:
        return None
    record = json.loads(outcome.record)
    ref = application.reference
    mine = [s for s in record["scores"] if s["ref"] == ref]
    if not mine:
        return {"in_assessment": False}
    remarks = {}
    for assessment in (
        PlanAssessment.objects.filter(
            preference__application=application, submitted_at__isnull=False
        )
        .exclude(remarks="")
        .select_related("preference__property")
        .order_by("submitted_at")
    ):
        remarks.setdefault(assessment.preference.property.reference, []).append(assessment.remarks)
    addresses = {p.reference: p.address for p in application.sales_round.properties.all()}
    highest = {c["name"]: c["max_score"] for c in record["criteria"]}
    allocated = next((h for h, r in record["allocation"].items() if r == ref), None)
    homes = []
    for s in mine:
        home = s["property"]
        ranking = record["rankings"].get(home, [])
        homes.append(
            {
                "address": addresses.get(home, home),
                "score": Decimal(s["score"]),
                "criteria": [
                    {
                        "name": name,
                        "mean": sum(values) / len(values),
                        "max": highest.get(name),
                        "scores": values,
                    }
                    for name, values in s["juror_scores"].items()
                ],
                "rank": ranking.index(ref) + 1 if ref in ranking else None,
                "of": len(ranking),
                "below_minimum": Decimal(s["score"]) < Decimal(record["min_score"]),
                "remarks": remarks.get(home, []),
                "allocated": home == allocated,
                "reserve_rank": (
                    record["reserves"][home].index(ref) + 1
                    if ref in record["reserves"].get(home, [])
                    else None
                ),
            }
        )
    return {
        "in_assessment": True,
        "homes": homes,
        "min_score": Decimal(record["min_score"]),
        "published_at": outcome.published_at,
    }
