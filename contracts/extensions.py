"""The points where layers above contracts follow the sale (klushuis/extensions.py)."""

from klushuis.extensions import Consequences

# The notary passed the deed: `contract_transfer` runs these in its transaction, under the
# sale's locks, with `contract` (transferred, its dates fixed) and `actor`. Aftercare starts
# its obligations here (`aftercare.services.aftercare_start`).
CONTRACT_TRANSFERRED = Consequences("contract transferred")
