"""Plain rules of klushuur: compensation and the rent schedule, the tenant-change (ZAV) term of
art. 7:215 BW, what a change needs, the end of the lease, and the status tables.

Nothing here imports the ORM; amounts and terms are the catalogue's data, passed in. Money is
Decimal in whole cents.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from klushuis.holiday_calendar.rules import NO_DECREE_DAYS, is_non_working_day

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


# --- Compensation ------------------------------------------------------------------------------
# A job's compensation (the catalogue's data): a rent reduction of `amount` a month for `months`
# months, a one-off payment of `amount`, or no rent increase (a freeze) for `months` months.
RENT_REDUCTION = "rent_reduction"
ONE_OFF = "one_off"
RENT_FREEZE = "rent_freeze"
COMPENSATION_KINDS = [RENT_REDUCTION, ONE_OFF, RENT_FREEZE]


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 January + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def compensation_starts(accepted_on: date) -> date:
    """Compensation starts with the first rent due after the work was accepted: the first of the
    next month (rent is due per calendar month), or that day itself if it is the first."""
    if accepted_on.day == 1:
        return accepted_on
    return add_months(first_of_month(accepted_on), 1)


def validate_compensation(kind: str, amount: Decimal, months: int) -> list[str]:
    """What is wrong with a compensation as the catalogue holds it (empty: nothing)."""
    problems = []
    if kind not in COMPENSATION_KINDS:
        problems.append("kind")
    if amount < 0 or cents(amount) != amount:
        problems.append("amount")
    if kind == RENT_REDUCTION and (amount <= 0 or months <= 0):
        problems.append("reduction")
    if kind == ONE_OFF and amount <= 0:
        problems.append("one_off")
    if kind == RENT_FREEZE and months <= 0:
        problems.append("freeze")
    return problems


@dataclass(frozen=True)
class Compensation:
    """One job's compensation, once the job was accepted (`starts` from compensation_starts)."""

    kind: str
    amount: Decimal
    months: int
    starts: date
    label: str = ""

    @property
    def until(self) -> date | None:
        """The last day it runs (None for a one-off payment, which is paid once on `starts`)."""
        if self.kind == ONE_OFF:
            return None
        return add_months(self.starts, self.months) - timedelta(days=1)

    def covers(self, month: date) -> bool:
        return self.kind != ONE_OFF and self.starts <= month <= self.until


@dataclass(frozen=True)
class ScheduleMonth:
    month: date  # the first of the month
    base_rent: Decimal
    reduction: Decimal  # what is taken off the base (never more than the base)
    rent: Decimal  # base_rent - reduction, never below zero
    one_off: Decimal  # payments to the tenant due this month
    frozen: bool  # no rent increase this month


def rent_schedule(
    base_rent: Decimal, compensations: Collection[Compensation], first: date, last: date
) -> list[ScheduleMonth]:
    """The rent of each month from `first` to `last` (inclusive, months of those days).

    Reductions of several jobs add up but together never exceed the base rent, so the rent never
    goes below zero; nothing raises it above the base. A freeze changes no amount: the month is
    marked so that the rent administration applies no increase.
    """
    base_rent = cents(base_rent)
    if base_rent < 0:
        raise ValueError("base rent below zero")
    months, month = [], first_of_month(first)
    while month <= first_of_month(last):
        reduction = sum(
            (
                cents(c.amount)
                for c in compensations
                if c.kind == RENT_REDUCTION and c.covers(month)
            ),
            ZERO,
        )
        reduction = min(max(reduction, ZERO), base_rent)
        one_off = sum(
            (
                cents(c.amount)
                for c in compensations
                if c.kind == ONE_OFF and first_of_month(c.starts) == month
            ),
            ZERO,
        )
        frozen = any(c.kind == RENT_FREEZE and c.covers(month) for c in compensations)
        months.append(
            ScheduleMonth(month, base_rent, reduction, base_rent - reduction, one_off, frozen)
        )
        month = add_months(month, 1)
    return months


def schedule_end(compensations: Collection[Compensation], fallback: date) -> date:
    """The last month a schedule needs to show every compensation."""
    ends = [c.until or c.starts for c in compensations]
    return max([fallback, *ends])


# --- Tenant changes (ZAV, art. 7:215 BW) -------------------------------------------------------
INSIDE = "inside"
OUTSIDE = "outside"
CONSENT = "consent"
REGISTRATION = "registration"
CONSENT_TERM = timedelta(weeks=8)
REMINDER_LEAD = timedelta(days=14)


def change_needs(*, location: str, easy_to_undo: bool, lease_requires_consent: bool) -> str:
    """What a tenant's change needs (art. 7:215 lid 1 BW): a change inside the home that is easy
    to undo at the end of the lease is only registered, unless the lease requires consent for it;
    every other change needs the landlord's written consent. Here "the lease requires consent"
    is the lease's clause for the outside of the home (the complex's setting)."""
    if location not in (INSIDE, OUTSIDE):
        raise ValueError(location)
    if location == INSIDE and easy_to_undo:
        return REGISTRATION
    if location == OUTSIDE and easy_to_undo and not lease_requires_consent:
        return REGISTRATION
    return CONSENT


def consent_term_last_day(
    requested_on: date, *, decree_days: Collection[date] = NO_DECREE_DAYS
) -> date:
    """The last day of the landlord's 8 weeks, counted from the written request (art. 7:215 lid
    2 BW). A term set by law that ends on a Saturday, Sunday or recognised holiday runs on to the
    next working day (art. 1 Algemene termijnenwet); the decree days are data (holiday calendar).
    """
    last = requested_on + CONSENT_TERM
    while is_non_working_day(last, decree_days=decree_days):
        last += timedelta(days=1)
    return last


def court_from(
    requested_on: date,
    *,
    refused_on: date | None = None,
    consented: bool = False,
    decree_days: Collection[date] = NO_DECREE_DAYS,
) -> date | None:
    """The first day the tenant may ask the court to replace the consent (art. 7:215 lid 2 BW):
    at a refusal, or the day after the 8 weeks ran out without consent. Silence is not consent.
    None once consent was given (nothing to ask)."""
    if consented:
        return None
    after_term = consent_term_last_day(requested_on, decree_days=decree_days) + timedelta(days=1)
    if refused_on is not None:
        return min(refused_on, after_term)
    return after_term


def reminder_due(
    requested_on: date,
    today: date,
    *,
    answered: bool,
    lead: timedelta = REMINDER_LEAD,
    decree_days: Collection[date] = NO_DECREE_DAYS,
) -> bool:
    """Whether staff should be reminded today: the request is unanswered and the court date is
    within `lead` (or passed: an unanswered request keeps reminding until it is answered)."""
    if answered:
        return False
    return today >= court_from(requested_on, decree_days=decree_days) - lead


# End of the lease: a joint inspection decides per change.
STAYS = "stays"
TAKEN_OVER = "taken_over"
REMOVED = "removed"
END_OUTCOMES = [STAYS, TAKEN_OVER, REMOVED]


def end_of_lease_compensation(*, outcome: str, consented: bool, amount: Decimal) -> Decimal:
    """Compensation is due only for an approved lasting improvement: consented (or registered as
    needing none) and left in the home, for the corporation or the next tenant."""
    if outcome not in END_OUTCOMES:
        raise ValueError(outcome)
    if amount < 0:
        raise ValueError("negative compensation")
    if not consented or outcome == REMOVED:
        return ZERO
    return cents(amount)


# --- Status tables -----------------------------------------------------------------------------
# Who moves: "tenant" (the record's own tenant or applicant), "staff" (holding the permission the
# service names, in the corporation of the record), "system" (a consequence the code makes).
TENANT, STAFF, SYSTEM = "tenant", "staff", "system"

# An offer: staff publish it and close it.
OFFER_DRAFT, OFFER_PUBLISHED, OFFER_CLOSED = "draft", "published", "closed"
OFFER_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (OFFER_DRAFT, OFFER_PUBLISHED): frozenset({STAFF}),
    # Staff close it; the system closes a home's offer once the home was allocated.
    (OFFER_PUBLISHED, OFFER_CLOSED): frozenset({STAFF, SYSTEM}),
    (OFFER_DRAFT, OFFER_CLOSED): frozenset({STAFF}),
}

# An application for an offered home, or an existing tenant's opt-in to a job for their home.
APP_SUBMITTED, APP_ALLOCATED, APP_NOT_ALLOCATED, APP_WITHDRAWN = (
    "submitted",
    "allocated",
    "not_allocated",
    "withdrawn",
)
APPLICATION_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    # The corporation's decision under its own allocation rules (recorded with its basis).
    (APP_SUBMITTED, APP_ALLOCATED): frozenset({STAFF}),
    # Staff decide it, or the system when another candidate was allocated the home.
    (APP_SUBMITTED, APP_NOT_ALLOCATED): frozenset({STAFF, SYSTEM}),
    (APP_SUBMITTED, APP_WITHDRAWN): frozenset({TENANT}),
}

# A job in an agreement: done when reported, then inspected.
JOB_AGREED, JOB_REPORTED, JOB_ACCEPTED, JOB_REJECTED = "agreed", "reported", "accepted", "rejected"
JOB_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (JOB_AGREED, JOB_REPORTED): frozenset({TENANT}),
    (JOB_REJECTED, JOB_REPORTED): frozenset({TENANT}),
    (JOB_REPORTED, JOB_ACCEPTED): frozenset({STAFF}),
    (JOB_REPORTED, JOB_REJECTED): frozenset({STAFF}),
}

# A tenant's change: registered (needs no consent), or requested and then answered.
CHANGE_REGISTERED, CHANGE_REQUESTED, CHANGE_CONSENTED, CHANGE_REFUSED = (
    "registered",
    "requested",
    "consented",
    "refused",
)
CHANGE_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    # A change that needs no consent is registered as soon as it is made known.
    (CHANGE_REQUESTED, CHANGE_REGISTERED): frozenset({SYSTEM}),
    (CHANGE_REQUESTED, CHANGE_CONSENTED): frozenset({STAFF}),
    (CHANGE_REQUESTED, CHANGE_REFUSED): frozenset({STAFF}),
    # A refusal can be reconsidered (e.g. after talking, or the court's permission recorded).
    (CHANGE_REFUSED, CHANGE_CONSENTED): frozenset({STAFF}),
}


def may_move(
    table: dict[tuple[str, str], frozenset[str]], current: str, target: str, capacities
) -> bool:
    """Whether someone acting in any of `capacities` may make the move in `table`."""
    return bool(table.get((current, target), frozenset()) & set(capacities))
