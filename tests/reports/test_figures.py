"""Each figure of the reports, rebuilt here from the raw rows (history, offers, contracts,
obligations, evidence, tombstones) by plain Python, must equal what the selectors count; and
the dashboard's queries do not grow with the data."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from aftercare.models import (
    Case,
    CompletionNotice,
    Evidence,
    Obligation,
    PenaltyClaim,
    RequirementItem,
)
from applications.models import Application, Offer, Preference, StatusChange
from applications.privacy import DRAFTS, UNSUCCESSFUL
from contracts.models import Contract
from klushuis.privacy.models import ErasureTombstone
from properties.models import AlertDelivery, AlertSubscription
from reports import selectors
from tests.factories import PropertyFactory, SalesRoundFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


def _world(cast):
    """The cast's round, with its agreement transferred and in aftercare, a second agreement
    dissolved, obligations in every state, invoices, alert deliveries and tombstones. Rows
    are written directly: the figures are about what the rows say, not how they got there."""
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
    notice = CompletionNotice.objects.create(case=case, status="accepted")
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
    for kind, status, due, done in [
        ("renovation_start", "met", date(2026, 3, 1), date(2026, 2, 1)),
        ("progress_report", "met", date(2026, 3, 1), date(2026, 3, 9)),
        ("completion", "open", date(2026, 5, 1), None),
        ("brp_registration", "open", date(2026, 9, 1), None),
        ("inspection", "lapsed", date(2026, 4, 1), None),
        ("occupancy", "open", date(2027, 1, 1), None),  # a period, not a deadline
    ]:
        Obligation.objects.create(case=case, kind=kind, status=status, due_on=due, done_on=done)
    for n in range(3):
        subscription = AlertSubscription.objects.create(email=f"a{n}@example.test")
        AlertDelivery.objects.create(subscription=subscription, sales_round=cast.this_round)
    for n, category in enumerate([DRAFTS, UNSUCCESSFUL, UNSUCCESSFUL]):
        ErasureTombstone.objects.create(
            organisation=here, category=category, reference=f"T{n}", reason="retention"
        )
    ErasureTombstone.objects.create(  # elsewhere: not ours
        organisation=cast.other_municipality, category=DRAFTS, reference="T9", reason="x"
    )


def _in_scope(round_):
    return round_.municipality_id


def test_every_figure_is_rebuilt_from_the_raw_rows(cast):
    _world(cast)
    here = cast.municipality.pk
    scope = selectors.Scope(municipality_ids=(here,))
    figures = selectors.dashboard(scope)
    rounds = {r.pk: r for r in figures.rounds}
    assert set(rounds) == {
        r.pk for r in cast.this_round.__class__.objects.all() if r.municipality_id == here
    }

    apps = {a.pk: a for a in Application.objects.all() if a.sales_round.municipality_id == here}
    history = [h for h in StatusChange.objects.all() if h.application_id in apps]

    def reached(round_pk, statuses):
        return len(
            {
                h.application_id
                for h in history
                if h.to_status in statuses and apps[h.application_id].sales_round_id == round_pk
            }
        )

    for pk, r in rounds.items():
        offers = [o for o in Offer.objects.all() if o.sales_round_id == pk]
        contracts = [c for c in Contract.objects.all() if c.offer.sales_round_id == pk]
        transferred = [c for c in contracts if c.status == "transferred"]
        assert r.subscribers == len(
            [d for d in AlertDelivery.objects.all() if d.sales_round_id == pk]
        )
        assert r.started == len([a for a in apps.values() if a.sales_round_id == pk])
        assert r.submitted == reached(pk, {"submitted"})
        assert r.eligible == reached(pk, {"eligible"})
        assert r.selected == reached(pk, {"in_draw", "offered", "reserve", "not_selected"})
        assert r.offers == len(offers)
        assert r.acceptances == len([o for o in offers if o.status == "accepted"])
        assert r.agreements == len([c for c in contracts if c.seller_signed_at is not None])
        assert r.transfers == len(transferred)
        opened = timezone.localtime(cast.this_round.__class__.objects.get(pk=pk).opens_at).date()
        assert sorted(r.days_to_transfer) == sorted(
            (c.transfer_date - opened).days for c in transferred
        )
    this = rounds[cast.this_round.pk]
    assert (this.subscribers, this.offers, this.acceptances) == (3, 2, 2)
    assert (this.agreements, this.transfers) == (2, 1)

    assert figures.removed_applications == {"drafts": 1, "unsuccessful": 2}

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

    assert figures.dissolutions == [("by_agreement", 1)]

    compliance = {row["kind"]: row for row in selectors.compliance(scope, today=TODAY)}
    for o in Obligation.objects.all():
        if o.kind == "occupancy":
            assert o.kind not in compliance
            continue
        row = compliance[o.kind]
        expected = {
            "on_time": o.status == "met" and o.done_on <= o.due_on,
            "late": o.status == "met" and o.done_on > o.due_on,
            "overdue": o.status == "open" and o.due_on < TODAY,
            "open": o.status == "open" and o.due_on >= TODAY,
            "lapsed": o.status == "lapsed",
        }
        assert {key: bool(row[key]) for key in selectors.COMPLIANCE_COLUMNS} == expected

    money = figures.money
    sold = [
        c for c in Contract.objects.all() if c.status == "transferred" and c.municipality_id == here
    ]
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
    assert money.homes_renovated == 1


def test_the_other_municipality_sees_none_of_it(cast):
    _world(cast)
    figures = selectors.dashboard(selectors.Scope(municipality_ids=(cast.other_municipality.pk,)))
    assert all(r.transfers == 0 for r in figures.rounds)
    assert cast.this_round.pk not in {r.pk for r in figures.rounds}
    assert figures.money.homes_sold == 0
    assert figures.removed_applications == {"drafts": 1, "unsuccessful": 0}
    assert figures.compliance == []
    assert figures.dissolutions == []


def test_a_period_keeps_the_rounds_opened_in_it(cast):
    _world(cast)
    opened = timezone.localtime(cast.this_round.opens_at).date()
    inside = selectors.Scope((cast.municipality.pk,), start=opened, end=opened)
    before = selectors.Scope((cast.municipality.pk,), end=opened - timedelta(days=1))
    assert cast.this_round.pk in {r.pk for r in selectors.round_figures(inside)}
    assert selectors.round_figures(before) == []
    assert selectors.money(before).homes_sold == 0


def test_the_dashboard_runs_a_fixed_number_of_queries(cast, django_assert_num_queries):
    _world(cast)
    scope = selectors.Scope(municipality_ids=(cast.municipality.pk,))
    with django_assert_num_queries(QUERIES):
        selectors.dashboard(scope)
    # More rounds and rows: the same number.
    for _n in range(3):
        SalesRoundFactory(municipality=cast.municipality)
    with django_assert_num_queries(QUERIES):
        selectors.dashboard(scope)


# rounds, alerts, applications with their history, offers, contracts, transfer days,
# tombstones, homes, dissolutions, compliance, sold, invoices, renovated.
QUERIES = 13


def test_the_penalties_column_is_rebuilt_from_the_claims(cast):
    """The penalties figure of the compliance table (issue #16): per kind of deadline, the
    number of claims for its breaches and what they came to as claimed, whatever happened to
    them afterwards; an obligation with two claims is still one obligation."""
    _world(cast)
    case = Case.objects.get(contract=cast.contract)
    completion = case.obligations.get(kind="completion")
    start = case.obligations.get(kind="renovation_start")
    staff = cast.roles["municipal_staff"]
    for obligation, amount, status in [
        (completion, Decimal("10250.00"), "paid"),
        (completion, Decimal("1500.00"), "waived"),  # the same breach, later: the difference
        (start, Decimal("700.50"), "claimed"),
    ]:
        PenaltyClaim.objects.create(
            case=case,
            obligation=obligation,
            computation={},
            amount=amount,
            amount_due=amount,
            status=status,
            claimed_by=staff,
        )
    rows = {
        row["kind"]: row
        for row in selectors.compliance(
            selectors.Scope(municipality_ids=(cast.municipality.pk,)), today=TODAY
        )
    }
    claims = list(PenaltyClaim.objects.select_related("obligation"))
    for kind, row in rows.items():
        mine = [c for c in claims if c.obligation.kind == kind]
        assert row["penalties"] == len(mine)
        assert row["penalties_amount"] == sum((c.amount for c in mine), Decimal(0))
        obligations = [o for o in Obligation.objects.all() if o.kind == kind]
        assert row["overdue"] == len(
            [o for o in obligations if o.status == "open" and o.due_on < TODAY]
        )
    assert rows["completion"]["penalties"] == 2
    assert rows["completion"]["overdue"] == 1
    # Elsewhere: not counted.
    assert (
        selectors.compliance(
            selectors.Scope(municipality_ids=(cast.other_municipality.pk,)), today=TODAY
        )
        == []
    )
