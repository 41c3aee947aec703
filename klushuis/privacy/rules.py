"""Retention in plain Python: how long each category is kept and what is due on a given day.

Nothing here imports Django's ORM; the retention service reads the dates, asks these rules and
removes what they say. Every figure is a municipality's setting (`RetentionPolicy`); the
defaults below are the portal's proposal, each with the reason it is not shorter or longer
(docs/privacy.md repeats them for the privacy officer).
"""

import calendar
from dataclasses import dataclass, fields
from datetime import date, timedelta


@dataclass(frozen=True)
class Retention:
    # Unsuccessful applications (not selected, ineligible, withdrawn, declined, expired) go this
    # many months after the round's allocation is final AND its objection period has passed.
    # 12 months: a complaint to the Nationale ombudsman may be filed up to a year after the
    # conduct (art. 9:8 lid 1 sub b Awb; for a complaint to the municipality art. 9:8 lid 1
    # sub a Awb), and the municipality must be able to account for the selection until then.
    unsuccessful_months: int = 12
    # The objection period: 6 weeks (art. 6:7 Awb) from the moment the allocation is final.
    objection_weeks: int = 6
    # A draft never submitted: 12 months without activity (AVG art. 5(1)(e), storage
    # limitation: a draft serves no purpose after its round closed; a year covers the round).
    draft_inactive_months: int = 12
    # An account without a login for 3 years is removed, after a warning mail 30 days before
    # (AVG art. 5(1)(e); the buyer can keep it by logging in).
    account_inactive_years: int = 3
    account_warning_days: int = 30
    # The access log: 24 months, enough to answer an access request about who read a buyer's
    # data (AVG art. 15) and to investigate an incident after the fact.
    access_log_months: int = 24
    # Contract files are municipal records (Archiefwet 1995): destroyed only under the
    # Selectielijst gemeenten and never before the limitation periods after release have run:
    # 20 years, the longest ordinary limitation period (art. 3:306 BW). The municipality's
    # archivist may set a longer term; the portal only proposes, a person approves.
    contract_years_after_release: int = 20

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


DEFAULTS = Retention()

# Statuses of an application that ended without a home (applications.rules' values). A
# reserve candidate is one too once the allocation is final: every home is settled, so none can
# pass to them any more (and nothing is due before that).
UNSUCCESSFUL = frozenset(
    {"not_selected", "ineligible", "withdrawn", "declined", "offer_expired", "reserve"}
)

# The destruction list's transition table: who may make each move.
LIST_PROPOSED, LIST_APPROVED, LIST_REJECTED, LIST_CARRIED_OUT = (
    "proposed",
    "approved",
    "rejected",
    "carried_out",
)
AUTHORISED, SYSTEM = "authorised", "system"
LIST_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (LIST_PROPOSED, LIST_APPROVED): frozenset({AUTHORISED}),
    (LIST_PROPOSED, LIST_REJECTED): frozenset({AUTHORISED}),
    (LIST_APPROVED, LIST_CARRIED_OUT): frozenset({SYSTEM}),
}


def list_move_allowed(from_status: str, to_status: str, capacity: str) -> bool:
    return capacity in LIST_TRANSITIONS.get((from_status, to_status), frozenset())


def approver_may_decide(*, proposer_id: int | None, approver_id: int) -> bool:
    """Four eyes: whoever proposed a list does not approve it."""
    return proposer_id != approver_id


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 January + 1 = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def unsuccessful_removal_date(allocation_final_on: date, retention: Retention) -> date:
    """The first day an unsuccessful application may be removed: its objection period passed,
    then the retention months."""
    objection_ends = allocation_final_on + timedelta(weeks=retention.objection_weeks)
    return add_months(objection_ends, retention.unsuccessful_months)


def unsuccessful_due(
    *, status: str, allocation_final_on: date | None, retention: Retention, today: date
) -> bool:
    """An application is due when it ended without a home and its round's allocation has been
    final long enough. While the allocation is not final (offers still open, reserves still
    waiting) nothing is due: a reserve may still get a home."""
    if status not in UNSUCCESSFUL or allocation_final_on is None:
        return False
    return today >= unsuccessful_removal_date(allocation_final_on, retention)


def draft_due(*, last_activity: date, retention: Retention, today: date) -> bool:
    return today >= add_months(last_activity, retention.draft_inactive_months)


WARN, REMOVE = "warn", "remove"


def account_step(
    *,
    last_seen: date,
    warned_on: date | None,
    retention: Retention,
    today: date,
) -> str | None:
    """What is due for an account: a warning first, removal only `account_warning_days` after
    a warning sent once the account was inactive (a login since resets it: `last_seen` after
    the warning means the warning no longer counts)."""
    inactive_from = add_years(last_seen, retention.account_inactive_years)
    warn_from = inactive_from - timedelta(days=retention.account_warning_days)
    if today < warn_from:
        return None
    if warned_on is None or warned_on < last_seen or warned_on < warn_from:
        return WARN
    if today >= max(inactive_from, warned_on + timedelta(days=retention.account_warning_days)):
        return REMOVE
    return None


def access_log_due(*, at: date, retention: Retention, today: date) -> bool:
    return today >= add_months(at, retention.access_log_months)


def access_log_cutoff(retention: Retention, today: date) -> date:
    """Entries from before this day are due (the inverse of `access_log_due`)."""
    cutoff = add_months(today, -retention.access_log_months)
    # add_months clamps to a month's end; step forward while the day after is still due.
    while access_log_due(at=cutoff + timedelta(days=1), retention=retention, today=today):
        cutoff += timedelta(days=1)
    while not access_log_due(at=cutoff, retention=retention, today=today):
        cutoff -= timedelta(days=1)
    return cutoff + timedelta(days=1)


def contract_destroyable_from(released_on: date, retention: Retention) -> date:
    return add_years(released_on, retention.contract_years_after_release)


def contract_may_be_listed(*, released_on: date | None, retention: Retention, today: date) -> bool:
    """A contract file may go on a destruction list only after its release and the limitation
    periods after it; an unreleased contract never."""
    if released_on is None:
        return False
    return today >= contract_destroyable_from(released_on, retention)
