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
    DRAFT,
    SUBMITTED,
    ELIGIBLE,
    INELIGIBLE,
    IN_DRAW,
    OFFERED,
    ACCEPTED,
    DECLINED,
    OFFER_EXPIRED,
    RESERVE,
    NOT_SELECTED,
    WITHDRAWN,
    CONTRACTED,
]

# Who may make a move ("capacities"): the applicant ("buyer", their own application only), a
# member of staff with the permission STAFF_PERMISSIONS names for that move ("staff"), or the
# code as a consequence of something else ("system": the selection module, the offers'
# cascade, a deadline). `application_transition` enforces it; the same words are used by the
# tables of properties, offers and contracts.
BUYER, STAFF, SYSTEM = "buyer", "staff", "system"

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (DRAFT, SUBMITTED): frozenset({BUYER}),
    (DRAFT, WITHDRAWN): frozenset({BUYER}),
    (SUBMITTED, DRAFT): frozenset({BUYER}),  # reopened for editing before the deadline
    (SUBMITTED, WITHDRAWN): frozenset({BUYER}),
    (SUBMITTED, ELIGIBLE): frozenset({STAFF}),
    (SUBMITTED, INELIGIBLE): frozenset({STAFF}),
    (ELIGIBLE, INELIGIBLE): frozenset({STAFF}),  # a decision can be revised until the freeze
    (INELIGIBLE, ELIGIBLE): frozenset({STAFF}),
    (ELIGIBLE, WITHDRAWN): frozenset({BUYER}),
    (ELIGIBLE, IN_DRAW): frozenset({SYSTEM}),  # the lottery's freeze
    (IN_DRAW, OFFERED): frozenset({SYSTEM}),  # the offers are made from the selection
    (IN_DRAW, RESERVE): frozenset({SYSTEM}),
    (IN_DRAW, NOT_SELECTED): frozenset({SYSTEM}),
    (RESERVE, OFFERED): frozenset({SYSTEM}),  # the cascade reached them
    (RESERVE, NOT_SELECTED): frozenset({SYSTEM}),
    (RESERVE, WITHDRAWN): frozenset({BUYER}),
    (OFFERED, ACCEPTED): frozenset({BUYER}),
    (OFFERED, DECLINED): frozenset({BUYER}),
    # Consequences the code makes of a move recorded elsewhere with its actor (the offer's or
    # the agreement's own history): an offer that ended while the buyer is still on other
    # lists puts them back on those lists; an expiry; an offer staff withdrew; the agreement
    # sent; the agreement dissolved.
    (OFFERED, RESERVE): frozenset({SYSTEM}),
    (OFFERED, OFFER_EXPIRED): frozenset({SYSTEM}),
    (OFFERED, NOT_SELECTED): frozenset({SYSTEM}),
    (ACCEPTED, CONTRACTED): frozenset({SYSTEM}),
    (CONTRACTED, WITHDRAWN): frozenset({SYSTEM}),
    # The buyer withdraws after accepting (contracts' sale_withdraw dissolves the draft with
    # it), or staff dissolved the draft agreement (a consequence).
    (ACCEPTED, WITHDRAWN): frozenset({BUYER, SYSTEM}),
    (WITHDRAWN, DRAFT): frozenset({BUYER}),  # changed their mind while the window is still open
}

# The permission a member of staff needs for each move the table gives to staff.
STAFF_PERMISSIONS: dict[tuple[str, str], str] = {
    (SUBMITTED, ELIGIBLE): "applications.review_application",
    (SUBMITTED, INELIGIBLE): "applications.review_application",
    (ELIGIBLE, INELIGIBLE): "applications.review_application",
    (INELIGIBLE, ELIGIBLE): "applications.review_application",
}

# Statuses in which the buyer may still change the application (only while the window is open).
EDITABLE = {DRAFT, SUBMITTED}
# Statuses that count as "an application" for the one-per-household rule.
ACTIVE = set(STATUSES) - {WITHDRAWN, DRAFT}


def transition_allowed(current: str, target: str) -> bool:
    return (current, target) in TRANSITIONS


def who_may(current: str, target: str) -> frozenset[str]:
    """The capacities that may make the move; empty when the table has no such move."""
    return TRANSITIONS.get((current, target), frozenset())


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
                "age",
                age >= rules.minimum_age,
                {"name": person.name, "age": age, "minimum": rules.minimum_age},
            )
        )
    if rules.one_application_per_household:
        findings.append(
            Finding("one_per_household", not duplicates, {"references": ", ".join(duplicates)})
        )
    covered = covered_homes(homes, max_mortgage, own_funds, rules.financing_must_cover_budget)
    covered_refs = {home.ref for home in covered}
    for home in homes:
        findings.append(
            Finding(
                "financing_covers_home",
                home.ref in covered_refs,
                {
                    "ref": home.ref,
                    "address": home.address,
                    "requirement": home.requirement,
                    "available": (max_mortgage or 0) + (own_funds or 0),
                },
            )
        )
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
