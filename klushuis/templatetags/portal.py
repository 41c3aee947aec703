from datetime import datetime
from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from django import template
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

register = template.Library()

_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def _locale():
    return _LOCALES.get(translation.get_language() or "nl", "nl_NL")


@register.filter
def euro(value, digits=0):
    """€ 185.000 in Dutch, €185,000 in English; cents only when asked for or present."""
    if value in (None, ""):
        return ""
    amount = Decimal(value)
    with_cents = int(digits) > 0 or amount != amount.to_integral_value()
    pattern = None if with_cents else "¤\u00a0#,##0" if _locale() == "nl_NL" else "¤#,##0"
    return format_currency(
        amount, "EUR", format=pattern, locale=_locale(), currency_digits=with_cents
    )


@register.filter
def number(value):
    if value in (None, ""):
        return ""
    return format_decimal(value, locale=_locale())


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination and sorting)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag
def household(adults, children):
    """'2 adults and 1 child': each count with its own singular or plural (ngettext)."""
    people = ngettext("%(count)d adult", "%(count)d adults", adults) % {"count": adults}
    if not children:
        kids = gettext("no children")
    else:
        kids = ngettext("%(count)d child", "%(count)d children", children) % {"count": children}
    return gettext("%(adults)s and %(children)s") % {"adults": people, "children": kids}


@register.filter
def datetime_attr(value):
    """A moment for `<time datetime>`: ISO 8601 in local time, whole seconds. HTML does not
    allow the microseconds Django's `date:'c'` gives."""
    if not value:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
