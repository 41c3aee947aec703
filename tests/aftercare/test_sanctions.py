"""After the sale (2), issue #16, item 1: the penalty for a breach, the anti-speculation payment
on a resale, the resale verdict and release readiness, as plain rules (no database)."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from aftercare import rules, sanctions

money = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False)
days = st.integers(min_value=-30, max_value=5000)

# DOMAIN.md: "EUR 10,250 plus EUR 50 a day up to EUR 25,000".
DAILY = {
    "general": {"fixed": "10250.00", "percentage": None, "daily": "50.00", "cap": "25000.00"},
    "default_daily": {"fixed": "0", "percentage": None, "daily": "100.00", "cap": "30000.00"},
    "notice_days": 14,
}
# DOMAIN.md: "10% of the price".
PERCENT = {
    "general": {"fixed": "0", "percentage": "10", "daily": None, "cap": None},
    "notice_days": 8,
}


def test_the_domain_example_fixed_plus_daily_up_to_a_cap():
    def amount(n):
        return sanctions.penalty_due(DAILY, days=n, price=Decimal(200000)).amount

    assert amount(0) == Decimal("10250.00")
    assert amount(1) == Decimal("10300.00")
    assert amount(100) == Decimal("15250.00")
    assert amount(295) == Decimal("25000.00")  # 10,250 + 295 x 50 = 25,000
    assert amount(296) == Decimal("25000.00")
    assert amount(10_000) == Decimal("25000.00")
    computed = sanctions.penalty_due(DAILY, days=400, price=None)
    assert computed.capped
    assert computed.article == sanctions.GENERAL
    assert computed.as_data()["full"] == "25000.00"


def test_the_domain_example_ten_percent_of_the_price():
    computed = sanctions.penalty_due(PERCENT, days=30, price=Decimal("185000"))
    assert computed.amount == Decimal("18500.00")
    assert computed.days == 30
    assert not computed.capped


def test_the_default_daily_penalty_applies_only_without_a_general_one():
    data = {**DAILY, "general": {"fixed": "0", "percentage": None, "daily": None, "cap": None}}
    computed = sanctions.penalty_due(data, days=10, price=None)
    assert computed.article == sanctions.DEFAULT_DAILY
    assert computed.amount == Decimal("1000.00")
    # With both present only the general one counts: never added together.
    assert sanctions.penalty_due(DAILY, days=10, price=None).amount == Decimal("10750.00")


def test_a_version_without_penalties_computes_none():
    assert sanctions.penalty_due({}, days=10, price=None) is None
    assert sanctions.penalty_due(None, days=10, price=None) is None


def test_days_late_and_the_compliance_term():
    sent = date(2026, 3, 2)
    last = sanctions.compliance_deadline(sent, sanctions.notice_days(DAILY))
    assert last == date(2026, 3, 16)
    assert sanctions.days_late(due=last, today=last) == 0
    assert sanctions.days_late(due=last, today=last + timedelta(days=5)) == 5
    assert sanctions.days_late(due=last, today=last - timedelta(days=5)) == 0
    assert sanctions.days_late(due=last, today=date(2027, 1, 1), complied_on=date(2026, 3, 20)) == 4
    assert sanctions.notice_days({}) == 14


@st.composite
def penalty_data(draw):
    fixed = draw(money)
    percentage = draw(st.none() | st.decimals(min_value="0.01", max_value=100, places=2))
    daily = draw(st.none() | money)
    price = draw(money)
    base = sanctions.penalty_from_data(
        {"fixed": str(fixed), "percentage": percentage and str(percentage)}
    ).base(price)
    cap = draw(st.none() | st.decimals(min_value=base, max_value=base + 10_000_000, places=2))
    if daily and cap is None:
        cap = base
    general = {
        "fixed": str(fixed),
        "percentage": str(percentage) if percentage is not None else None,
        "daily": str(daily) if daily is not None else None,
        "cap": str(cap) if cap is not None else None,
    }
    return {"general": general, "default_daily": DAILY["default_daily"]}, price


@given(penalty_data(), days, money)
def test_a_penalty_is_never_negative_and_never_above_its_cap(data_and_price, n, claimed):
    data, price = data_and_price
    computed = sanctions.penalty_due(data, days=n, price=price, already_claimed=claimed)
    if computed is None:
        return
    assert computed.amount >= 0
    assert computed.full >= 0
    assert computed.amount <= computed.full
    if computed.cap is not None:
        assert computed.full <= computed.cap


@given(penalty_data(), days, days)
def test_a_penalty_is_monotone_in_days_late(data_and_price, a, b):
    data, price = data_and_price
    low, high = sorted((a, b))
    first = sanctions.penalty_due(data, days=low, price=price)
    if first is None:
        return
    assert first.full <= sanctions.penalty_due(data, days=high, price=price).full


@given(penalty_data(), st.lists(days, min_size=1, max_size=6))
def test_claims_for_one_breach_never_stack(data_and_price, moments):
    """However often a running breach is claimed, the claims add up to one penalty."""
    data, price = data_and_price
    claimed = Decimal(0)
    for n in sorted(moments):
        computed = sanctions.penalty_due(data, days=n, price=price, already_claimed=claimed)
        if computed is None:
            return
        claimed += computed.amount
    final = sanctions.penalty_due(data, days=max(moments), price=price)
    assert claimed == final.full


# --- Anti-speculation -----------------------------------------------------------------------

SHARE = sanctions.AntiSpeculation.from_data(
    {"method": "profit_share", "years": 5, "percentage": "50", "amount": None}
)
FIXED = sanctions.AntiSpeculation.from_data(
    {"method": "fixed_sum", "years": 5, "percentage": None, "amount": "25000.00"}
)
ENDS = date(2031, 6, 1)


def test_profit_share_uses_the_documented_renovation_investment():
    costs = sanctions.renovation_costs([Decimal("30000"), None, Decimal("-5"), Decimal("20000")])
    assert costs == Decimal("50000.00")
    paid = sanctions.anti_speculation_payment(
        SHARE,
        resale_price=Decimal("330000"),
        purchase_price=Decimal("200000"),
        renovation_costs=costs,
        sold_on=date(2030, 1, 1),
        period_ends=ENDS,
    )
    assert paid.profit == Decimal("80000.00")
    assert paid.amount == Decimal("40000.00")
    assert paid.as_data()["within_period"] is True


def test_fixed_sum_within_and_nothing_after_the_period():
    kwargs = {
        "resale_price": Decimal("150000"),
        "purchase_price": Decimal("200000"),
        "renovation_costs": Decimal(0),
    }
    within = sanctions.anti_speculation_payment(FIXED, sold_on=ENDS, period_ends=ENDS, **kwargs)
    assert within.amount == Decimal("25000.00")
    after = sanctions.anti_speculation_payment(
        FIXED, sold_on=ENDS + timedelta(days=1), period_ends=ENDS, **kwargs
    )
    assert after.amount == 0
    assert not after.within_period
    none = sanctions.AntiSpeculation.from_data(None)
    assert (
        sanctions.anti_speculation_payment(none, sold_on=ENDS, period_ends=ENDS, **kwargs).amount
        == 0
    )


@given(money, money, money, st.integers(min_value=1, max_value=100))
def test_the_payment_is_never_negative_nor_above_the_profit(resale, purchase, costs, share):
    clause = sanctions.AntiSpeculation(method="profit_share", years=5, percentage=Decimal(share))
    paid = sanctions.anti_speculation_payment(
        clause,
        resale_price=resale,
        purchase_price=purchase,
        renovation_costs=costs,
        sold_on=date(2030, 1, 1),
        period_ends=ENDS,
    )
    assert 0 <= paid.amount <= paid.profit
    assert paid.profit <= max(resale - purchase, Decimal(0))


# --- Resale and release ---------------------------------------------------------------------


def test_resale_verdict():
    occupancy = date(2029, 1, 1)

    def verdict(sold_on, exemption=False, occupancy_ends=occupancy):
        return sanctions.resale_verdict(
            sold_on=sold_on, occupancy_ends=occupancy_ends, period_ends=ENDS, exemption=exemption
        )

    assert verdict(date(2028, 6, 1)) == sanctions.BREACH
    assert verdict(date(2028, 6, 1), exemption=True) == sanctions.EXEMPT
    assert verdict(date(2028, 6, 1), occupancy_ends=None) == sanctions.BREACH
    assert verdict(date(2030, 6, 1)) == sanctions.PAYMENT_DUE
    assert verdict(date(2032, 6, 1)) == sanctions.FREE


def test_release_ready_when_every_deadline_is_met_and_every_period_ended():
    today = date(2031, 7, 1)
    met = [
        (rules.RENOVATION_START, rules.MET, date(2026, 6, 1)),
        (rules.COMPLETION, rules.MET, date(2027, 6, 1)),
        (rules.INSPECTION, rules.LAPSED, date(2027, 7, 1)),
        (rules.OCCUPANCY, rules.OPEN, date(2029, 7, 1)),
        (rules.ANTI_SPECULATION, rules.OPEN, ENDS),
    ]
    assert sanctions.release_ready(met, today=today)
    assert not sanctions.release_ready(met, today=ENDS)  # the period runs to its last day
    open_deadline = [*met, (rules.BRP_REGISTRATION, rules.OPEN, date(2027, 8, 1))]
    assert not sanctions.release_ready(open_deadline, today=today)
    assert not sanctions.release_ready(met[:2], today=today)  # occupancy never started


def test_four_eyes_never_the_requester_nor_the_first_decider():
    assert sanctions.may_approve(approver_id=3, requester_id=1, first_decider_id=2)
    assert not sanctions.may_approve(approver_id=1, requester_id=1, first_decider_id=2)
    assert not sanctions.may_approve(approver_id=2, requester_id=1, first_decider_id=2)
    assert not sanctions.may_approve(approver_id=None, requester_id=1, first_decider_id=2)
