"""The applications' personal data for klushuis.privacy (issue 17): the categories
"unsuccessful applications" and "drafts" (what is due, how one is removed), a buyer's
applications in their download, and their removal on request. Registered in `apps.py`.

What a removed application leaves: its tombstone (reference, round, counts) and the public
records, which name it by reference only (the lottery snapshot and draw record, the offer log),
so a published lottery record still verifies.
"""

from datetime import date

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications import rules as application_rules
from applications.models import (
    Applicant,
    Application,
    AssessmentOutcome,
    DeedParty,
    LotteryDraw,
    Offer,
    PlanAssessment,
    Preference,
    RenovationPlan,
    ReservePlace,
)
from klushuis.formatting import day
from klushuis.privacy import registry, rules
from klushuis.privacy.models import ErasureTombstone
from klushuis.privacy.services import BUYER_REQUEST, files_forget
from properties import rules as property_rules
from properties.models import SalesRound

UNSUCCESSFUL, DRAFTS = "unsuccessful_applications", "draft_applications"

# A home of the round is settled when it can no longer pass to a reserve: sold (a dissolution
# is possible only before the transfer) or taken out of sale.
SETTLED_HOMES = {
    property_rules.SOLD,
    property_rules.RENOVATED,
    property_rules.RELEASED,
    property_rules.WITHDRAWN,
}

# What a buyer's deletion request removes at once; the others are still in a running selection
# (the frozen entries of a draw, an offer, a reserve place) or under a contract.
ERASABLE_ON_REQUEST = {
    application_rules.DRAFT,
    application_rules.SUBMITTED,
    application_rules.ELIGIBLE,
    *(rules.UNSUCCESSFUL - {application_rules.RESERVE}),
}


def allocation_final_on(sales_round) -> date | None:
    """The day a round's allocation became final, or None while it is not: a selection was
    made, no offer is open, and every home is settled. The day is the latest of the draw, the
    published outcome and the offers' decisions."""
    draw = LotteryDraw.objects.filter(sales_round=sales_round, annulled_at__isnull=True).first()
    outcome = AssessmentOutcome.objects.filter(sales_round=sales_round).first()
    if draw is None and outcome is None:
        return None
    if Offer.objects.filter(sales_round=sales_round, status=Offer.Status.OPEN).exists():
        return None
    if sales_round.properties.exclude(status__in=SETTLED_HOMES).exists():
        return None
    moments = [m for m in (draw and draw.drawn_at, outcome and outcome.published_at) if m]
    last_offer = Offer.objects.filter(sales_round=sales_round).aggregate(at=Max("decided_at"))
    if last_offer["at"]:
        moments.append(last_offer["at"])
    return timezone.localdate(max(moments))


def _due_unsuccessful(policies, today):
    for sales_round in SalesRound.objects.filter(
        Exists(
            Application.objects.filter(sales_round=OuterRef("pk"), status__in=rules.UNSUCCESSFUL)
        )
    ):
        final_on = allocation_final_on(sales_round)
        retention = policies(sales_round.municipality_id)
        if final_on is None or today < rules.unsuccessful_removal_date(final_on, retention):
            continue
        for pk, reference, status in Application.objects.filter(
            sales_round=sales_round, status__in=rules.UNSUCCESSFUL
        ).values_list("pk", "reference", "status"):
            if rules.unsuccessful_due(
                status=status, allocation_final_on=final_on, retention=retention, today=today
            ):
                yield registry.DueItem(pk, reference, sales_round.municipality_id)


def _due_drafts(policies, today):
    now = timezone.now()
    drafts = Application.objects.filter(
        status=application_rules.DRAFT, sales_round__closes_at__lt=now
    ).values_list("pk", "reference", "updated_at", "sales_round__municipality_id")
    for pk, reference, updated_at, municipality_id in drafts.iterator():
        if rules.draft_due(
            last_activity=timezone.localdate(updated_at),
            retention=policies(municipality_id),
            today=today,
        ):
            yield registry.DueItem(pk, reference, municipality_id)


def application_erase(pk, *, statuses, category_key) -> dict | None:
    """Remove one application (see `application_erase_many`); None when it was not removed."""
    return application_erase_many([pk], statuses=statuses, category_key=category_key).get(pk)


def application_erase_many(pks, *, statuses, category_key) -> dict:
    """Remove applications with everything that hangs off them (applicants, preferences, plans,
    offers, reserve places, scores, history, notes, and the rows layers above keep about them:
    `registry.COMPANIONS`) and their files, set by set (a few queries per chunk, not per row).

    Locks the rows and checks their status again under the lock: one that is gone, no longer in
    `statuses`, or held by another request right now is left out (due again at the next run).
    Returns {pk: counts for its tombstone}. Side effects: rows deleted; the files recorded for
    removal after the commit."""
    applications = list(
        Application.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk__in=list(pks), status__in=statuses)
        .select_related("sales_round")
    )
    if not applications:
        return {}
    ids = [a.pk for a in applications]
    companions = registry.COMPANIONS.run(category_key, ids)
    preferences = Preference.objects.filter(application_id__in=ids)
    plans = list(RenovationPlan.objects.filter(preference__application_id__in=ids))
    offers = Offer.objects.filter(application_id__in=ids)

    def per_application(queryset, field="application_id"):
        return dict(queryset.values_list(field).annotate(n=Count("pk")).order_by())

    applicants = per_application(Applicant.objects.filter(application_id__in=ids))
    preference_counts = per_application(preferences)
    plan_counts = per_application(
        RenovationPlan.objects.filter(preference__application_id__in=ids),
        "preference__application_id",
    )
    offer_counts = per_application(offers)
    plans_by_application: dict = {}
    for plan in RenovationPlan.objects.filter(preference__application_id__in=ids).values_list(
        "pk", "preference__application_id"
    ):
        plans_by_application.setdefault(plan[1], []).append(plan[0])
    counts = {}
    for application in applications:
        pk = application.pk
        files = [application.financing_statement, application.financing_statement_original]
        files += [
            f
            for plan in plans
            if plan.pk in plans_by_application.get(pk, [])
            for f in (plan.drawings, plan.drawings_original)
        ]
        counts[pk] = {
            "context": application.sales_round.slug,
            "status": application.status,
            "applicants": applicants.get(pk, 0),
            "preferences": preference_counts.get(pk, 0),
            "plans": plan_counts.get(pk, 0),
            "offers": offer_counts.get(pk, 0),
            "submitted": application.submitted_at is not None,
            "files": files_forget(*files),
            **companions.get(pk, {}),
        }
    PlanAssessment.objects.filter(preference__application_id__in=ids).delete()
    DeedParty.objects.filter(offer__application_id__in=ids).delete()
    offers.delete()
    ReservePlace.objects.filter(application_id__in=ids).delete()
    Application.objects.filter(pk__in=ids).delete()
    return counts


def _erase_unsuccessful(item):
    return application_erase(item.key, statuses=rules.UNSUCCESSFUL, category_key=UNSUCCESSFUL)


def _erase_unsuccessful_many(items):
    return application_erase_many(
        [i.key for i in items], statuses=rules.UNSUCCESSFUL, category_key=UNSUCCESSFUL
    )


def _erase_drafts_many(items):
    return application_erase_many(
        [i.key for i in items], statuses={application_rules.DRAFT}, category_key=DRAFTS
    )


def _erase_draft(item):
    return application_erase(item.key, statuses={application_rules.DRAFT}, category_key=DRAFTS)


def _export(user):
    sections = []
    for application in (
        Application.objects.filter(user=user)
        .select_related("sales_round")
        .prefetch_related("applicants", "preferences__property", "preferences__plan")
    ):
        applicants = [
            {
                "role": a.role,
                "given_names": a.given_names,
                "surname": a.surname,
                "date_of_birth": a.date_of_birth.isoformat(),
                "email": a.email,
                "phone": a.phone,
            }
            for a in application.applicants.all()
        ]
        preferences = []
        files = []
        if application.financing_statement:
            files.append(
                (
                    f"{application.reference}/financieringsverklaring.pdf",
                    application.financing_statement,
                )
            )
        for p in application.preferences.all():
            plan = getattr(p, "plan", None)
            preferences.append(
                {
                    "rank": p.rank,
                    "home": p.property.reference,
                    "plan": None
                    if plan is None
                    else {
                        "description": plan.description,
                        "total_budget": str(plan.total_budget),
                        "planned_start": plan.planned_start.isoformat(),
                        "planned_completion": plan.planned_completion.isoformat(),
                        "own_work_share": plan.own_work_share,
                        "contractor": plan.contractor,
                    },
                }
            )
            if plan is not None and plan.drawings:
                files.append(
                    (
                        f"{application.reference}/tekeningen-{p.property.reference}.pdf",
                        plan.drawings,
                    )
                )
        data = {
            "reference": application.reference,
            "sales_round": application.sales_round.name,
            "status": application.status,
            "created_at": application.created_at.isoformat(),
            "submitted_at": application.submitted_at.isoformat()
            if application.submitted_at
            else None,
            "applicants": applicants,
            "household": {"adults": application.adults, "children": application.children},
            "current_housing": application.current_housing,
            "leaves_social_rental": application.leaves_social_rental,
            "lives_or_works_locally": application.lives_or_works_locally,
            "financing": {
                "max_mortgage": str(application.max_mortgage or ""),
                "own_funds": str(application.own_funds or ""),
                "provider": application.financing_provider,
                "date": application.financing_date.isoformat()
                if application.financing_date
                else None,
            },
            "preferences": preferences,
            "history": [
                {"at": c.at.isoformat(), "from": c.from_status, "to": c.to_status}
                for c in application.history.all()
            ],
        }
        rows = [
            (_("Sales round"), application.sales_round.name),
            (_("Status"), application.get_status_display()),
            *(
                (_("Applicant"), f"{a.full_name}, {day(a.date_of_birth)}, {a.email} {a.phone}")
                for a in application.applicants.all()
            ),
            (_("Household"), f"{application.adults} + {application.children}"),
            (_("Homes in order of preference"), " > ".join(p["home"] for p in preferences)),
        ]
        sections.append(
            registry.ExportSection(
                title=f"{_('Application')} {application.reference}",
                rows=rows,
                data=data,
                files=files,
            )
        )
    return sections


def _erase_for_user(user):
    removed = 0
    for pk in Application.objects.filter(user=user, status__in=ERASABLE_ON_REQUEST).values_list(
        "pk", flat=True
    ):
        held = registry.LEGAL_HOLDS.held(UNSUCCESSFUL, {pk})
        if held:
            continue
        application = Application.objects.select_related("sales_round").get(pk=pk)
        counts = application_erase(pk, statuses=ERASABLE_ON_REQUEST, category_key=UNSUCCESSFUL)
        if counts is not None:
            ErasureTombstone.objects.get_or_create(
                category=UNSUCCESSFUL,
                reference=application.reference,
                defaults={
                    "organisation_id": application.sales_round.municipality_id,
                    "context": counts.pop("context", ""),
                    "counts": counts,
                    "reason": BUYER_REQUEST,
                },
            )
            removed += 1
    return {"applications": removed}


def _kept_for_user(user):
    kept = []
    for application in Application.objects.filter(user=user).exclude(
        Q(status__in=ERASABLE_ON_REQUEST)
    ):
        kept.append(
            _(
                "Application %(reference)s: it takes part in a selection that is still running "
                "(a draw, an offer or a reserve list) or has led to a purchase; it is removed "
                "when that ends, as the retention periods on the privacy page say."
            )
            % {"reference": application.reference}
        )
    return kept


def register():
    registry.register(
        registry.Category(
            key=UNSUCCESSFUL,
            label=_("Applications that did not lead to a purchase"),
            purpose=_(
                "Selecting buyers for the homes of a sales round, and accounting for that "
                "selection afterwards (objections and complaints)."
            ),
            legal_basis=_(
                "Performance of a public task (AVG art. 6(1)(e)): the municipality's sale of "
                "homes under its housing policy; steps at the buyer's request before a contract "
                "(art. 6(1)(b))."
            ),
            recipients=_(
                "The municipality's staff and the advisory bureau that runs the round by its "
                "mandate; jurors see plans by reference only; the notary sees no personal data."
            ),
            retention_text=lambda r: (
                _(
                    "%(months)d months after the allocation of the round is final and the "
                    "objection period of %(weeks)d weeks has passed."
                )
                % {"months": r.unsuccessful_months, "weeks": r.objection_weeks}
            ),
            retention_fields=("unsuccessful_months", "objection_weeks"),
            due=_due_unsuccessful,
            erase=_erase_unsuccessful,
            erase_many=_erase_unsuccessful_many,
            export=_export,
            erase_for_user=_erase_for_user,
            kept_for_user=_kept_for_user,
            order=10,
        )
    )
    registry.register(
        registry.Category(
            key=DRAFTS,
            label=_("Applications never submitted"),
            purpose=_("Letting a buyer prepare an application before the deadline."),
            legal_basis=_("Steps at the buyer's request before a contract (AVG art. 6(1)(b))."),
            recipients=_("Nobody but the buyer."),
            retention_text=lambda r: (
                _("%(months)d months after the last change, once the round has closed.")
                % {"months": r.draft_inactive_months}
            ),
            retention_fields=("draft_inactive_months",),
            due=_due_drafts,
            erase=_erase_draft,
            erase_many=_erase_drafts_many,
            order=11,
        )
    )
