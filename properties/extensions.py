"""The points where layers above properties add to its pages (klushuis/extensions.py)."""

from klushuis.extensions import ContextExtension

# The public page of a sales round. Called as ROUND_PAGE.context(sales_round=...); applications
# adds the lottery's steps, the assessment's outcome and the offer log.
ROUND_PAGE = ContextExtension("round page")

# The public page of a home. Called as PROPERTY_PAGE.context(property=...) for a sold or
# renovated home; aftercare adds the after photos its buyer agreed to share.
PROPERTY_PAGE = ContextExtension("property page")
