"""Penalty clauses as plain Python: what a penalty is, what it amounts to, and how it reads.

No ORM here: the agreement's text (`contracts.services.generation`) and, later, aftercare
(a breach found, a number of days) take the same `Penalty` and get the same figures.

The law: a penalty clause (boetebeding, art. 6:91 BW) replaces the damages for the same
breach (art. 6:92 lid 2 BW); the creditor cannot claim both the penalty and performance unless
the clause says the penalty is for the delay (art. 6:92 lid 1 BW), and a penalty is due only
under the conditions of default (verzuim, art. 6:93 BW) unless the clause says otherwise. The
court can moderate a penalty (art. 6:94 BW). Hence "one breach, one penalty": every breach the
agreement names carries exactly one penalty, and the text says whether it needs a notice of
default first or is due at once.
"""

from dataclasses import dataclass
from decimal import Decimal

from contracts.rules import percentage_of

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Penalty:
    """A penalty: a base (a fixed sum, or a percentage of the price), optionally increased by an
    amount per day the breach continues, never above `cap` (which a daily amount needs)."""

    fixed: Decimal = ZERO
    percentage: Decimal | None = None  # of the purchase price; replaces `fixed` when given
    daily: Decimal | None = None
    cap: Decimal | None = None

    def base(self, price: Decimal | None = None) -> Decimal:
        if self.percentage:
            if price is None:
                raise ValueError("A penalty as a percentage of the price needs the price.")
            return percentage_of(price, self.percentage)
        return Decimal(self.fixed or ZERO)


def penalty_problems(penalty: Penalty, price: Decimal | None = None) -> list[str]:
    """What is wrong with a penalty, as codes for the caller to word. Without a price, a
    percentage's base is unknown and the cap is checked against the fixed sum only."""
    problems = []
    amounts = [penalty.fixed, penalty.percentage, penalty.daily, penalty.cap]
    if any(a is not None and Decimal(a) < 0 for a in amounts):
        problems.append("negative")
    if penalty.daily and penalty.cap is None:
        problems.append("cap_missing")
    base_known = penalty.percentage is None or price is not None
    if penalty.cap is not None and base_known and Decimal(penalty.cap) < penalty.base(price):
        problems.append("cap_below_base")
    return problems


def penalty_amount(penalty: Penalty, *, days: int = 0, price: Decimal | None = None) -> Decimal:
    """What a breach costs after `days` days: the base plus the daily amount per day, never
    above the cap and never below zero. Refuses a penalty that is not valid."""
    problems = penalty_problems(penalty, price)
    if problems:
        raise ValueError(f"Not a valid penalty: {', '.join(problems)}")
    amount = penalty.base(price)
    if penalty.daily:
        amount += Decimal(penalty.daily) * max(days, 0)
    if penalty.cap is not None:
        amount = min(amount, Decimal(penalty.cap))
    return max(amount, ZERO).quantize(CENT)


def percent(value) -> str:
    """A percentage as Dutch text writes it: 5%, 0,3%."""
    return f"{Decimal(value).normalize():f}".replace(".", ",") + "%"


def penalty_phrase(penalty: Penalty, *, price: Decimal | None, money) -> str:
    """The penalty in words for the clause ("een boete van € 50.000, vermeerderd met ..."),
    from the same data the formula uses; `money` formats an amount."""
    if penalty.percentage:
        text = f"een boete van {percent(penalty.percentage)} van de koopsom"
        if price is not None:
            text += f" ({money(penalty.base(price))})"
    else:
        text = f"een boete van {money(penalty.base())}"
    if penalty.daily:
        text += (
            f", vermeerderd met {money(penalty.daily)} per dag dat de tekortkoming voortduurt, "
            f"tot ten hoogste {money(penalty.cap)} in totaal"
        )
    return text
