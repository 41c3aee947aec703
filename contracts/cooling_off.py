"""The statutory cooling-off period (bedenktijd) of a consumer who buys a home.

Art. 7:2 lid 2 BW: during three days after the signed agreement (or a copy) was handed to the
buyer, the buyer may dissolve the sale. The period starts on the day after the handover and its
last day ends at midnight (Europe/Amsterdam). It is a statutory period, so the Algemene
termijnenwet (Atw) applies to it:

- art. 1 lid 1 Atw: a period that would end on a Saturday, Sunday or recognised public holiday
  runs on to the end of the next day that is none of these (extension 1);
- art. 2 Atw: a period of at least three days that starts after an event is extended as far as
  needed to contain at least two days that are none of these (extension 2);
- art. 3 Atw says which days are holidays: those it lists (lid 1), Good Friday (lid 2) and the
  days the government equates with them by a decree published in the Staatscourant (lid 3, the
  "Besluit gelijkstelling van ... met een algemeen erkende feestdag", issued every few years for
  bridge days such as the Friday after Ascension). The calendar is the shared service
  `klushuis.holiday_calendar`: its `rules` compute the Act's holidays, and the decree days are
  data a platform administrator records in the admin.

Decree days are modelled: every function here that counts days takes them as the keyword
`decree_days` (a set of dates; the portal passes `klushuis.holiday_calendar.selectors.
decree_days()`). They count like holidays, so they can only lengthen a period: handed over on
Monday 11 May 2026, the period ends on Monday 18 May (14 May Ascension, 15 May a decree day,
then the weekend), not on Friday 15 May. Without them (the default, an empty set) only the Act's
own holidays count.

This module is plain Python (no Django) so that it can be tested without a database.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from klushuis.holiday_calendar.rules import NO_DECREE_DAYS, is_non_working_day

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

COOLING_OFF_DAYS = 3  # art. 7:2 lid 2 BW
MIN_WORKING_DAYS = 2  # art. 2 Atw
REPEAT_EXCLUSION_MONTHS = 6  # art. 7:2 lid 2 BW, last sentence

_ONE_DAY = timedelta(days=1)


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


def cooling_off_last_day(
    handed_over: date | datetime, *, decree_days: Collection[date] = NO_DECREE_DAYS
) -> date:
    """The last day of the cooling-off period; the period ends at 24:00 Amsterdam time that day.

    `handed_over` is the day (or aware moment) the signed agreement or a copy reached the buyer;
    `decree_days` the days equated with a holiday by decree (art. 3 lid 3 Atw).
    """
    if isinstance(handed_over, datetime):
        handed_over = handover_date(handed_over)

    def skipped(day: date) -> bool:  # art. 3 Atw: the Act's holidays and the decree days
        return is_non_working_day(day, decree_days=decree_days)

    first_day = handed_over + _ONE_DAY
    last_day = handed_over + timedelta(days=COOLING_OFF_DAYS)

    # The order of the two extensions does not matter. Extension 1 alone ends on A, the first
    # working day on or after the third day; extension 2 alone ends on the third day or, if that
    # is earlier, on B, the second working day of the period. Each extension stops on a working
    # day, so either order ends on max(A, B): the first working day on or after the third day
    # that completes two working days. Extension 1 first follows the order of the Act.
    while skipped(last_day):  # art. 1 Atw
        last_day += _ONE_DAY

    # art. 2 Atw counts the working days of the whole period, from its first day.
    working_days = sum(
        not skipped(first_day + timedelta(days=n)) for n in range((last_day - first_day).days + 1)
    )
    while working_days < MIN_WORKING_DAYS:  # art. 2 Atw
        last_day += _ONE_DAY
        working_days += not skipped(last_day)
    return last_day


def cooling_off_ends_at(
    handed_over: date | datetime, *, decree_days: Collection[date] = NO_DECREE_DAYS
) -> datetime:
    """The first instant after the cooling-off period: 00:00 Amsterdam time after the last day.

    The buyer may still dissolve at any moment strictly before it (`now < ends_at`).
    `decree_days` as for `cooling_off_last_day`.
    """
    day_after = cooling_off_last_day(handed_over, decree_days=decree_days) + _ONE_DAY
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
    is 28 or 29 February). The 6 months are not extended by the Atw (art. 4 Atw excludes periods
    of 3 months or longer), so no holiday or decree day changes them: this function takes none.

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
