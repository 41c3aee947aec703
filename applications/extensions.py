"""Extension points of the applications app's pages, and what applications adds to the pages
of the properties layer (see `klushuis.extensions`)."""

from applications.assessment.selectors import round_assessment
from applications.lottery.selectors import round_lottery
from applications.offers.selectors import offer_log
from klushuis.extensions import ContextExtension

# The buyer's application page: a layer above adds what it shows there (contracts: the
# purchase agreement, as `contract`, `contract_version`, `contract_terms`, `cooling_off`).
# Providers take `application=`.
APPLICATION_PAGE = ContextExtension("application page")


def round_page_context(*, sales_round) -> dict:
    """The selection on a round's public page (properties' ROUND_PAGE): the lottery's published
    steps, the outcome of the assessment of plans, and the log of offers once the round is
    published."""
    return {
        "lottery": round_lottery(sales_round),
        "assessment": round_assessment(sales_round),
        "offer_log": offer_log(sales_round) if sales_round.published_at else [],
    }
