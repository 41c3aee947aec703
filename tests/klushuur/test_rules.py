"""The rules of klushuur, without a database."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from klushuur import rules
from klushuur.rules import Compensation

money = st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False)
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2040, 12, 31))
kinds = st.sampled_from(rules.COMPENSATION_KINDS)
compensations = st.builds(
    Compensation,
    kind=kinds,
    amount=money,
    months=st.integers(min_value=1, max_value=60),
    starts=days.map(rules.first_of_month),
)


def test_a_reduction_runs_its_months_from_the_first_after_acceptance():
    starts = rules.compensation_starts(date(2026, 3, 14))
    assert starts == date(2026, 4, 1)
    assert rules.compensation_starts(date(2026, 4, 1)) == date(2026, 4, 1)
    reduction = Compensation(rules.RENT_REDUCTION, Decimal("50.00"), 12, starts)
    assert reduction.until == date(2027, 3, 31)
    schedule = rules.rent_schedule(
        Decimal("700.00"), [reduction], date(2026, 3, 1), date(2027, 4, 1)
    )
    assert [m.rent for m in schedule] == [Decimal("700.00")] + [Decimal("650.00")] * 12 + [
        Decimal("700.00")
    ]


def test_a_one_off_is_paid_once_and_a_freeze_changes_no_amount():
    one_off = Compensation(rules.ONE_OFF, Decimal("750.00"), 0, date(2026, 5, 1))
    freeze = Compensation(rules.RENT_FREEZE, Decimal("0"), 12, date(2026, 5, 1))
    schedule = rules.rent_schedule(
        Decimal("600"), [one_off, freeze], date(2026, 4, 1), date(2026, 6, 30)
    )
    assert [m.one_off for m in schedule] == [Decimal("0.00"), Decimal("750.00"), Decimal("0.00")]
    assert [m.frozen for m in schedule] == [False, True, True]
    assert {m.rent for m in schedule} == {Decimal("600.00")}


def test_reductions_together_never_take_the_rent_below_zero():
    starts = date(2026, 1, 1)
    big = [Compensation(rules.RENT_REDUCTION, Decimal("400"), 3, starts) for _ in range(3)]
    schedule = rules.rent_schedule(Decimal("1000"), big, starts, starts)
    assert schedule[0].rent == Decimal("0.00")
    assert schedule[0].reduction == Decimal("1000.00")


@given(base=money, items=st.lists(compensations, max_size=5), first=days, span=st.integers(0, 40))
def test_the_rent_is_between_zero_and_the_base_in_cents(base, items, first, span):
    last = rules.add_months(first, span)
    for month in rules.rent_schedule(base, items, first, last):
        assert Decimal("0") <= month.rent <= month.base_rent
        assert month.rent + month.reduction == month.base_rent
        assert month.rent == month.rent.quantize(Decimal("0.01"))
        assert month.one_off >= 0


@given(item=compensations)
def test_a_reduction_covers_exactly_its_months(item):
    if item.kind == rules.ONE_OFF:
        assert item.until is None
        return
    end = rules.schedule_end([item], item.starts)
    covered = [
        m
        for m in rules.rent_schedule(Decimal("900"), [item], item.starts, end)
        if (m.reduction > 0 or m.frozen or item.amount == 0)
    ]
    if item.kind == rules.RENT_FREEZE or item.amount > 0:
        assert len(covered) == item.months


def test_validate_compensation():
    assert rules.validate_compensation(rules.RENT_REDUCTION, Decimal("25.00"), 12) == []
    assert rules.validate_compensation(rules.RENT_REDUCTION, Decimal("25.00"), 0) == ["reduction"]
    assert rules.validate_compensation(rules.ONE_OFF, Decimal("0"), 0) == ["one_off"]
    assert rules.validate_compensation(rules.RENT_FREEZE, Decimal("0"), 0) == ["freeze"]
    assert "amount" in rules.validate_compensation(rules.ONE_OFF, Decimal("1.005"), 0)


# --- Tenant changes ----------------------------------------------------------------------------


def test_what_a_change_needs():
    needs = rules.change_needs
    assert (
        needs(location="inside", easy_to_undo=True, lease_requires_consent=True) == "registration"
    )
    assert needs(location="inside", easy_to_undo=False, lease_requires_consent=False) == "consent"
    assert needs(location="outside", easy_to_undo=True, lease_requires_consent=True) == "consent"
    assert needs(location="outside", easy_to_undo=True, lease_requires_consent=False) == (
        "registration"
    )
    with pytest.raises(ValueError, match="roof"):
        needs(location="roof", easy_to_undo=True, lease_requires_consent=False)


def test_the_court_date_is_eight_weeks_after_the_written_request():
    # Monday 2 March 2026 + 8 weeks = Monday 27 April 2026, King's Day: the term runs on to
    # Tuesday 28 April (Algemene termijnenwet), so the court is open from Wednesday 29 April.
    assert rules.consent_term_last_day(date(2026, 3, 2)) == date(2026, 4, 28)
    assert rules.court_from(date(2026, 3, 2)) == date(2026, 4, 29)
    assert rules.court_from(date(2026, 3, 3)) == date(2026, 4, 29)
    # A decree day is data.
    assert rules.consent_term_last_day(date(2026, 3, 4), decree_days={date(2026, 4, 29)}) == (
        date(2026, 4, 30)
    )
    assert rules.court_from(date(2026, 3, 2), consented=True) is None
    assert rules.court_from(date(2026, 3, 2), refused_on=date(2026, 3, 20)) == date(2026, 3, 20)


@given(requested=days)
def test_silence_is_never_consent(requested):
    court = rules.court_from(requested)
    assert court > requested + timedelta(weeks=8)
    assert court <= requested + timedelta(weeks=8, days=5)
    assert rules.court_from(requested, consented=True) is None


@given(requested=days, offset=st.integers(-10, 120))
def test_the_reminder_comes_before_the_court_date_and_stops_when_answered(requested, offset):
    today = requested + timedelta(days=offset)
    due = rules.reminder_due(requested, today, answered=False)
    assert due == (today >= rules.court_from(requested) - rules.REMINDER_LEAD)
    assert not rules.reminder_due(requested, today, answered=True)
    if offset <= 30:
        assert not due


@given(outcome=st.sampled_from(rules.END_OUTCOMES), consented=st.booleans(), amount=money)
def test_compensation_at_the_end_only_for_an_approved_lasting_change(outcome, consented, amount):
    due = rules.end_of_lease_compensation(outcome=outcome, consented=consented, amount=amount)
    assert 0 <= due <= amount
    if outcome == rules.REMOVED or not consented:
        assert due == 0
    else:
        assert due == amount


# --- Status tables -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "table",
    [
        rules.OFFER_TRANSITIONS,
        rules.APPLICATION_TRANSITIONS,
        rules.JOB_TRANSITIONS,
        rules.CHANGE_TRANSITIONS,
    ],
)
def test_each_move_names_who_makes_it(table):
    for (current, target), who in table.items():
        assert current != target
        assert who
        assert who <= {rules.TENANT, rules.STAFF, rules.SYSTEM}


def test_only_staff_inspect_and_only_the_tenant_reports():
    t = rules.JOB_TRANSITIONS
    assert rules.may_move(t, "reported", "accepted", {"staff"})
    assert not rules.may_move(t, "reported", "accepted", {"tenant"})
    assert rules.may_move(t, "agreed", "reported", {"tenant"})
    assert not rules.may_move(t, "agreed", "accepted", {"staff"})
