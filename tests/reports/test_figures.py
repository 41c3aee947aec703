"""Each figure of the reports, rebuilt here from the raw rows (history, offers, contracts,
obligations, exemptions, evidence, resales, tombstones) by plain Python, must equal what the
selectors count; and the dashboard's queries do not grow with the data."""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aftercare.models import (
    Case,
    CompletionNotice,
    Evidence,
    Exemption,
    Obligation,
    PenaltyClaim,
    RequirementItem,
    Resale,
)
from applications.models import Application, Offer, Preference, StatusChange
from applications.privacy import DRAFTS, UNSUCCESSFUL
from contracts.models import Contract
from klushuis.privacy.models import ErasureTombstone
from properties.models import AlertDelivery, AlertSubscription, SalesRound
from reports import selectors
from tests.factories import PropertyFactory, SalesRoundFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)

# The removed applications of the cast's round, as their tombstones record them, with the
# funnel steps each certainly reached (written out here, not computed by the rule under test).
TOMBSTONES = [
    (DRAFTS, {"status": "draft", "submitted": False, "offers": 0}, set()),
    (UNSUCCESSFUL, {"status": "not_selected", "submitted": True, "offers": 0}, {"s", "e", "d"}),
    (UNSUCCESSFUL, {"status": "declined", "submitted": True, "offers": 1}, {"s", "e", "d"}),
    (UNSUCCESSFUL, {"status": "ineligible", "submitted": True, "offers": 0}, {"s"}),
    (UNSUCCESSFUL, {"status": "withdrawn", "submitted": True, "offers": 0}, {"s"}),
    (UNSUCCESSFUL, {"status": "withdrawn", "submitted": False, "offers": 0}, set()),
]
STEP_OF = {"s": "submitted", "e": "eligible", "d": "selected"}


def _world(cast):
    """The cast's round, with its agreement transferred and in aftercare, a second agreement
    dissolved, obligations in every state (one exempted), exemption requests, invoices, a
    resale, alert deliveries and tombstones. Rows are written directly: the figures are about
    what the rows say, not how they got there."""
    here = cast.municipality
    contract = cast.contract
    Contract.objects.filter(pk=contract.pk).update(
        status="transferred",
        seller_signed_at=timezone.now(),
        transferred_at=timezone.now(),
        transfer_date=date(2026, 1, 5),
    )
    other = Application.objects.get(sales_round=cast.this_round, user=cast.roles["other_buyer"])
    # Reopened and submitted again: still one application that reached "submitted".
    StatusChange.objects.create(application=other, from_status="draft", to_status="submitted")
    second_home = PropertyFactory(municipality=here, reference="HVS-REP-2")
    cast.this_round.properties.add(second_home)
    offer = Offer.objects.create(
        sales_round=cast.this_round,
        application=other,
        property=second_home,
        status="accepted",
        source="reserve",
        respond_before=timezone.now(),
    )
    dissolved = Contract.objects.get(pk=contract.pk)
    dissolved.pk = None
    dissolved.offer = offer
    dissolved.application = other
    dissolved.property = second_home
    dissolved.reference = f"{contract.reference}-2"
    dissolved.sent_version = None
    dissolved.status = "dissolved"
    dissolved.dissolution_kind = "by_agreement"
    dissolved.dissolved_at = timezone.now()
    dissolved.save()
    case = Case.objects.create(
        contract=contract,
        property=contract.property,
        municipality=here,
        sales_round=cast.this_round,
        buyer=cast.roles["buyer"],
        transfer_date=date(2026, 1, 5),
        terms={},
        accepted_on=date(2026, 5, 1),
    )
    item = RequirementItem.objects.create(case=case, number=1, title="Dak")
    notice = CompletionNotice.objects.create(
        case=case, status="accepted", submitted_at=timezone.now()
    )
    for amount in (Decimal("12000.50"), Decimal("8000.00"), None):
        Evidence.objects.create(
            notice=notice,
            item=item,
            kind="invoice" if amount else "photo",
            amount=amount,
            file=ContentFile(b"%PDF-", name="f.pdf"),
        )
    draft = CompletionNotice.objects.create(case=case, number=2)
    Evidence.objects.create(  # not accepted: not realised investment
        notice=draft,
        item=item,
        kind="invoice",
        amount=Decimal("999"),
        file=ContentFile(b"x", name="x.pdf"),
    )
    obligations = {}
    for kind, status, due, done in [
        ("renovation_start", "met", date(2026, 3, 1), date(2026, 2, 1)),
        ("progress_report", "met", date(2026, 3, 1), date(2026, 3, 9)),
        ("completion", "open", date(2026, 5, 1), None),
        ("brp_registration", "open", date(2026, 9, 1), None),
        ("inspection", "lapsed", date(2027, 4, 1), None),
        ("occupancy", "open", date(2027, 1, 1), None),  # a period, not a deadline
    ]:
        obligations[kind] = Obligation.objects.create(
            case=case, kind=kind, status=status, due_on=due, done_on=done
        )
    obligations["late_report"] = Obligation.objects.create(
        case=case,
        kind="progress_report",
        sequence=2,
        status="met",
        due_on=date(2025, 12, 1),
        done_on=date(2026, 1, 2),
    )
    # A new deadline granted for the completion (it counts as exempted, though it is open
    # and past); a refused request about the progress report (it counts by its status); one
    # still awaiting a second approval, and a release granted for no particular obligation.
    staff = cast.roles["municipal_staff"]
    buyer = cast.roles["buyer"]
    for obligation, ground, status, outcome in [
        (obligations["completion"], "illness", "granted", "new_deadline"),
        (obligations["progress_report"], "illness", "refused", "refusal"),
        (obligations["brp_registration"], "work_elsewhere", "proposed", "new_deadline"),
        (None, "relationship_ended", "granted", "release_with_payment"),
    ]:
        Exemption.objects.create(
            case=case,
            obligation=obligation,
            ground=ground,
            explanation="Zie bijlage.",
            requested_by=buyer,
            status=status,
            outcome=outcome,
            proposed_by=staff,
        )
    for price, due, paid in [
        (Decimal("260000"), Decimal("12500.00"), date(2026, 4, 1)),
        (Decimal("250000"), Decimal("7500.25"), None),
    ]:
        Resale.objects.create(
            case=case,
            sold_on=date(2026, 3, 1),
            price=price,
            verdict="payment_due",
            computation={},
            payment_due=due,
            recorded_by=staff,
            paid_on=paid,
        )
    for n in range(3):
        subscription = AlertSubscription.objects.create(email=f"a{n}@example.test")
        AlertDelivery.objects.create(subscription=subscription, sales_round=cast.this_round)
    for n, (category, counts, _steps) in enumerate(TOMBSTONES):
        ErasureTombstone.objects.create(
            organisation=here,
            category=category,
            reference=f"T{n}",
            context=cast.this_round.slug,
            counts=counts,
            reason="retention",
        )
    ErasureTombstone.objects.create(  # a destruction list's: no round of ours
        organisation=here, category=UNSUCCESSFUL, reference="T8", context="destruction list 1"
    )
    ErasureTombstone.objects.create(  # elsewhere: not ours
        organisation=cast.other_municipality,
        category=DRAFTS,
        reference="T9",
        context=cast.other_round.slug,
        counts={"status": "draft", "submitted": False},
        reason="x",
    )


def test_every_figure_is_rebuilt_from_the_raw_rows(cast):
    _world(cast)
    here = cast.municipality.pk
    scope = selectors.Scope(municipality_ids=(here,))
    figures = selectors.dashboard(scope, today=TODAY)
    rounds = {r.pk: r for r in figures.rounds}
    ours = [r for r in SalesRound.objects.all() if r.municipality_id == here]
    assert set(rounds) == {r.pk for r in ours}

    apps = {a.pk: a for a in Application.objects.all() if a.sales_round.municipality_id == here}
    history = [h for h in StatusChange.objects.all() if h.application_id in apps]
    tombstones = [t for t in ErasureTombstone.objects.all() if t.organisation_id == here]

    def reached(round_pk, statuses):
        return len(
            {
                h.application_id
                for h in history
                if h.to_status in statuses and apps[h.application_id].sales_round_id == round_pk
            }
        )

    def removed(round_, step=None):
        """Tombstones of the round (by its slug), reaching `step` (None: all of them)."""
        expected = {(c, tuple(sorted(counts.items()))): s for c, counts, s in TOMBSTONES}
        out = 0
        for t in tombstones:
            if t.context != round_.slug:
                continue
            steps = expected[(t.category, tuple(sorted(t.counts.items())))]
            out += step is None or any(STEP_OF[s] == step for s in steps)
        return out

    for round_ in ours:
        r = rounds[round_.pk]
        pk = round_.pk
        offers = [o for o in Offer.objects.all() if o.sales_round_id == pk]
        contracts = [c for c in Contract.objects.all() if c.offer.sales_round_id == pk]
        transferred = [c for c in contracts if c.status == "transferred"]
        removed_offers = sum(
            t.counts.get("offers", 0) for t in tombstones if t.context == round_.slug
        )
        assert r.subscribers == len(
            [d for d in AlertDelivery.objects.all() if d.sales_round_id == pk]
        )
        assert r.started == len([a for a in apps.values() if a.sales_round_id == pk]) + removed(
            round_
        )
        assert r.submitted == reached(pk, {"submitted"}) + removed(round_, "submitted")
        assert r.eligible == reached(pk, {"eligible"}) + removed(round_, "eligible")
        assert r.selected == reached(
            pk, {"in_draw", "offered", "reserve", "not_selected"}
        ) + removed(round_, "selected")
        assert r.offers == len(offers) + removed_offers
        assert r.acceptances == len([o for o in offers if o.status == "accepted"])
        assert r.agreements == len([c for c in contracts if c.seller_signed_at is not None])
        assert r.transfers == len(transferred)
        opened = timezone.localtime(round_.opens_at).date()
        assert sorted(r.days_to_transfer) == sorted(
            (c.transfer_date - opened).days for c in transferred
        )
    this = rounds[cast.this_round.pk]
    # Two buyers applied and went through the assessment; six removed applications add to it.
    assert (this.started, this.submitted, this.eligible, this.selected) == (8, 6, 4, 4)
    assert (this.subscribers, this.offers, this.acceptances) == (3, 3, 2)
    assert (this.agreements, this.transfers) == (2, 1)
    totals = figures.totals
    assert totals["started"] == sum(r.started for r in figures.rounds)

    assert figures.removed_applications == {"drafts": 1, "unsuccessful": 5}

    submitted = [p for p in Preference.objects.all() if p.application_id in apps]
    submitted = [p for p in submitted if apps[p.application_id].submitted_at is not None]
    expected_homes = {}
    for p in submitted:
        n, first = expected_homes.get(p.property_id, (set(), set()))
        n.add(p.application_id)
        if p.rank == 1:
            first.add(p.application_id)
        expected_homes[p.property_id] = (n, first)
    assert {h.pk: (h.applications, h.first_choice) for h in figures.homes} == {
        pk: (len(n), len(first)) for pk, (n, first) in expected_homes.items()
    }
    assert [h.applications for h in figures.homes] == sorted(
        (h.applications for h in figures.homes), reverse=True
    )

    contracts = [c for c in Contract.objects.all() if c.municipality_id == here]
    assert figures.dissolutions == sorted(
        Counter(c.dissolution_kind for c in contracts if c.status == "dissolved").items()
    )
    assert figures.dissolutions == [("by_agreement", 1)]

    # Compliance: every deadline (not the periods) in exactly one column: exempted when an
    # exemption was granted for it, else by its status and dates on TODAY.
    exempted = {
        e.obligation_id for e in Exemption.objects.all() if e.status == "granted" and e.obligation
    }

    def column(o):
        if o.pk in exempted:
            return "exempted"
        if o.status == "met":
            return "on_time" if o.done_on <= o.due_on else "late"
        if o.status == "lapsed":
            return "lapsed"
        return "overdue" if o.due_on < TODAY else "open"

    deadlines = [
        o
        for o in Obligation.objects.all()
        if o.kind not in ("occupancy", "anti_speculation")
        and o.case.sales_round.municipality_id == here
    ]
    by_kind = Counter((o.kind, column(o)) for o in deadlines)
    by_year = Counter((o.due_on.year, column(o)) for o in deadlines)
    assert {
        (row["kind"], c): row[c]
        for row in figures.compliance
        for c in selectors.COMPLIANCE_COLUMNS
        if row[c]
    } == dict(by_kind)
    assert {
        (row["year"], c): row[c]
        for row in figures.compliance_by_year
        for c in selectors.COMPLIANCE_COLUMNS
        if row[c]
    } == dict(by_year)
    assert [row["year"] for row in figures.compliance_by_year] == [2025, 2026, 2027]
    assert by_kind[("completion", "exempted")] == 1
    assert by_kind[("progress_report", "late")] == 2  # a refused request changes nothing
    assert "occupancy" not in {row["kind"] for row in figures.compliance}

    requests = Counter(
        (e.ground, {"requested": "pending", "proposed": "pending"}.get(e.status, e.status))
        for e in Exemption.objects.all()
        if e.case.sales_round.municipality_id == here
    )
    assert {
        (row["ground"], c): row[c]
        for row in figures.exemptions
        for c in selectors.EXEMPTION_COLUMNS
        if row[c]
    } == dict(requests)

    claims = [
        c
        for c in PenaltyClaim.objects.select_related("case__sales_round")
        if c.case.sales_round.municipality_id == here
    ]
    assert figures.penalties == selectors.Penalties(
        len(claims),
        sum((c.amount for c in claims), Decimal(0)),
        sum((c.paid_amount or Decimal(0) for c in claims), Decimal(0)),
    )

    money = figures.money
    sold = [c for c in contracts if c.status == "transferred"]
    assert money.homes_sold == len(sold) == 1
    assert money.sale_proceeds == sum(c.property.current_figures.purchase_price for c in sold)
    assert money.committed_renovation == sum(
        c.property.current_figures.minimum_renovation_budget for c in sold
    )
    assert money.realised_investment == sum(
        e.amount
        for e in Evidence.objects.all()
        if e.amount is not None and e.notice.status in {"accepted", "deemed_accepted"}
    )
    assert money.realised_investment == Decimal("20000.50")
    cases = [c for c in Case.objects.all() if c.sales_round.municipality_id == here]
    assert money.homes_renovated == len(
        [c for c in cases if c.accepted_on is not None or c.deemed_accepted]
    )
    started = {
        o.case_id
        for o in Obligation.objects.all()
        if o.kind == "renovation_start" and o.status == "met"
    }
    reported = {n.case_id for n in CompletionNotice.objects.all() if n.submitted_at}
    assert figures.progress == {
        "cases": len(cases),
        "started": len([c for c in cases if c.pk in started]),
        "reported": len([c for c in cases if c.pk in reported]),
        "accepted": money.homes_renovated,
    }
    assert figures.progress == {"cases": 1, "started": 1, "reported": 1, "accepted": 1}
    resales = [r for r in Resale.objects.all() if r.case in cases]
    assert money.resales == len(resales) == 2
    assert money.anti_speculation_due == sum(r.payment_due for r in resales)
    assert money.anti_speculation_paid == sum(r.payment_due for r in resales if r.paid_on)
    assert money.anti_speculation_paid == Decimal("12500.00")


def test_the_other_municipality_sees_none_of_it(cast):
    _world(cast)
    figures = selectors.dashboard(selectors.Scope(municipality_ids=(cast.other_municipality.pk,)))
    assert all(r.transfers == 0 for r in figures.rounds)
    assert cast.this_round.pk not in {r.pk for r in figures.rounds}
    assert figures.money.homes_sold == 0
    assert figures.money.resales == 0
    assert figures.removed_applications == {"drafts": 1, "unsuccessful": 0}
    assert figures.compliance == []
    assert figures.exemptions == []
    assert figures.dissolutions == []


def test_a_bureau_across_its_mandates_gets_the_sum_of_its_municipalities(cast):
    _world(cast)
    here, there = cast.municipality.pk, cast.other_municipality.pk
    both = selectors.dashboard(selectors.Scope(municipality_ids=(here, there)))
    each = [selectors.dashboard(selectors.Scope(municipality_ids=(pk,))) for pk in (here, there)]
    for step in selectors.FUNNEL_STEPS:
        assert both.totals.get(step, 0) == sum(f.totals.get(step, 0) for f in each)
    assert both.removed_applications == {
        key: sum(f.removed_applications[key] for f in each) for key in ("drafts", "unsuccessful")
    }
    assert both.money.sale_proceeds == sum(f.money.sale_proceeds for f in each)


def test_a_period_keeps_the_rounds_opened_in_it(cast):
    _world(cast)
    opened = timezone.localtime(cast.this_round.opens_at).date()
    inside = selectors.Scope((cast.municipality.pk,), start=opened, end=opened)
    before = selectors.Scope((cast.municipality.pk,), end=opened - timedelta(days=1))
    assert cast.this_round.pk in {r.pk for r in selectors.round_figures(inside)}
    assert selectors.round_figures(before) == []
    assert selectors.money(before).homes_sold == 0
    assert selectors.dashboard(before).removed_applications == {"drafts": 0, "unsuccessful": 0}


def _grow(cast, rounds: int, per_round: int):
    """More of everything the dashboard counts, in new rounds of the municipality."""
    here = cast.municipality
    subscription = AlertSubscription.objects.create(email=f"grow{rounds}@example.test")
    for r in range(rounds):
        sales_round = SalesRoundFactory(municipality=here, slug=f"groei-{rounds}-{r}")
        AlertDelivery.objects.create(subscription=subscription, sales_round=sales_round)
        for n in range(per_round):
            home = PropertyFactory(municipality=here, reference=f"HVS-G{rounds}-{r}-{n}")
            sales_round.properties.add(home)
            application = Application.objects.create(
                sales_round=sales_round,
                user=UserFactory(),
                reference=f"G-{rounds}-{r}-{n}",
                status="not_selected",
                submitted_at=timezone.now(),
            )
            Preference.objects.create(application=application, property=home, rank=1)
            for before, after in [("draft", "submitted"), ("submitted", "eligible")]:
                StatusChange.objects.create(
                    application=application, from_status=before, to_status=after
                )
            offer = Offer.objects.create(
                sales_round=sales_round,
                application=application,
                property=home,
                status="accepted",
                source="allocation",
                respond_before=timezone.now(),
            )
            contract = Contract.objects.get(pk=cast.contract.pk)
            contract.pk, contract.offer, contract.property = None, offer, home
            contract.application, contract.reference = application, f"K-G{rounds}-{r}-{n}"
            contract.sent_version = None
            contract.save()
            case = Case.objects.create(
                contract=contract,
                property=home,
                municipality=here,
                sales_round=sales_round,
                buyer=application.user,
                transfer_date=date(2026, 1, 5),
                terms={},
            )
            obligation = Obligation.objects.create(
                case=case, kind="completion", due_on=date(2027, 1, 5)
            )
            Exemption.objects.create(
                case=case,
                obligation=obligation,
                ground="illness",
                explanation="-",
                requested_by=application.user,
                status="granted",
            )
            ErasureTombstone.objects.create(
                organisation=here,
                category=UNSUCCESSFUL,
                reference=f"TG-{rounds}-{r}-{n}",
                context=sales_round.slug,
                counts={"status": "not_selected", "submitted": True, "offers": 1},
                reason="retention",
            )


def _queries(scope) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        selectors.dashboard(scope)
    return [q["sql"] for q in queries.captured_queries]


def test_the_dashboard_runs_a_fixed_number_of_queries(cast):
    _world(cast)
    scope = selectors.Scope(municipality_ids=(cast.municipality.pk,))
    small = _queries(scope)
    assert len(small) == QUERIES
    # Three more rounds with four sales each, then five more with five: the same queries.
    _grow(cast, rounds=3, per_round=4)
    assert len(_queries(scope)) == QUERIES
    _grow(cast, rounds=5, per_round=5)
    assert len(_queries(scope)) == QUERIES


# rounds, alerts, applications with their history, offers, contracts (with transfer days),
# tombstones, deadlines (per kind and year), homes' interest, their labels, dissolutions,
# exemptions, penalty claims, sold, invoices, renovated, resales.
QUERIES = 16


def test_the_penalties_are_rebuilt_from_the_claims(cast):
    """The penalties figure (issue #16): the claims for breaches in the scope's rounds, what
    they came to as claimed whatever happened to them afterwards, and what was paid."""
    _world(cast)
    case = Case.objects.get(contract=cast.contract)
    completion = case.obligations.get(kind="completion")
    start = case.obligations.get(kind="renovation_start")
    staff = cast.roles["municipal_staff"]
    for obligation, amount, status, paid in [
        (completion, Decimal("10250.00"), "paid", Decimal("10250.00")),
        (completion, Decimal("1500.00"), "waived", None),  # the same breach, later
        (start, Decimal("700.50"), "claimed", None),
    ]:
        PenaltyClaim.objects.create(
            case=case,
            obligation=obligation,
            computation={},
            amount=amount,
            amount_due=amount,
            status=status,
            claimed_by=staff,
            paid_amount=paid,
        )
    here = selectors.penalties(selectors.Scope(municipality_ids=(cast.municipality.pk,)))
    assert here == selectors.Penalties(3, Decimal("12450.50"), Decimal("10250.00"))
    # Elsewhere: not counted.
    elsewhere = selectors.Scope(municipality_ids=(cast.other_municipality.pk,))
    assert selectors.penalties(elsewhere) == selectors.Penalties(0, Decimal(0), Decimal(0))
