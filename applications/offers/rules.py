"""Plain rules for offers: the status table and who may make each move.

Nothing here imports the ORM; `applications.offers.services.offer_transition` is the adapter.
"""

OPEN = "open"
ACCEPTED = "accepted"
DECLINED = "declined"
EXPIRED = "expired"
WITHDRAWN = "withdrawn"

STATUSES = [OPEN, ACCEPTED, DECLINED, EXPIRED, WITHDRAWN]

# Who makes a move (the same convention as every transition table): "buyer" is the offer's
# own buyer (application.user), "staff" holds applications.manage_offers, "system" is a
# consequence the code makes (actor None; the history's reason names the cause).
BUYER, STAFF, SYSTEM = "buyer", "staff", "system"

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (OPEN, ACCEPTED): frozenset({BUYER}),
    (OPEN, DECLINED): frozenset({BUYER}),
    (OPEN, EXPIRED): frozenset({SYSTEM}),  # the deadline passed (offers_expire_due)
    (OPEN, WITHDRAWN): frozenset({STAFF}),  # e.g. the buyer turned out not to qualify
    # The buyer withdraws their acceptance before the agreement was sent (the sale's
    # `sale_withdraw`), or the agreement was dissolved (a consequence of the dissolution,
    # whoever made it: the contract's history names them).
    (ACCEPTED, WITHDRAWN): frozenset({BUYER, SYSTEM}),
}

# The offers that hold their home: at most one per home (a database constraint backs it up).
LIVE = frozenset({OPEN, ACCEPTED})


def transition_allowed(current: str, target: str) -> bool:
    return (current, target) in TRANSITIONS


def may_move(current: str, target: str, capacities: set[str] | frozenset[str]) -> bool:
    """Whether someone acting in any of `capacities` may make the move."""
    return bool(TRANSITIONS.get((current, target), frozenset()) & set(capacities))
