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

DRAFT, PUBLISHED, IN_ROUND, ALLOCATED, SOLD, WITHDRAWN = (
    "draft",
    "published",
    "in_round",
    "allocated",
    "sold",
    "withdrawn",
)

PROPERTY_TRANSITIONS: dict[str, set[str]] = {
    DRAFT: {PUBLISHED, WITHDRAWN},
    PUBLISHED: {DRAFT, IN_ROUND, WITHDRAWN},
    IN_ROUND: {PUBLISHED, ALLOCATED, WITHDRAWN},
    ALLOCATED: {IN_ROUND, PUBLISHED, SOLD, WITHDRAWN},
    SOLD: set(),
    WITHDRAWN: {DRAFT},
}

# What the public catalogue shows.
PUBLIC_PROPERTY_STATUSES = (PUBLISHED, IN_ROUND, ALLOCATED, SOLD)


def property_transition_allowed(current: str, target: str) -> bool:
    return target in PROPERTY_TRANSITIONS.get(current, set())


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
