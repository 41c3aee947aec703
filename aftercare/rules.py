"""Aftercare (nazorg) as plain rules: what the buyer and the seller owe after the transfer, by
when, and what is overdue (DOMAIN.md, "After the sale").

No ORM here. Every date comes from a date the caller recorded (the transfer, a complete
completion notice, the accepted completion) and the contract's own terms (`Terms`, fixed at the
transfer from the version the buyer signed); "today" is an input, the service passes the
server's date in Europe/Amsterdam.
"""

from dataclasses import asdict, dataclass
from datetime import date, timedelta

from contracts.rules import add_months

# --- The terms ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    """The terms an aftercare case runs on, fixed at the transfer (never re-read later)."""

    renovation_start_months: int
    renovation_completion_months: int
    inspection_weeks: int = 6
    # Every so many months a progress report, until the completion deadline; 0: none asked.
    progress_report_months: int = 0
    reinspection_weeks: int = 4
    # Staff may return an incomplete notice within this many days of its submission.
    return_incomplete_days: int = 10
    # Registration at the address (BRP) within this many days of the start of occupancy, or
    # of the transfer when the contract says so.
    brp_registration_days: int = 30
    brp_from_transfer: bool = False
    occupancy_years: int = 2
    anti_speculation_years: int | None = None

    def as_data(self) -> dict:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict) -> "Terms":
        known = cls.__dataclass_fields__
        return cls(**{key: value for key, value in data.items() if key in known})


# --- Obligations ----------------------------------------------------------------------------

RENOVATION_START = "renovation_start"
PROGRESS_REPORT = "progress_report"
COMPLETION = "completion"
INSPECTION = "inspection"
BRP_REGISTRATION = "brp_registration"
OCCUPANCY = "occupancy"
ANTI_SPECULATION = "anti_speculation"
KINDS = [
    RENOVATION_START,
    PROGRESS_REPORT,
    COMPLETION,
    INSPECTION,
    BRP_REGISTRATION,
    OCCUPANCY,
    ANTI_SPECULATION,
]
# Who owes it: the buyer, or the seller (the municipality inspects).
BUYER, SELLER = "buyer", "seller"
PARTY = dict.fromkeys(KINDS, BUYER) | {INSPECTION: SELLER}
# A deadline must be met by its date; a period runs until its date and then ends (it is never
# "overdue").
PERIODS = frozenset({OCCUPANCY, ANTI_SPECULATION})


@dataclass(frozen=True)
class Planned:
    kind: str
    due: date
    sequence: int = 1


def at_transfer(transfer: date, terms: Terms) -> list[Planned]:
    """The obligations that start at the transfer, in date order: renovation start, progress
    reports (if the contract asks for them) before the completion deadline, the completion,
    the BRP registration when it counts from the transfer, the end of the anti-speculation
    period."""
    start = add_months(transfer, terms.renovation_start_months)
    completion = add_months(transfer, terms.renovation_completion_months)
    planned = [Planned(RENOVATION_START, start)]
    if terms.progress_report_months > 0:
        number = 1
        while (due := add_months(transfer, number * terms.progress_report_months)) < completion:
            planned.append(Planned(PROGRESS_REPORT, due, number))
            number += 1
    planned.append(Planned(COMPLETION, completion))
    if terms.brp_from_transfer:
        planned.append(Planned(BRP_REGISTRATION, transfer + timedelta(terms.brp_registration_days)))
    if terms.anti_speculation_years:
        planned.append(
            Planned(ANTI_SPECULATION, add_months(transfer, 12 * terms.anti_speculation_years))
        )
    return sorted(planned, key=lambda p: (p.due, KINDS.index(p.kind), p.sequence))


def at_acceptance(accepted: date, terms: Terms) -> list[Planned]:
    """What starts when the completion is accepted (or counts as accepted): occupancy for its
    term, and the BRP registration within its term (unless it ran from the transfer)."""
    planned = []
    if not terms.brp_from_transfer:
        planned.append(Planned(BRP_REGISTRATION, accepted + timedelta(terms.brp_registration_days)))
    planned.append(Planned(OCCUPANCY, add_months(accepted, 12 * terms.occupancy_years)))
    return planned


def inspection_due(complete_on: date, terms: Terms, *, reinspection: bool = False) -> date:
    """The last day the seller inspects: counted from the day the notice was complete
    (evidence for every PvE item); a re-inspection after repairs has its own term."""
    weeks = terms.reinspection_weeks if reinspection else terms.inspection_weeks
    return complete_on + timedelta(weeks=weeks)


def return_by(submitted_on: date, terms: Terms) -> date:
    """The last day staff may return an incomplete notice."""
    return submitted_on + timedelta(days=terms.return_incomplete_days)


def notice_complete(item_ids, evidence_item_ids) -> bool:
    """A notice is complete when every PvE item has at least one piece of evidence."""
    return bool(set(item_ids)) and set(item_ids) <= set(evidence_item_ids)


def deemed_accepted(*, inspection_due: date, inspected: bool, today: date) -> bool:
    """Without an inspection within its term, the completion counts as accepted (the buyer
    does not carry the seller's delay): from the day after the term's last day."""
    return not inspected and today > inspection_due


def deemed_acceptance_date(inspection_due: date) -> date:
    """The completion counts as accepted on the last day of the inspection term."""
    return inspection_due


# --- State when read ------------------------------------------------------------------------

OPEN, MET, LAPSED = "open", "met", "lapsed"
OBLIGATION_STATUSES = [OPEN, MET, LAPSED]
SYSTEM, STAFF = "system", "staff"
# Who moves an obligation: met by the buyer's own act (a report, a notice, a registration), by
# staff recording it, or by the code (a period that ended, an accepted completion); lapsed
# when it no longer applies (an inspection of a notice that was returned or deemed accepted).
OBLIGATION_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (OPEN, MET): frozenset({BUYER, STAFF, SYSTEM}),
    (OPEN, LAPSED): frozenset({STAFF, SYSTEM}),
}

# Shown states (derived when read, never stored).
DONE, DONE_LATE, OVERDUE, DUE, UPCOMING, RUNNING, ENDED, NOT_APPLICABLE = (
    "done",
    "done_late",
    "overdue",
    "due",
    "upcoming",
    "running",
    "ended",
    "not_applicable",
)
# "due" when the date is this close (the buyer's timeline and the first reminder).
DUE_SOON_DAYS = 30


def shown_state(*, kind: str, status: str, due: date, done_on: date | None, today: date) -> str:
    """What the timeline shows for one obligation on `today`."""
    if status == LAPSED:
        return NOT_APPLICABLE
    if kind in PERIODS:
        return ENDED if status == MET or today > due else RUNNING
    if status == MET:
        return DONE_LATE if done_on is not None and done_on > due else DONE
    if today > due:
        return OVERDUE
    return DUE if (due - today).days <= DUE_SOON_DAYS else UPCOMING


def is_overdue(*, kind: str, status: str, due: date, today: date) -> bool:
    """An open deadline whose last day has passed (the worklist's query is the same:
    status open, not a period, due before today; `tests/aftercare` checks both agree)."""
    return status == OPEN and kind not in PERIODS and today > due


def month_bounds(today: date) -> tuple[date, date]:
    """The first and last day of `today`'s month (the worklist's "due this month")."""
    first = today.replace(day=1)
    last = add_months(first, 1) - timedelta(days=1)
    return first, last


# --- Mails ----------------------------------------------------------------------------------

REMINDER, OVERDUE_MAIL, ESCALATION = "reminder", "overdue", "escalation"
REMINDER_DAYS_BEFORE = 14
ESCALATION_DAYS_AFTER = 14


def mails_due(*, kind: str, status: str, due: date, today: date) -> list[str]:
    """The mails an obligation has earned by `today` (each is sent once; the caller records
    it): a reminder to the buyer two weeks before, a notice to the buyer and staff the day
    after, an escalation to staff two weeks later. The seller's inspection and the periods
    get none."""
    if status != OPEN or kind in PERIODS or PARTY[kind] != BUYER:
        return []
    mails = []
    if today >= due - timedelta(days=REMINDER_DAYS_BEFORE) and today <= due:
        mails.append(REMINDER)
    if today > due:
        mails.append(OVERDUE_MAIL)
    if today > due + timedelta(days=ESCALATION_DAYS_AFTER):
        mails.append(ESCALATION)
    return mails


# --- Completion notices ---------------------------------------------------------------------

DRAFT, SUBMITTED, RETURNED, ACCEPTED, REJECTED, DEEMED_ACCEPTED = (
    "draft",
    "submitted",
    "returned",
    "accepted",
    "rejected",
    "deemed_accepted",
)
NOTICE_STATUSES = [DRAFT, SUBMITTED, RETURNED, ACCEPTED, REJECTED, DEEMED_ACCEPTED]
NOTICE_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (DRAFT, SUBMITTED): frozenset({BUYER}),
    # Incomplete: staff give it back with reasons, within the set number of days.
    (SUBMITTED, RETURNED): frozenset({STAFF}),
    (SUBMITTED, ACCEPTED): frozenset({STAFF}),
    (SUBMITTED, REJECTED): frozenset({STAFF}),
    # The inspection term passed without an inspection.
    (SUBMITTED, DEEMED_ACCEPTED): frozenset({SYSTEM}),
}
ACCEPTED_STATUSES = frozenset({ACCEPTED, DEEMED_ACCEPTED})


def may_move(table: dict, current: str, target: str, capacity: str) -> bool:
    return capacity in table.get((current, target), frozenset())


# Inspection results per PvE item.
MET_ITEM, NOT_MET_ITEM = "met", "not_met"


# --- Exemptions (ontheffing; issue #16) -----------------------------------------------------

RELATIONSHIP_ENDED, PARTNER_DIED, ILLNESS, WORK_ELSEWHERE, FINANCIAL_DISTRESS, OTHER_GROUND = (
    "relationship_ended",
    "partner_died",
    "illness",
    "work_elsewhere",
    "financial_distress",
    "other",
)
GROUNDS = [
    RELATIONSHIP_ENDED,
    PARTNER_DIED,
    ILLNESS,
    WORK_ELSEWHERE,
    FINANCIAL_DISTRESS,
    OTHER_GROUND,
]
REFUSAL, NEW_DEADLINE, RELEASE_WITH_PAYMENT, RELEASE_WITHOUT_PAYMENT = (
    "refusal",
    "new_deadline",
    "release_with_payment",
    "release_without_payment",
)
OUTCOMES = [REFUSAL, NEW_DEADLINE, RELEASE_WITH_PAYMENT, RELEASE_WITHOUT_PAYMENT]
RELEASING = frozenset({RELEASE_WITH_PAYMENT, RELEASE_WITHOUT_PAYMENT})

REQUESTED, PROPOSED, GRANTED, REFUSED = "requested", "proposed", "granted", "refused"
EXEMPTION_STATUSES = [REQUESTED, PROPOSED, GRANTED, REFUSED]
# A refusal is one staff member's decision with written reasons; anything the buyer gains (a
# new deadline, a release) is proposed by one and approved by a second authorised person
# (four eyes, `sanctions.may_approve`), who may also refuse the proposal.
EXEMPTION_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (REQUESTED, REFUSED): frozenset({STAFF}),
    (REQUESTED, PROPOSED): frozenset({STAFF}),
    (PROPOSED, GRANTED): frozenset({STAFF}),
    (PROPOSED, REFUSED): frozenset({STAFF}),
}


# --- Penalty claims (issue #16) -------------------------------------------------------------

CLAIMED, REDUCTION_PROPOSED, REDUCED, WAIVED, PAID = (
    "claimed",
    "proposed",
    "reduced",
    "waived",
    "paid",
)
REDUCE, WAIVE = "reduce", "waive"
# A claim still to be paid or decided on.
CLAIM_OPEN = frozenset({CLAIMED, REDUCTION_PROPOSED, REDUCED})
# Staff record the claim's payment, or propose a reduction or waiver with reasons that a
# second authorised person approves (or refuses: the claim stands as it was).
CLAIM_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (CLAIMED, PAID): frozenset({STAFF}),
    (CLAIMED, REDUCTION_PROPOSED): frozenset({STAFF}),
    (REDUCTION_PROPOSED, REDUCED): frozenset({STAFF}),
    (REDUCTION_PROPOSED, WAIVED): frozenset({STAFF}),
    (REDUCTION_PROPOSED, CLAIMED): frozenset({STAFF}),
    (REDUCED, PAID): frozenset({STAFF}),
}
# Obligations whose breach costs the penalty only after a notice of default and its term
# (the article Boetebeding: renovation and self-occupancy); a resale without imposing the
# obligations (the chain clause) cannot be remedied, so its penalty is due at once.
NOTICE_FIRST = frozenset({RENOVATION_START, COMPLETION, PROGRESS_REPORT, BRP_REGISTRATION})
# --- Resale reports and the release (issue #16) ---------------------------------------------

NOTARY = "notary"
REPORTED, CONFIRMED, SET_ASIDE = "reported", "confirmed", "set_aside"
# A report is confirmed (the resale recorded with its computation) or set aside with reasons
# (a second report of the same sale), by staff, once.
REPORT_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (REPORTED, CONFIRMED): frozenset({STAFF}),
    (REPORTED, SET_ASIDE): frozenset({STAFF}),
}

APPROVED = "approved"
OBLIGATIONS_MET, EXEMPTION_RELEASE = "obligations_met", "exemption"
# The release: proposed by one authorised person, approved or refused by a second (never
# the proposer: `sanctions.may_approve`).
RELEASE_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (PROPOSED, APPROVED): frozenset({STAFF}),
    (PROPOSED, REFUSED): frozenset({STAFF}),
}

NOT_YET, UNPAID = "not_yet", "unpaid"


def release_basis(*, ready: bool, releasing_outcome: str | None, payments) -> str:
    """On what a home may be released: every obligation met and every period ended
    (`ready`, from `sanctions.release_ready`), or a granted exemption that releases
    (`releasing_outcome`). Every resale payment due must be paid first (`payments`: (amount
    due, paid) pairs), and a release "with the payment" needs that payment: until a resale
    with a payment is recorded and paid it is UNPAID. NOT_YET: no basis at all."""
    unpaid = any(due and due > 0 and not paid for due, paid in payments)
    if ready:
        return UNPAID if unpaid else OBLIGATIONS_MET
    if releasing_outcome is None:
        return NOT_YET
    if unpaid:
        return UNPAID
    if releasing_outcome == RELEASE_WITH_PAYMENT and not any(
        due and due > 0 and paid for due, paid in payments
    ):
        return UNPAID
    return EXEMPTION_RELEASE
