"""Plain rules for purchase agreements: the status table and the dates a contract carries.

Nothing here imports the ORM. The cooling-off arithmetic is in `contracts.cooling_off`.
"""

import calendar
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

DRAFT = "draft"
SENT = "sent"
SIGNED_BY_BUYER = "signed_by_buyer"
SIGNED_BY_SELLER = "signed_by_seller"
DISSOLVED = "dissolved"
TRANSFERRED = "transferred"

STATUSES = [DRAFT, SENT, SIGNED_BY_BUYER, SIGNED_BY_SELLER, DISSOLVED, TRANSFERRED]

# How an agreement was dissolved. Only a dissolution within the cooling-off period (online, or by
# the buyer's letter that staff record) bars a new cooling-off period for the same home with the
# same seller within six months (art. 7:2 lid 2 BW); the others do not.
COOLING_OFF_ONLINE = "cooling_off_online"
COOLING_OFF_LETTER = "cooling_off_letter"
BY_AGREEMENT = "agreement"
FOR_DEFAULT = "default"
FINANCING_CONDITION = "financing_condition"
DISSOLUTION_KINDS = [
    COOLING_OFF_ONLINE,
    COOLING_OFF_LETTER,
    BY_AGREEMENT,
    FOR_DEFAULT,
    FINANCING_CONDITION,
]
COOLING_OFF_KINDS = frozenset({COOLING_OFF_ONLINE, COOLING_OFF_LETTER})
# What staff record in the admin (the buyer's online dissolution is the buyer's own service).
STAFF_DISSOLUTION_KINDS = [COOLING_OFF_LETTER, BY_AGREEMENT, FOR_DEFAULT, FINANCING_CONDITION]


def kind_from_reason(reason: str) -> str:
    """The kind of an old dissolution, read from its free-text reason (the data migration:
    before the kind was recorded, the online cooling-off dissolution's history reason started
    with "Bedenktijd"; staff typed theirs)."""
    text = (reason or "").lower()
    if text.startswith("bedenktijd"):
        return COOLING_OFF_ONLINE
    if "bedenktijd" in text or "cooling-off" in text:
        return COOLING_OFF_LETTER
    if "financier" in text or "financing" in text:
        return FINANCING_CONDITION
    if "verzuim" in text or "default" in text or "ingebreke" in text:
        return FOR_DEFAULT
    return BY_AGREEMENT


# The largest signed copy (a scan) staff can upload.
MAX_SIGNED_COPY_BYTES = 20 * 1024 * 1024

# Who makes a move (the same convention as every transition table): "buyer" is the
# agreement's own buyer (contract.application.user), "staff" holds contracts.manage_contracts,
# "system" is a consequence the code makes (actor None).
BUYER, STAFF, SYSTEM = "buyer", "staff", "system"

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (DRAFT, SENT): frozenset({STAFF}),
    (SENT, SIGNED_BY_BUYER): frozenset({STAFF}),  # staff record the signed copy that came back
    (SIGNED_BY_BUYER, SIGNED_BY_SELLER): frozenset({STAFF}),
    (SIGNED_BY_SELLER, TRANSFERRED): frozenset({STAFF}),
    # The buyer withdraws after accepting, before it was sent (the sale's `sale_withdraw`).
    (DRAFT, DISSOLVED): frozenset({BUYER, STAFF}),
    (SENT, DISSOLVED): frozenset({STAFF}),  # e.g. the buyer never signed
    # The buyer's cooling-off period (art. 7:2 BW); staff for the financing condition, default.
    (SIGNED_BY_BUYER, DISSOLVED): frozenset({BUYER, STAFF}),
    (SIGNED_BY_SELLER, DISSOLVED): frozenset({BUYER, STAFF}),
}

# Only a draft is rendered again; from "sent" on, the text is what the parties hold.
REGENERABLE = {DRAFT}
SIGNED = {SIGNED_BY_BUYER, SIGNED_BY_SELLER, TRANSFERRED}
# What the buyer signs is the PDF sent for signing (decision 0007): until it can be downloaded,
# nobody can have signed it, so the buyer's signature waits for it. The seller's signature can
# only follow the buyer's (TRANSITIONS), so it needs no wait of its own.


def transition_allowed(current: str, target: str) -> bool:
    return (current, target) in TRANSITIONS


def may_move(current: str, target: str, capacities: set[str] | frozenset[str]) -> bool:
    """Whether someone acting in any of `capacities` may make the move."""
    return bool(TRANSITIONS.get((current, target), frozenset()) & set(capacities))


def waits_for_sent_pdf(target: str, *, sent_pdf_ready: bool) -> bool:
    """Whether the move to `target` must wait until the PDF sent for signing is rendered."""
    return target == SIGNED_BY_BUYER and not sent_pdf_ready


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 January + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def renovation_deadlines(transfer: date, start_months: int, completion_months: int):
    """The last day to start and to complete the renovation, counted from the transfer."""
    return add_months(transfer, start_months), add_months(transfer, completion_months)


def percentage_of(amount: Decimal, percentage: Decimal) -> Decimal:
    """A percentage of an amount, in whole cents, halves up (as a notary would write it)."""
    return (amount * Decimal(str(percentage)) / 100).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def proposed_transfer_date(made: date, *, transfer_days: int) -> date:
    """The transfer date a draft proposes (staff set the real one with the notary)."""
    return made + timedelta(days=transfer_days)


def dates_after_signing(
    signed: date, *, deposit_days: int, financing_days: int, cooling_off_last_day: date | None
) -> tuple[date, date]:
    """The deposit's due date and the end of the financing condition, counted from the day the
    agreement signed by both was handed to the buyer (never from the day a draft was made), and
    never inside the cooling-off period (art. 7:2 BW): at the earliest the day after it."""
    floor = cooling_off_last_day + timedelta(days=1) if cooling_off_last_day else signed
    return (
        max(signed + timedelta(days=deposit_days), floor),
        max(signed + timedelta(days=financing_days), floor),
    )


def days_after_signing(days: int) -> str:
    """A term not fixed yet, as the agreement words it until it is signed."""
    return (
        f"de {days}e dag na ondertekening door beide partijen (niet eerder dan de dag na het "
        "einde van de bedenktijd)"
    )
