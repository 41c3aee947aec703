"""What applications adds to the round page of the properties layer (its ROUND_PAGE extension
point); registered in ApplicationsConfig.ready()."""

from applications.assessment.selectors import round_assessment
from applications.lottery.selectors import round_lottery
from applications.offers.selectors import offer_log


def round_page_context(*, sales_round) -> dict:
    """The selection on a round's public page: the lottery's published steps, the outcome of
    the assessment of plans, and the log of offers once the round is published."""
    return {
        "lottery": round_lottery(sales_round),
        "assessment": round_assessment(sales_round),
        "offer_log": offer_log(sales_round) if sales_round.published_at else [],
    }
