"""Values as people read them, in the active language: "1 december 2026 11:56", "€ 95.000".

For Python code that builds text (model names, admin columns, exports); templates use the
`date` filter and `euro` from the `portal` template tags, which this shares.
"""

from django.utils import formats, timezone

from klushuis.templatetags.portal import euro  # one formatter for amounts, shared

__all__ = ["day", "euro", "moment", "short_moment"]


def moment(value) -> str:
    """A date and time in the local zone without seconds, or "" for none."""
    if value is None:
        return ""
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def day(value) -> str:
    """A date ("14 november 2026"), or "" for none."""
    if value is None:
        return ""
    return formats.date_format(value, "DATE_FORMAT")


def short_moment(value) -> str:
    """A date and time in few characters ("1-12-2026 11:56"), for columns of lists."""
    if value is None:
        return ""
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
