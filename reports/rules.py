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
