"""After the sale (2) as plain rules: what a breach of an aftercare obligation costs, what a
resale within the anti-speculation period costs, and when a home may be released
(DOMAIN.md, "After the sale"; issue #16).

No ORM here. Every figure comes from the contract version the buyer signed
(`ContractVersion.data`, made by `contracts.services.generation.document_data`): its
"penalties" (the article Boetebeding and the article Verzuim, as `contracts.penalties`
computes them) and its "anti_speculation" clause. "Today" is an input.

One breach, one penalty (art. 6:92 BW): a breach costs the penalty of the article Boetebeding;
only when the agreement carries no such penalty does the daily default penalty of the article
Verzuim apply, never both. A second claim for the same breach (a daily penalty that kept
running) claims only what the first did not, so the claims together never exceed the one
penalty.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from aftercare import rules
from contracts import penalties
from contracts.rules import percentage_of

ZERO = Decimal(0)
CENT = Decimal("0.01")


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


# --- Penalties ------------------------------------------------------------------------------


def penalty_from_data(data: dict | None) -> penalties.Penalty | None:
    """A `Penalty` from its stored form ({"fixed": "10250.00", "daily": ..., ...})."""
    if not data:
        return None
    return penalties.Penalty(
        fixed=_decimal(data.get("fixed")) or ZERO,
        percentage=_decimal(data.get("percentage")),
        daily=_decimal(data.get("daily")),
        cap=_decimal(data.get("cap")),
    )


GENERAL, DEFAULT_DAILY = "general", "default_daily"


def _carries_amount(penalty: penalties.Penalty | None) -> bool:
    return penalty is not None and bool(penalty.fixed or penalty.percentage or penalty.daily)


def breach_penalty(version_penalties: dict | None) -> tuple[str, penalties.Penalty] | None:
    """The one penalty for a breach of an aftercare obligation, and which article it comes
    from: the article Boetebeding ("general"), or, when the agreement carries no amount
    there, the daily default penalty of the article Verzuim. None: the version carries no
    penalty at all (an agreement made before the penalties were stored)."""
    data = version_penalties or {}
    general = penalty_from_data(data.get(GENERAL))
    if _carries_amount(general):
        return GENERAL, general
    daily = penalty_from_data(data.get(DEFAULT_DAILY))
    if _carries_amount(daily):
        return DEFAULT_DAILY, daily
    return None


def notice_days(version_penalties: dict | None, default: int = 14) -> int:
    """The term to comply that a notice of default gives, from the agreement (days)."""
    value = (version_penalties or {}).get("notice_days")
    return int(value) if value not in (None, "") else default


def compliance_deadline(notice_sent_on: date, days: int) -> date:
    """The last day to comply after a notice of default sent on `notice_sent_on`."""
    return notice_sent_on + timedelta(days=days)


def days_late(*, due: date, today: date, complied_on: date | None = None) -> int:
    """Whole days the breach has continued after `due` (the last day to comply): until the
    day it was remedied, or `today`; never negative."""
    end = complied_on if complied_on is not None else today
    return max((end - due).days, 0)


@dataclass(frozen=True)
class PenaltyComputation:
    """A penalty worked out, with the figures staff and a court can check."""

    article: str
    base: Decimal
    daily: Decimal
    days: int
    cap: Decimal | None
    full: Decimal  # the penalty for this breach after `days` days, capped
    already_claimed: Decimal
    amount: Decimal  # what this claim adds: full - already claimed, never below zero

    @property
    def capped(self) -> bool:
        return self.cap is not None and self.base + self.daily * self.days > self.cap

    def as_data(self) -> dict:
        return {
            "article": self.article,
            "base": str(self.base),
            "daily": str(self.daily),
            "days": self.days,
            "cap": str(self.cap) if self.cap is not None else None,
            "capped": self.capped,
            "full": str(self.full),
            "already_claimed": str(self.already_claimed),
            "amount": str(self.amount),
        }


def penalty_due(
    version_penalties: dict | None,
    *,
    days: int,
    price: Decimal | None,
    already_claimed: Decimal = ZERO,
) -> PenaltyComputation | None:
    """What a breach that continued `days` days after its last day to comply costs, per the
    contract version's penalty data; `already_claimed` is what earlier claims for the same
    breach came to (one breach, one penalty). None when the version carries no penalty."""
    found = breach_penalty(version_penalties)
    if found is None:
        return None
    article, penalty = found
    days = max(int(days), 0)
    full = penalties.penalty_amount(penalty, days=days, price=price)
    claimed = max(Decimal(already_claimed), ZERO)
    return PenaltyComputation(
        article=article,
        base=penalty.base(price).quantize(CENT),
        daily=Decimal(penalty.daily or ZERO).quantize(CENT),
        days=days,
        cap=Decimal(penalty.cap).quantize(CENT) if penalty.cap is not None else None,
        full=full,
        already_claimed=claimed.quantize(CENT),
        amount=max(full - claimed, ZERO).quantize(CENT),
    )


# --- Anti-speculation -----------------------------------------------------------------------

NONE, PROFIT_SHARE, FIXED_SUM = "none", "profit_share", "fixed_sum"


@dataclass(frozen=True)
class AntiSpeculation:
    method: str = NONE
    years: int | None = None
    percentage: Decimal | None = None
    amount: Decimal | None = None

    @classmethod
    def from_data(cls, data: dict | None) -> "AntiSpeculation":
        if not data:
            return cls()
        return cls(
            method=data.get("method") or NONE,
            years=int(data["years"]) if data.get("years") not in (None, "") else None,
            percentage=_decimal(data.get("percentage")),
            amount=_decimal(data.get("amount")),
        )


def profit(*, resale_price: Decimal, purchase_price: Decimal, renovation_costs: Decimal) -> Decimal:
    """Profit as the agreement defines it: the resale price minus the purchase price minus the
    documented renovation investment; a loss is no profit (never negative)."""
    value = Decimal(resale_price) - Decimal(purchase_price) - max(Decimal(renovation_costs), ZERO)
    return max(value, ZERO).quantize(CENT)


def renovation_costs(invoice_amounts) -> Decimal:
    """The documented renovation investment: the sum of the invoice amounts recorded as
    evidence (aftercare (1)); a missing or negative amount counts for nothing."""
    return sum(
        (Decimal(a) for a in invoice_amounts if a is not None and Decimal(a) > 0), ZERO
    ).quantize(CENT)


@dataclass(frozen=True)
class PaymentComputation:
    method: str
    within_period: bool
    profit: Decimal | None
    percentage: Decimal | None
    amount: Decimal

    def as_data(self) -> dict:
        return {
            "method": self.method,
            "within_period": self.within_period,
            "profit": str(self.profit) if self.profit is not None else None,
            "percentage": str(self.percentage) if self.percentage is not None else None,
            "amount": str(self.amount),
        }


def anti_speculation_payment(
    clause: AntiSpeculation,
    *,
    resale_price: Decimal,
    purchase_price: Decimal,
    renovation_costs: Decimal,
    sold_on: date,
    period_ends: date | None,
) -> PaymentComputation:
    """What a resale on `sold_on` costs under the clause: nothing after the period's last day
    (or without a clause), the fixed sum, or the share of the profit."""
    within = period_ends is not None and sold_on <= period_ends and clause.method != NONE
    gain = None
    if clause.method == PROFIT_SHARE:
        gain = profit(
            resale_price=resale_price,
            purchase_price=purchase_price,
            renovation_costs=renovation_costs,
        )
    amount = ZERO
    if within and clause.method == FIXED_SUM:
        amount = max(Decimal(clause.amount or ZERO), ZERO)
    elif within and clause.method == PROFIT_SHARE:
        amount = percentage_of(gain, clause.percentage or ZERO)
    return PaymentComputation(
        method=clause.method,
        within_period=within,
        profit=gain,
        percentage=clause.percentage if clause.method == PROFIT_SHARE else None,
        amount=max(amount, ZERO).quantize(CENT),
    )


# --- Resale ---------------------------------------------------------------------------------

BREACH, EXEMPT, PAYMENT_DUE, FREE = "breach", "exempt", "payment_due", "free"


def resale_verdict(
    *,
    sold_on: date,
    occupancy_ends: date | None,
    period_ends: date | None,
    exemption: bool,
) -> str:
    """What a resale on `sold_on` is. Until the occupancy term ends (and before it has even
    started: `occupancy_ends` None) it needs an exemption, else it is a breach that goes the
    default way; after it, within the anti-speculation period, the payment is due; after
    that, the home is free."""
    if occupancy_ends is None or sold_on <= occupancy_ends:
        return EXEMPT if exemption else BREACH
    if period_ends is not None and sold_on <= period_ends:
        return PAYMENT_DUE
    return FREE


# --- Release --------------------------------------------------------------------------------


def release_ready(obligations, *, today: date) -> bool:
    """Every deadline met (or no longer applying) and every period ended on `today`:
    `obligations` are (kind, status, due) triples. An occupancy that has not started yet
    (no such obligation) keeps the home from release."""
    kinds = set()
    for kind, status, due in obligations:
        kinds.add(kind)
        if status == rules.LAPSED:
            continue
        if kind in rules.PERIODS:
            if status != rules.MET and today <= due:
                return False
        elif status != rules.MET:
            return False
    return rules.OCCUPANCY in kinds


# --- Four eyes ------------------------------------------------------------------------------


def may_approve(*, approver_id, requester_id, first_decider_id) -> bool:
    """A second authorised person approves: never the one who asked, never the one who
    decided first."""
    return approver_id is not None and approver_id not in {requester_id, first_decider_id}
