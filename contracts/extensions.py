"""Extension points of the contracts app (see `klushuis.extensions`). Kept free of models."""

from klushuis.extensions import FirstAnswer

# The day the buyer was released from the contract's obligations (aftercare records it). The
# limitation periods before a contract file may be destroyed run from it; without an answer a
# contract is never proposed for destruction. Providers take `contract=` and return a date.
RELEASED_ON = FirstAnswer("release date of a purchase agreement")
