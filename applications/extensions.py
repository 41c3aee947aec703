"""Extension points of the applications app's pages (see `klushuis.extensions`). Kept free of
models: a layer above imports them from its apps module, before models are ready."""

from klushuis.extensions import Consequences, ContextExtension

# The buyer's application page: a layer above adds what it shows there (contracts: the
# purchase agreement, as `contract`, `contract_version`, `contract_terms`, `cooling_off`).
# Providers take `application=`.
APPLICATION_PAGE = ContextExtension("application page")

# An offer was made (inside the transaction that made it). Providers take `offer=`; contracts
# issues the offer letter, so the letter exists from the moment the offer does.
OFFER_MADE = Consequences("offer made")

# Applications were turned down: not selected, or found ineligible (inside the transaction
# that moved them). Providers take `application_ids=` (a list: the selection turns many down at
# once); contracts issues their rejection letters.
APPLICATIONS_REJECTED = Consequences("applications rejected")
