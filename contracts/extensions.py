"""Extension points of the contracts app, where layers above follow the sale (see
`klushuis.extensions`). Kept free of models."""

from klushuis.extensions import Consequences, FirstAnswer

# The day the buyer was released from the contract's obligations (aftercare records it). The
# limitation periods before a contract file may be destroyed run from it; without an answer a
# contract is never proposed for destruction. Providers take `contract=` and return a date.
RELEASED_ON = FirstAnswer("release date of a purchase agreement")

# The notary passed the deed: `contract_transfer` runs these in its transaction, under the
# sale's locks, with `contract` (transferred, its dates fixed) and `actor`. Aftercare starts
# its obligations here (`aftercare.services.aftercare_start`).
CONTRACT_TRANSFERRED = Consequences("contract transferred")
