"""A table cell as the reader expects it: numbers in the language's format (thousands
separated), anything else as it is."""

from decimal import Decimal

from django import template

from klushuis.templatetags.portal import number

register = template.Library()


@register.filter
def cell(value):
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return number(value)
