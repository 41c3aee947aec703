"""Plain rules about properties and sales rounds; no Django, tested without a database."""

import re
from datetime import datetime

# Dutch postcode: four digits not starting with 0, then two letters; SA, SD and SS are not used.
POSTCODE_PATTERN = r"^[1-9][0-9]{3} ?(?!SA|SD|SS)[A-Z]{2}$"
_POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")


def normalise_postcode(value: str) -> str:
    """'3011ab' -> '3011 AB'; anything that does not look like a postcode is returned as is,
    so that the validator can refuse it with its message."""
    match = _POSTCODE.match(value or "")
    if not match:
        return value
    return f"{match.group(1)} {match.group(2).upper()}"


def format_address(street: str, number: int, letter: str = "", addition: str = "") -> str:
    """BAG notation: 'Spanjaardstraat 12A-2' (letter directly, addition after a hyphen)."""
    text = f"{street} {number}{letter.upper() if letter else ''}"
    return f"{text}-{addition}" if addition else text


def format_cadastral_designation(code: str, section: str, parcel: int, index=None) -> str:
    """'RTD01 F 1234' or, for an apartment right, 'RTD01 F 1234 A 5'."""
    text = f"{code} {section} {parcel}"
    return f"{text} A {index}" if index else text


# --- Property status -------------------------------------------------------------------------

DRAFT, PUBLISHED, IN_ROUND, ALLOCATED, SOLD, RENOVATED, RELEASED, WITHDRAWN = (
    "draft",
    "published",
    "in_round",
    "allocated",
    "sold",
    "renovated",
    "released",
    "withdrawn",
)
PROPERTY_STATUSES = (DRAFT, PUBLISHED, IN_ROUND, ALLOCATED, SOLD, RENOVATED, RELEASED, WITHDRAWN)

# Who makes a move (the same three capacities in every transition table of the portal):
# "staff" holds properties.change_property, "system" is a consequence the code makes (the
# history's reason names its cause). No buyer moves a home.
BUYER, STAFF, SYSTEM = "buyer", "staff", "system"

PROPERTY_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    # Staff prepare a home, show it in the catalogue, take it back or withdraw it from sale.
    (DRAFT, PUBLISHED): frozenset({STAFF}),
    (DRAFT, WITHDRAWN): frozenset({STAFF}),
    (PUBLISHED, DRAFT): frozenset({STAFF}),
    (PUBLISHED, WITHDRAWN): frozenset({STAFF}),
    (WITHDRAWN, DRAFT): frozenset({STAFF}),
    # Publishing a round puts its homes in it, in the name of the staff member who publishes
    # (applications.rounds.sales_round_publish passes them as the actor).
    (PUBLISHED, IN_ROUND): frozenset({STAFF}),
    # From here the sale moves the home (contracts): allocated when its offer is accepted; back
    # in its round when the acceptance is withdrawn or the agreement dissolved before the
    # transfer, so that the next reserve candidate may get it; sold at the transfer. A home in
    # a round or allocated is not taken out by hand: applicants hold preferences and offers
    # for it, which only the layers above can settle.
    (IN_ROUND, ALLOCATED): frozenset({SYSTEM}),
    (ALLOCATED, IN_ROUND): frozenset({SYSTEM}),
    (ALLOCATED, SOLD): frozenset({SYSTEM}),
    # After the sale (aftercare, DOMAIN.md "After the sale"). Renovated when the completion is
    # accepted: by staff at the inspection, or by the code when the inspection term passes
    # without one (the completion then counts as accepted). Released only by a decision of
    # staff: the signed release statement once every obligation is met, or an exemption that
    # releases the buyer before the renovation is done.
    (SOLD, RENOVATED): frozenset({STAFF, SYSTEM}),
    (SOLD, RELEASED): frozenset({STAFF}),
    (RENOVATED, RELEASED): frozenset({STAFF}),
}

# What the public catalogue shows. After the transfer a home shows as sold, and as renovated
# once its completion is accepted; an allocated home as sold subject to the sale being completed.
PUBLIC_PROPERTY_STATUSES = (PUBLISHED, IN_ROUND, ALLOCATED, SOLD, RENOVATED, RELEASED)
# Homes a buyer can still apply for, or soon will (the home page's "new on offer").
FOR_SALE_STATUSES = (PUBLISHED, IN_ROUND)
PUBLIC_STATUS = {
    PUBLISHED: PUBLISHED,
    IN_ROUND: IN_ROUND,
    ALLOCATED: ALLOCATED,
    SOLD: SOLD,
    # A result of the sale: the catalogue shows it renovated, with before and after photos
    # where the buyer agreed (aftercare).
    RENOVATED: RENOVATED,
    RELEASED: SOLD,
}


def property_transition_allowed(current: str, target: str) -> bool:
    """Whether anybody may move a home from `current` to `target`."""
    return (current, target) in PROPERTY_TRANSITIONS


def property_move_allowed(current: str, target: str, capacity: str) -> bool:
    """Whether someone in `capacity` ("buyer", "staff", "system") may make this move."""
    return capacity in PROPERTY_TRANSITIONS.get((current, target), frozenset())


def public_status(status: str) -> str:
    """The status the catalogue shows (a staff preview of a hidden home shows its own)."""
    return PUBLIC_STATUS.get(status, status)


def statuses_shown_as(shown: str) -> tuple[str, ...]:
    """The statuses the catalogue shows as `shown` (its filter selects all of them). "Sold"
    selects every home sold, renovated since or not."""
    found = tuple(status for status, public in PUBLIC_STATUS.items() if public == shown)
    if shown == SOLD:
        found += statuses_shown_as(RENOVATED)
    return found


# --- Sales round phase ---------------------------------------------------------------------------

ROUND_DRAFT, ROUND_ANNOUNCED, ROUND_OPEN, ROUND_CLOSED = "draft", "announced", "open", "closed"


def round_phase(*, published: bool, opens_at: datetime, closes_at: datetime, now: datetime) -> str:
    """Where a round stands at `now`. The closing moment is hard: at closes_at it is closed."""
    if not published:
        return ROUND_DRAFT
    if now < opens_at:
        return ROUND_ANNOUNCED
    if now < closes_at:
        return ROUND_OPEN
    return ROUND_CLOSED


def round_rules_frozen(*, published: bool, opens_at: datetime, now: datetime) -> bool:
    """Once a published round's window has opened, its rules can no longer change: applicants
    applied under them."""
    return published and now >= opens_at


def penalty_cap_below_base(*, penalty_amount, penalty_percentage, penalty_cap) -> bool:
    """Whether a round's maximum penalty lies below the penalty it caps ("€ 50.000 ... tot ten
    hoogste € 25.000"). A percentage of the price is checked per home when the agreement is
    made (`contracts.penalties`); here only a fixed sum can be compared."""
    if penalty_cap is None or penalty_percentage or penalty_amount is None:
        return False
    return penalty_cap < penalty_amount


def round_problems(
    *,
    opens_at,
    closes_at,
    now,
    property_count: int,
    unready_properties: list[str],
    anti_speculation: str = "none",
    anti_speculation_percentage=None,
    anti_speculation_amount=None,
    penalty_amount=None,
    penalty_percentage=None,
    penalty_daily_amount=None,
    penalty_cap=None,
    plan_assessment: bool = False,
    criterion_count: int = 0,
) -> list[tuple[str, dict]]:
    """What stops a round from being published, as (code, parameters) for the caller to word.

    The clauses must be complete: the contracts will carry them, and buyers apply under them.
    """
    problems = []
    if anti_speculation == "profit_share" and not anti_speculation_percentage:
        problems.append(("profit_share_missing", {}))
    if anti_speculation == "fixed_sum" and not anti_speculation_amount:
        problems.append(("fixed_sum_missing", {}))
    if penalty_daily_amount and not penalty_cap:
        problems.append(("penalty_cap_missing", {}))
    if penalty_cap_below_base(
        penalty_amount=penalty_amount,
        penalty_percentage=penalty_percentage,
        penalty_cap=penalty_cap,
    ):
        problems.append(("penalty_cap_below_base", {}))
    if closes_at <= opens_at:
        problems.append(("window_order", {}))
    elif closes_at <= now:
        problems.append(("window_past", {}))
    if property_count == 0:
        problems.append(("no_properties", {}))
    if plan_assessment and criterion_count == 0:
        problems.append(("no_criteria", {}))
    if unready_properties:
        problems.append(("unready_properties", {"references": ", ".join(unready_properties)}))
    return problems
