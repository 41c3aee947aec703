"""The days the Algemene termijnenwet (Atw) skips: Saturdays, Sundays, the recognised public
holidays and the days a decree equates with them.

- art. 3 lid 1 Atw lists the recognised holidays: New Year's Day, Easter Monday, Ascension Day,
  Whit Monday, Christmas and Boxing Day, the day the King's birthday is celebrated, and 5 May,
  every year;
- art. 3 lid 2 Atw equates Good Friday with them (the Act itself, not a decree);
- art. 3 lid 3 Atw lets the government equate further days by a decree published in the
  Staatscourant ("Besluit gelijkstelling van ... met een algemeen erkende feestdag", usually one
  every three years, for bridge days such as the Friday after Ascension). Those **decree days**
  are data, not code: a platform administrator records each new decree in the admin
  (`klushuis.holiday_calendar.models.DecreeDay`), and every function here that decides whether a
  day counts takes them as input (`decree_days`). The calendar computed here is only the Act's.

The `holidays` package's Dutch calendar cannot be used: it has 5 May only every fifth year, no
Good Friday and no decree days, which is right for days off work but wrong for the Atw.

Plain Python (no Django), so that the rules are tested without a database.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

# King's Day has been 27 April (26 April when the 27th is a Sunday) since 2014. Before that it was
# Queen's Day, 30 April (29 April when the 30th was a Sunday, 1980-2013), and 5 May was added to
# art. 3 Atw only in the 1980s. The portal deals with terms that run now, so instead of modelling
# that history unverified, earlier years are refused with a ValueError.
FIRST_SUPPORTED_YEAR = 2014

NO_DECREE_DAYS: frozenset[date] = frozenset()


def easter_sunday(year: int) -> date:
    """Easter Sunday of a Gregorian year (Anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    if year < 1583:
        raise ValueError(f"{year} is before the Gregorian calendar was adopted")
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=256)
def _holidays(year: int) -> MappingProxyType[date, str]:
    # Read-only, because the cache hands the same object to every caller.
    if year < FIRST_SUPPORTED_YEAR:
        raise ValueError(
            f"public holidays before {FIRST_SUPPORTED_YEAR} are not modelled (Queen's Day era)"
        )
    easter = easter_sunday(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == calendar.SUNDAY:
        # Then it falls on a Saturday, so it never changes a period; it is listed for accuracy.
        kings_day = date(year, 4, 26)
    days = [
        (date(year, 1, 1), "Nieuwjaarsdag"),
        (easter - timedelta(days=2), "Goede Vrijdag"),
        (easter + timedelta(days=1), "Tweede Paasdag"),
        (kings_day, "Koningsdag"),
        (date(year, 5, 5), "Bevrijdingsdag"),
        (easter + timedelta(days=39), "Hemelvaartsdag"),
        (easter + timedelta(days=50), "Tweede Pinksterdag"),
        (date(year, 12, 25), "Eerste Kerstdag"),
        (date(year, 12, 26), "Tweede Kerstdag"),
    ]
    # Easter Sunday and Whit Sunday are not listed in art. 3 Atw: they are Sundays anyway.
    holidays: dict[date, str] = {}
    for day, name in sorted(days):
        # Ascension Day can fall on 5 May (2016, for one); keep both names.
        holidays[day] = f"{holidays[day]}, {name}" if day in holidays else name
    return MappingProxyType(holidays)


def public_holidays(year: int) -> dict[date, str]:
    """The holidays of art. 3 lid 1 and 2 Atw in `year`, in date order: date -> Dutch name.

    Decree days (art. 3 lid 3) are not among them: they are data, passed to
    `is_non_working_day`. Computed once per year; the caller gets its own copy. Raises
    ValueError before 2014.
    """
    return dict(_holidays(year))


def is_public_holiday(day: date) -> bool:
    """Whether `day` is a holiday of art. 3 lid 1 or 2 Atw (decree days not included)."""
    return day in _holidays(day.year)


def is_non_working_day(day: date, *, decree_days: Collection[date] = NO_DECREE_DAYS) -> bool:
    """Whether the Atw skips `day`: a Saturday, Sunday, recognised holiday or decree day.

    `decree_days` are the days equated with a holiday by decree (art. 3 lid 3 Atw); the portal
    reads them with `klushuis.holiday_calendar.selectors.decree_days()`.
    """
    return day.weekday() >= calendar.SATURDAY or day in _holidays(day.year) or day in decree_days
