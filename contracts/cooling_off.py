"""The statutory cooling-off period (bedenktijd) of a consumer who buys a home.

Art. 7:2 lid 2 BW: during three days after the signed agreement (or a copy) was handed to the
buyer, the buyer may dissolve the sale. The period starts on the day after the handover and its
last day ends at midnight (Europe/Amsterdam). It is a statutory period, so the Algemene
termijnenwet (Atw) applies to it:

- art. 1 lid 1 Atw: a period that would end on a Saturday, Sunday or recognised public holiday
  runs on to the end of the next day that is none of these (extension 1);
- art. 2 Atw: a period of at least three days that starts after an event is extended as far as
  needed to contain at least two days that are none of these (extension 2);
- art. 3 lid 1 Atw lists the recognised holidays (New Year's Day, Easter Monday, Ascension Day,
  Whit Monday, Christmas and Boxing Day, the day the King's birthday is celebrated, and 5 May,
  every year). Good Friday is equated with them: the project's domain text calls this equating
  "by decree"; the published text of the Act does it itself, in art. 3 lid 2 Atw.

Not modelled, on purpose (the domain text in shared/DOMAIN.md is the specification): art. 3
lid 3 Atw lets the government equate further days by a decree published in the Staatscourant
(the "Besluit gelijkstelling van ... met een algemeen erkende feestdag", issued every few years
for bridge days such as the Friday after Ascension). Such a day would lengthen some periods by
a working day; adding them needs a dated list kept up to date by hand.

The `holidays` package's Dutch calendar cannot be used: it has 5 May only every fifth year and
no Good Friday, which is right for days off work but wrong for the Atw.

This module is plain Python (no Django) so that it can be tested without a database.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# King's Day has been 27 April (26 April when the 27th is a Sunday) since 2014. Before that it was
# Queen's Day, 30 April (29 April when the 30th was a Sunday, 1980-2013), and 5 May was added to
# art. 3 Atw only in the 1980s. The portal deals with agreements handed over now, so instead of
# modelling that history unverified, earlier years are refused with a ValueError.
FIRST_SUPPORTED_YEAR = 2014

COOLING_OFF_DAYS = 3  # art. 7:2 lid 2 BW
MIN_WORKING_DAYS = 2  # art. 2 Atw
REPEAT_EXCLUSION_MONTHS = 6  # art. 7:2 lid 2 BW, last sentence

_ONE_DAY = timedelta(days=1)


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
    """The recognised holidays of art. 3 Atw in `year`, in date order: date -> Dutch name.

    Computed once per year; the caller gets its own copy. Raises ValueError before 2014.
    """
    return dict(_holidays(year))


def is_non_working_day(day: date) -> bool:
    """Whether `day` is a Saturday, Sunday or recognised holiday (the days the Atw skips)."""
    return day.weekday() >= calendar.SATURDAY or day in _holidays(day.year)


def handover_date(moment: datetime) -> date:
    """The calendar day in Europe/Amsterdam of an aware handover moment.

    The law counts in Dutch calendar days, so a copy handed over at 00:30 Amsterdam time is
    handed over on that day even though it is still the day before in UTC.
    """
    if not isinstance(moment, datetime):
        raise TypeError(f"expected a datetime, got {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the handover moment must be timezone-aware")
    return moment.astimezone(AMSTERDAM).date()


def cooling_off_last_day(handed_over: date | datetime) -> date:
    """The last day of the cooling-off period; the period ends at 24:00 Amsterdam time that day.

    `handed_over` is the day (or aware moment) the signed agreement or a copy reached the buyer.
    """
    if isinstance(handed_over, datetime):
        handed_over = handover_date(handed_over)
    first_day = handed_over + _ONE_DAY
    last_day = handed_over + timedelta(days=COOLING_OFF_DAYS)

    # The order of the two extensions does not matter. Extension 1 alone ends on A, the first
    # working day on or after the third day; extension 2 alone ends on the third day or, if that
    # is earlier, on B, the second working day of the period. Each extension stops on a working
    # day, so either order ends on max(A, B): the first working day on or after the third day
    # that completes two working days. Extension 1 first follows the order of the Act.
    while is_non_working_day(last_day):  # art. 1 Atw
        last_day += _ONE_DAY

    # art. 2 Atw counts the working days of the whole period, from its first day.
    working_days = sum(
        not is_non_working_day(first_day + timedelta(days=n))
        for n in range((last_day - first_day).days + 1)
    )
    while working_days < MIN_WORKING_DAYS:  # art. 2 Atw
        last_day += _ONE_DAY
        working_days += not is_non_working_day(last_day)
    return last_day


def cooling_off_ends_at(handed_over: date | datetime) -> datetime:
    """The first instant after the cooling-off period: 00:00 Amsterdam time after the last day.

    The buyer may still dissolve at any moment strictly before it (`now < ends_at`).
    """
    day_after = cooling_off_last_day(handed_over) + _ONE_DAY
    # Midnight always exists in Amsterdam: clocks change at 02:00 and 03:00.
    return datetime.combine(day_after, time(0), tzinfo=AMSTERDAM)


def _add_months(day: date, months: int) -> date:
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    month = month_index + 1
    # 31 August + 6 months is the last day of February, not an error or 3 March.
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cooling_off_applies(previous_handover: date | None, handed_over: date) -> bool:
    """Whether a new agreement between the same parties for the same home gets a cooling-off period.

    `previous_handover` is the handover day of an earlier agreement between the same parties for
    the same home, or None. The right does not arise again when `handed_over` is earlier than
    `previous_handover` plus 6 calendar months (clamped to the month's end: 31 August + 6 months
    is 28 or 29 February). The 6 months are not extended by the Atw: art. 4 Atw excludes periods
    of 3 months or longer.

    Art. 7:2 lid 2 BW is narrower than this: it excludes the right only when the buyer *used* it
    to dissolve the earlier sale, and counts 6 months from that dissolution to the moment the new
    sale is concluded. So pass None when the earlier sale ended any other way (case law: a sale
    dissolved by a resolutive condition and signed anew gives a new cooling-off period). Counting
    from handover to handover, as the domain text does, differs from the Act by a few days.
    """
    if previous_handover is None:
        return True
    if previous_handover > handed_over:
        raise ValueError("the previous handover is later than this one")
    return handed_over >= _add_months(previous_handover, REPEAT_EXCLUSION_MONTHS)
