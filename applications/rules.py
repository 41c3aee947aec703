"""Plain rules for applications: the status transition table, references and eligibility.

Nothing here imports Django's ORM; the services pass plain values in and act on the answers.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# --- Statuses and the transition table ------------------------------------------------------

DRAFT = "draft"
SUBMITTED = "submitted"
ELIGIBLE = "eligible"
INELIGIBLE = "ineligible"
IN_DRAW = "in_draw"
OFFERED = "offered"
ACCEPTED = "accepted"
DECLINED = "declined"
OFFER_EXPIRED = "offer_expired"
RESERVE = "reserve"
NOT_SELECTED = "not_selected"
WITHDRAWN = "withdrawn"
CONTRACTED = "contracted"

STATUSES = [
    DRAFT, SUBMITTED, ELIGIBLE, INELIGIBLE, IN_DRAW, OFFERED, ACCEPTED, DECLINED, OFFER_EXPIRED,
    RESERVE, NOT_SELECTED, WITHDRAWN, CONTRACTED,
]  # fmt: skip

# Who may move an application from one status to the next. "buyer" moves are the applicant's
# own; "staff" moves need a review permission; "system" moves are made by the selection module.
TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, SUBMITTED): "buyer",
    (DRAFT, WITHDRAWN): "buyer",
    (SUBMITTED, DRAFT): "buyer",  # reopened for editing before the deadline
    (SUBMITTED, WITHDRAWN): "buyer",
    (SUBMITTED, ELIGIBLE): "staff",
    (SUBMITTED, INELIGIBLE): "staff",
    (ELIGIBLE, INELIGIBLE): "staff",  # a decision can be revised until the freeze
    (INELIGIBLE, ELIGIBLE): "staff",
    (ELIGIBLE, WITHDRAWN): "buyer",
    (ELIGIBLE, IN_DRAW): "system",
    (IN_DRAW, OFFERED): "system",
    (IN_DRAW, RESERVE): "system",
    (IN_DRAW, NOT_SELECTED): "system",
    (RESERVE, OFFERED): "system",
    (RESERVE, NOT_SELECTED): "system",
    (RESERVE, WITHDRAWN): "buyer",
    (OFFERED, ACCEPTED): "buyer",
    (OFFERED, DECLINED): "buyer",
    # An offer that ends (declined, expired, withdrawn) while the buyer is still on other
    # reserve lists puts them back on those lists.
    (OFFERED, RESERVE): "system",
    (OFFERED, OFFER_EXPIRED): "system",
    (OFFERED, NOT_SELECTED): "system",  # offer withdrawn by staff, no other lists
    (ACCEPTED, CONTRACTED): "system",
    (CONTRACTED, WITHDRAWN): "system",  # the purchase agreement was dissolved
    (ACCEPTED, WITHDRAWN): "buyer",
    (WITHDRAWN, DRAFT): "buyer",  # changed their mind while the window is still open
}

# Statuses in which the buyer may still change the application (only while the window is open).
EDITABLE = {DRAFT, SUBMITTED}
# Statuses that count as "an application" for the one-per-household rule.
ACTIVE = set(STATUSES) - {WITHDRAWN, DRAFT}


def transition_allowed(current: str, target: str) -> bool:
    return (current, target) in TRANSITIONS


def transition_actor(current: str, target: str) -> str | None:
    return TRANSITIONS.get((current, target))


# --- References ---------------------------------------------------------------------------------

# Crockford's base 32 without I, L, O, U: no letters to mistake for digits when read aloud.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    """A random, pseudonymous application reference like 'K7F3-Q9XM' (40 bits).

    Published with the lottery, so it carries no personal data and is not a sequence number.
    """
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


# --- Eligibility ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    date_of_birth: date
    email: str


@dataclass(frozen=True)
class Home:
    ref: str
    address: str
    price: Decimal
    minimum_budget: Decimal

    @property
    def requirement(self) -> Decimal:
        return self.price + self.minimum_budget


@dataclass(frozen=True)
class Rules:
    minimum_age: int
    financing_must_cover_budget: bool
    one_application_per_household: bool
    first_time_buyers_only: bool


@dataclass(frozen=True)
class Finding:
    """One explained check: `code` names it, `ok` says whether it passed, `params` fill in
    the words (worded and translated by the caller)."""

    code: str
    ok: bool
    params: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        """For the history: amounts as strings, so the record reads the same forever."""
        params = {k: str(v) if isinstance(v, Decimal) else v for k, v in self.params.items()}
        return {"code": self.code, "ok": self.ok, "params": params}


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def covered_homes(
    homes: list[Home], max_mortgage: Decimal, own_funds: Decimal, must_cover: bool
) -> list[Home]:
    """The preferred homes the financing covers (price plus minimum renovation budget)."""
    if not must_cover:
        return list(homes)
    available = (max_mortgage or 0) + (own_funds or 0)
    return [home for home in homes if home.requirement <= available]


def check(
    *,
    rules: Rules,
    people: list[Person],
    homes: list[Home],
    max_mortgage: Decimal,
    own_funds: Decimal,
    reference_day: date,
    has_financing_statement: bool,
    owns_home: bool,
    declarations: bool,
    duplicates: list[str],
) -> list[Finding]:
    """All automatic checks for one application. `reference_day` is the day the window
    closes (age is judged then); `duplicates` are the references of other active
    applications in the round that share an applicant (same e-mail, or name and birth date)."""
    findings = []
    for person in people:
        age = age_on(person.date_of_birth, reference_day)
        findings.append(
            Finding(
                "age", age >= rules.minimum_age,
                {"name": person.name, "age": age, "minimum": rules.minimum_age},
            )
        )  # fmt: skip
    if rules.one_application_per_household:
        findings.append(
            Finding("one_per_household", not duplicates, {"references": ", ".join(duplicates)})
        )
    covered = covered_homes(homes, max_mortgage, own_funds, rules.financing_must_cover_budget)
    covered_refs = {home.ref for home in covered}
    for home in homes:
        findings.append(
            Finding(
                "financing_covers_home", home.ref in covered_refs,
                {
                    "ref": home.ref, "address": home.address, "requirement": home.requirement,
                    "available": (max_mortgage or 0) + (own_funds or 0),
                },
            )
        )  # fmt: skip
    findings.append(Finding("some_home_covered", bool(covered), {}))
    findings.append(Finding("financing_statement", has_financing_statement, {}))
    if rules.first_time_buyers_only:
        findings.append(Finding("first_time_buyer", not owns_home, {}))
    findings.append(Finding("declarations", declarations, {}))
    return findings


def all_passed(findings: list[Finding]) -> bool:
    # A home the financing does not cover only drops out of the preferences; the
    # application as a whole fails only when no home is covered.
    return all(f.ok for f in findings if f.code != "financing_covers_home")
