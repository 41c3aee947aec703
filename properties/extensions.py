"""The points where layers above properties add to its pages (klushuis/extensions.py)."""

from klushuis.extensions import ContextExtension

# The public page of a sales round. Called as ROUND_PAGE.context(sales_round=...); applications
# adds the lottery's steps, the assessment's outcome and the offer log.
ROUND_PAGE = ContextExtension("round page")
