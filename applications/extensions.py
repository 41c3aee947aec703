"""Extension points of the applications app's pages (see `klushuis.extensions`). Kept free of
models: a layer above imports them from its apps module, before models are ready."""

from klushuis.extensions import ContextExtension

# The buyer's application page: a layer above adds what it shows there (contracts: the
# purchase agreement, as `contract`, `contract_version`, `contract_terms`, `cooling_off`).
# Providers take `application=`.
APPLICATION_PAGE = ContextExtension("application page")
