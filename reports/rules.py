"""Plain rules of the reports, tested without a database."""

from decimal import Decimal

# Public figures below this count are not shown, so no buyer can be picked out.
SUPPRESS_BELOW = 5


def suppressed(count: int) -> int | None:
    """The count to publish, or None when it is too small to publish."""
    return count if count >= SUPPRESS_BELOW else None


def public_amount(amount: Decimal, homes: int) -> Decimal | None:
    """A sum over `homes` homes, published only when they are enough not to tell one apart."""
    return amount if suppressed(homes) is not None else None


# --- Removed applications -----------------------------------------------------------------

# How far a removed application got, by the status it had when it was removed (its tombstone
# keeps that status, whether it was ever submitted and how many offers it had; its history is
# gone with it). The paths of applications.rules.TRANSITIONS: not selected, a reserve place,
# a declined or expired offer all come after the freeze (eligible, then in the draw);
# ineligible comes after submitting. A withdrawal can come from any step before the draw, so
# it counts as submitted only when the tombstone says it was, and no further (the least it
# certainly reached).
_AFTER_THE_DRAW = ("submitted", "eligible", "selected")
REACHED_BY_FINAL_STATUS = {
    "draft": (),
    "submitted": ("submitted",),
    "eligible": ("submitted", "eligible"),
    "ineligible": ("submitted",),
    "in_draw": _AFTER_THE_DRAW,
    "reserve": _AFTER_THE_DRAW,
    "not_selected": _AFTER_THE_DRAW,
    "declined": _AFTER_THE_DRAW,
    "offer_expired": _AFTER_THE_DRAW,
}


def reached_by_final_status(status: str, submitted: bool) -> tuple[str, ...]:
    """The funnel steps (of submitted, eligible, selected) a removed application reached."""
    if status in REACHED_BY_FINAL_STATUS:
        return REACHED_BY_FINAL_STATUS[status]
    return ("submitted",) if submitted else ()
