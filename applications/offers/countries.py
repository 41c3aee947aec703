"""Country names for the deed data, from Babel's CLDR data (no extra dependency), in the
language of the page."""

from babel import Locale
from django.utils import translation

NETHERLANDS = "NL"
# CLDR also names regions and groupings with two letters; they are not countries to live in.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


def _territories() -> dict[str, str]:
    language = (translation.get_language() or "nl").split("-")[0]
    names = Locale.parse(language if language in ("nl", "en") else "nl").territories
    return {
        code: name
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


def country_choices() -> list[tuple[str, str]]:
    """The Netherlands first, then every other country by name."""
    names = _territories()
    others = sorted(((c, n) for c, n in names.items() if c != NETHERLANDS), key=lambda x: x[1])
    return [(NETHERLANDS, names[NETHERLANDS]), *others]


def country_name(code: str) -> str:
    return _territories().get(code, code)
