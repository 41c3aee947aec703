"""The statutory cooling-off period (art. 7:2 BW with the Algemene termijnenwet).

Plain Python: no database, but for the last section (the portal passes the decree days it
holds). Every dated expectation was worked out by hand; the comment beside it shows the count
(working days marked W, days the Atw skips marked x, decree days marked d). The holiday calendar
itself is tested in tests/klushuis/test_holiday_calendar.py.
"""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.cooling_off import (
    AMSTERDAM,
    cooling_off_applies,
    cooling_off_ends_at,
    cooling_off_last_day,
    handover_date,
)
from contracts.models import Contract
from contracts.selectors import cooling_off_state
from klushuis.holiday_calendar.rules import is_non_working_day

# The decree days shared/DOMAIN.md lists ("Known decrees"; art. 3 lid 3 Atw).
KNOWN_DECREE_DAYS = frozenset(
    [
        date(2023, 4, 28),
        date(2023, 5, 19),
        date(2024, 5, 10),
        date(2024, 12, 27),
        date(2025, 5, 30),
        date(2026, 1, 2),
        date(2026, 5, 15),
        date(2027, 5, 7),
        date(2028, 4, 28),
        date(2028, 5, 26),
    ]
)

# --- The domain text's examples, in a week without holidays (Mon 8 - Sun 14 June 2026) ---------


@pytest.mark.parametrize(
    ("handed_over", "last_day"),
    [
        (date(2026, 6, 8), date(2026, 6, 11)),  # Mon -> Thu
        (date(2026, 6, 9), date(2026, 6, 12)),  # Tue -> Fri
        (date(2026, 6, 10), date(2026, 6, 15)),  # Wed -> Thu Fri Sat(x), runs on to Mon
        (date(2026, 6, 11), date(2026, 6, 15)),  # Thu -> Fri Sat Sun(x), runs on to Mon
        (date(2026, 6, 12), date(2026, 6, 16)),  # Fri -> Sat Sun Mon: one W, so Tue
        (date(2026, 6, 13), date(2026, 6, 16)),  # Sat -> Sun Mon Tue
        (date(2026, 6, 14), date(2026, 6, 17)),  # Sun -> Mon Tue Wed
    ],
    ids=["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
)
def test_a_handover_in_an_ordinary_week_ends_as_the_domain_text_says(handed_over, last_day):
    assert cooling_off_last_day(handed_over) == last_day
    assert cooling_off_last_day(handed_over, decree_days=KNOWN_DECREE_DAYS) == last_day


# --- Holidays ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("handed_over", "last_day"),
    [
        # Easter 2026: Good Friday 3 April, Easter Sunday 5 April, Easter Monday 6 April.
        # Mon 30 Mar: Tue 31 W, Wed 1 W, Thu 2 W.
        (date(2026, 3, 30), date(2026, 4, 2)),
        # Tue 31 Mar: Wed 1 W, Thu 2 W, Fri 3 x (Good Friday) -> Sat, Sun, Mon 6 x -> Tue 7.
        (date(2026, 3, 31), date(2026, 4, 7)),
        # Wed 1 Apr: Thu 2 W, Fri 3 x, Sat 4 x -> Sun 5 x, Mon 6 x -> Tue 7 W; W: Thu, Tue.
        (date(2026, 4, 1), date(2026, 4, 7)),
        # Thu 2 Apr: Fri 3 x, Sat 4 x, Sun 5 x -> Mon 6 x -> Tue 7 W; one W only -> Wed 8.
        (date(2026, 4, 2), date(2026, 4, 8)),
        # Fri 3 Apr (Good Friday itself): Sat, Sun, Mon 6 x -> Tue 7; one W -> Wed 8.
        (date(2026, 4, 3), date(2026, 4, 8)),
        # Sat 4 Apr: Sun 5 x, Mon 6 x, Tue 7 W; one W -> Wed 8.
        (date(2026, 4, 4), date(2026, 4, 8)),
        # Sun 5 Apr: Mon 6 x, Tue 7 W, Wed 8 W.
        (date(2026, 4, 5), date(2026, 4, 8)),
        # Mon 6 Apr (Easter Monday): Tue 7, Wed 8, Thu 9, all W.
        (date(2026, 4, 6), date(2026, 4, 9)),
        # 2038: Good Friday 23 Apr, Easter Monday 26 Apr, King's Day Tue 27 Apr. Tue 20 Apr:
        # Wed 21 W, Thu 22 W, Fri 23 x -> Sat, Sun, Mon 26 x, Tue 27 x -> Wed 28. The longest
        # period from 2014 to 2100: 8 days.
        (date(2038, 4, 20), date(2038, 4, 28)),
    ],
)
def test_good_friday_and_easter_monday_are_skipped(handed_over, last_day):
    assert cooling_off_last_day(handed_over) == last_day


@pytest.mark.parametrize(
    ("handed_over", "last_day"),
    [
        # King's Day 2026 is Monday 27 April. Thu 23: Fri 24 W, Sat, Sun -> Mon 27 x -> Tue 28.
        (date(2026, 4, 23), date(2026, 4, 28)),
        # Fri 24: Sat, Sun, Mon 27 x -> Tue 28 W; one W -> Wed 29.
        (date(2026, 4, 24), date(2026, 4, 29)),
        # Sat 25: Sun 26 x, Mon 27 x, Tue 28 W; one W -> Wed 29.
        (date(2026, 4, 25), date(2026, 4, 29)),
    ],
)
def test_kings_day_is_skipped(handed_over, last_day):
    assert cooling_off_last_day(handed_over) == last_day


@pytest.mark.parametrize(
    ("handed_over", "last_day"),
    [
        # 5 May counts every year, not only every fifth (the `holidays` package's mistake).
        # 2026, Tue 5 May. Fri 1: Sat, Sun, Mon 4 W; one W -> Tue 5 x -> Wed 6.
        (date(2026, 5, 1), date(2026, 5, 6)),
        # Sat 2: Sun 3 x, Mon 4 W, Tue 5 x -> Wed 6; W: Mon, Wed.
        (date(2026, 5, 2), date(2026, 5, 6)),
        # 2027: Wed 5 May and Ascension Thu 6 May. Mon 3: Tue 4 W, Wed 5 x, Thu 6 x -> Fri 7 W.
        (date(2027, 5, 3), date(2027, 5, 7)),
        # Tue 4: Wed 5 x, Thu 6 x, Fri 7 W; one W -> Sat, Sun -> Mon 10.
        (date(2027, 5, 4), date(2027, 5, 10)),
    ],
)
def test_liberation_day_is_skipped_every_year(handed_over, last_day):
    assert cooling_off_last_day(handed_over) == last_day


@pytest.mark.parametrize(
    ("handed_over", "last_day"),
    [
        # Ascension 2026 is Thursday 14 May. Tue 12: Wed 13 W, Thu 14 x, Fri 15 W. Without the
        # decree days Friday 15 May is a working day (with them, see the decree days below).
        (date(2026, 5, 12), date(2026, 5, 15)),
        # Wed 13: Thu 14 x, Fri 15 W, Sat 16 x -> Mon 18; W: Fri, Mon.
        (date(2026, 5, 13), date(2026, 5, 18)),
        # Whit Monday 2026 is 25 May. Thu 21: Fri 22 W, Sat, Sun -> Mon 25 x -> Tue 26.
        (date(2026, 5, 21), date(2026, 5, 26)),
        # Fri 22: Sat, Sun, Mon 25 x -> Tue 26; one W -> Wed 27.
        (date(2026, 5, 22), date(2026, 5, 27)),
    ],
)
def test_ascension_day_and_whit_monday_are_skipped(handed_over, last_day):
    assert cooling_off_last_day(handed_over) == last_day


@pytest.mark.parametrize(
    ("handed_over", "last_day"),
    [
        # Christmas 2026: Fri 25 and Sat 26 December. Tue 22: Wed 23 W, Thu 24 W, Fri 25 x ->
        # Sat, Sun -> Mon 28.
        (date(2026, 12, 22), date(2026, 12, 28)),
        # Wed 23: Thu 24 W, Fri 25 x, Sat 26 x -> Sun -> Mon 28; W: Thu, Mon.
        (date(2026, 12, 23), date(2026, 12, 28)),
        # Thu 24: Fri 25 x, Sat 26 x, Sun 27 x -> Mon 28 W; one W -> Tue 29.
        (date(2026, 12, 24), date(2026, 12, 29)),
        # Christmas 2025 on Thu 25 and Fri 26. Wed 24: Thu x, Fri x, Sat x -> Mon 29; one W ->
        # Tue 30.
        (date(2025, 12, 24), date(2025, 12, 30)),
        # New Year 2027 is a Friday. Wed 30 Dec: Thu 31 W, Fri 1 x, Sat 2 x -> Sun -> Mon 4.
        (date(2026, 12, 30), date(2027, 1, 4)),
        # Thu 31 Dec: Fri 1 x, Sat 2 x, Sun 3 x -> Mon 4 W; one W -> Tue 5 January 2027.
        (date(2026, 12, 31), date(2027, 1, 5)),
    ],
)
def test_christmas_and_new_year_are_skipped_across_the_year_end(handed_over, last_day):
    assert cooling_off_last_day(handed_over) == last_day


def test_years_before_kings_day_are_refused_rather_than_guessed():
    with pytest.raises(ValueError, match="2014"):
        cooling_off_last_day(date(2013, 12, 27))


# --- Decree days (art. 3 lid 3 Atw) ---------------------------------------------------------


def test_the_domain_texts_decree_day_example():
    # Mon 11 May 2026: Tue 12 W, Wed 13 W, Thu 14 x (Ascension) -> Fri 15 d -> Sat, Sun -> Mon 18.
    assert cooling_off_last_day(date(2026, 5, 11), decree_days=KNOWN_DECREE_DAYS) == date(
        2026, 5, 18
    )
    # Without the decree day the Friday is a working day: what the portal said before.
    assert cooling_off_last_day(date(2026, 5, 11)) == date(2026, 5, 15)


@pytest.mark.parametrize(
    ("handed_over", "without", "with_decree_days"),
    [
        # Tue 12 May 2026: Wed 13 W, Thu 14 x, Fri 15 d -> Sat, Sun -> Mon 18; W: Wed, Mon.
        (date(2026, 5, 12), date(2026, 5, 15), date(2026, 5, 18)),
        # Wed 13 May 2026: Thu 14 x, Fri 15 d, Sat 16 x -> Sun -> Mon 18 W; one W -> Tue 19.
        (date(2026, 5, 13), date(2026, 5, 18), date(2026, 5, 19)),
        # Mon 6 May 2024 (Ascension Thu 9, decree Fri 10): Tue 7 W, Wed 8 W, Thu 9 x -> Fri 10 d
        # -> Sat, Sun -> Mon 13.
        (date(2024, 5, 6), date(2024, 5, 10), date(2024, 5, 13)),
        # Mon 23 Dec 2024: Tue 24 W, Wed 25 x, Thu 26 x -> Fri 27 d -> Sat, Sun -> Mon 30.
        (date(2024, 12, 23), date(2024, 12, 27), date(2024, 12, 30)),
        # Tue 30 Dec 2025: Wed 31 W, Thu 1 x, Fri 2 d -> Sat, Sun -> Mon 5 January; W: Wed, Mon.
        (date(2025, 12, 30), date(2026, 1, 2), date(2026, 1, 5)),
        # Wed 31 Dec 2025: Thu 1 x, Fri 2 d, Sat 3 x -> Sun -> Mon 5 W; one W -> Tue 6 January.
        (date(2025, 12, 31), date(2026, 1, 5), date(2026, 1, 6)),
        # Mon 3 May 2027: Tue 4 W, Wed 5 x, Thu 6 x (Ascension) -> Fri 7 d -> Sat, Sun -> Mon 10.
        (date(2027, 5, 3), date(2027, 5, 7), date(2027, 5, 10)),
        # Tue 25 Apr 2028: Wed 26 W, Thu 27 x (King's Day), Fri 28 d -> Sat, Sun -> Mon 1 May.
        (date(2028, 4, 25), date(2028, 4, 28), date(2028, 5, 1)),
    ],
)
def test_a_decree_day_counts_like_a_holiday(handed_over, without, with_decree_days):
    assert cooling_off_last_day(handed_over) == without
    assert cooling_off_last_day(handed_over, decree_days=KNOWN_DECREE_DAYS) == with_decree_days
    assert cooling_off_ends_at(handed_over, decree_days=KNOWN_DECREE_DAYS) == datetime.combine(
        with_decree_days + timedelta(days=1), datetime.min.time(), tzinfo=AMSTERDAM
    )


def test_without_decree_days_34_periods_from_2024_to_2028_ended_too_early():
    # Issue 14, item 1: "on 34 handover dates in 2024-2028 the period ends 1-3 days too early".
    day, shifts = date(2024, 1, 1), {}
    while day <= date(2028, 12, 31):
        shift = cooling_off_last_day(day, decree_days=KNOWN_DECREE_DAYS) - cooling_off_last_day(day)
        if shift:
            shifts[day] = shift.days
        day += timedelta(days=1)
    assert len(shifts) == 34
    assert set(shifts.values()) <= {1, 2, 3}


def test_a_decree_day_far_from_the_handover_changes_nothing():
    assert cooling_off_last_day(date(2026, 6, 8), decree_days=KNOWN_DECREE_DAYS) == date(
        2026, 6, 11
    )


# --- The handover moment ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        # Summer time (UTC+2): 22:30 UTC on Monday 1 June is 00:30 on Tuesday in Amsterdam.
        (datetime(2026, 6, 1, 22, 30, tzinfo=UTC), date(2026, 6, 2)),
        (datetime(2026, 6, 1, 21, 59, tzinfo=UTC), date(2026, 6, 1)),
        # Winter time (UTC+1): 23:30 UTC on Thursday 15 January is 00:30 on Friday.
        (datetime(2026, 1, 15, 23, 30, tzinfo=UTC), date(2026, 1, 16)),
        (datetime(2026, 1, 15, 22, 30, tzinfo=UTC), date(2026, 1, 15)),
        # Any aware zone works: 19:30 in New York (UTC-5) in winter is 01:30 the next day.
        (datetime(2026, 1, 15, 19, 30, tzinfo=timezone(timedelta(hours=-5))), date(2026, 1, 16)),
    ],
)
def test_the_handover_moment_counts_as_a_day_in_amsterdam(moment, day):
    assert handover_date(moment) == day


def test_a_late_evening_handover_in_utc_is_counted_from_the_next_amsterdam_day():
    # Monday 1 June would end on Thursday 4 June; in Amsterdam it is already Tuesday 2 June.
    assert cooling_off_last_day(datetime(2026, 6, 1, 22, 30, tzinfo=UTC)) == date(2026, 6, 5)
    # Winter: Thursday 15 January would end on Monday 19; it is Friday 16 in Amsterdam.
    assert cooling_off_last_day(datetime(2026, 1, 15, 23, 30, tzinfo=UTC)) == date(2026, 1, 20)


def test_a_naive_handover_moment_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        handover_date(datetime(2026, 6, 1, 12, 0))  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="timezone-aware"):
        cooling_off_last_day(datetime(2026, 6, 1, 12, 0))  # noqa: DTZ001


def test_the_period_ends_at_midnight_in_amsterdam_after_the_last_day():
    # Summer: last day Thursday 4 June 2026, so the period ends at 22:00 UTC that day.
    ends_at = cooling_off_ends_at(date(2026, 6, 1))
    assert ends_at == datetime(2026, 6, 5, 0, 0, tzinfo=AMSTERDAM)
    assert ends_at == datetime(2026, 6, 4, 22, 0, tzinfo=UTC)
    # Winter: last day Monday 19 January 2026, ending at 23:00 UTC.
    assert cooling_off_ends_at(date(2026, 1, 15)) == datetime(2026, 1, 19, 23, 0, tzinfo=UTC)


def test_the_buyer_may_dissolve_until_the_last_second_of_the_last_day():
    ends_at = cooling_off_ends_at(datetime(2026, 6, 12, 10, 0, tzinfo=AMSTERDAM))  # Friday
    assert datetime(2026, 6, 16, 23, 59, 59, tzinfo=AMSTERDAM) < ends_at  # Tuesday, still open
    assert not datetime(2026, 6, 17, 0, 0, tzinfo=AMSTERDAM) < ends_at  # Wednesday, closed


# --- The six-month rule -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "handed_over", "applies"),
    [
        (None, date(2026, 6, 1), True),
        (date(2026, 6, 1), date(2026, 6, 1), False),
        (date(2026, 1, 15), date(2026, 7, 14), False),
        (date(2026, 1, 15), date(2026, 7, 15), True),
        # 31 August + 6 months is clamped to the end of February.
        (date(2026, 8, 31), date(2027, 2, 27), False),
        (date(2026, 8, 31), date(2027, 2, 28), True),
        (date(2027, 8, 31), date(2028, 2, 28), False),  # 2028 is a leap year
        (date(2027, 8, 31), date(2028, 2, 29), True),
        (date(2026, 12, 31), date(2027, 6, 29), False),
        (date(2026, 12, 31), date(2027, 6, 30), True),
    ],
)
def test_the_right_does_not_arise_again_within_six_months(previous, handed_over, applies):
    assert cooling_off_applies(previous, handed_over) is applies


def test_a_previous_handover_after_this_one_is_refused():
    with pytest.raises(ValueError, match="later"):
        cooling_off_applies(date(2026, 6, 2), date(2026, 6, 1))


# --- Properties -------------------------------------------------------------------------------

handovers = st.dates(min_value=date(2014, 1, 1), max_value=date(2100, 12, 31))


def _working_days(first: date, last: date, decree_days=frozenset()) -> int:
    return sum(
        not is_non_working_day(first + timedelta(days=n), decree_days=decree_days)
        for n in range((last - first).days + 1)
    )


def _brute_force_last_day(handed_over: date, decree_days=frozenset()) -> date:
    # Independent of the module's two-step extension: the first candidate from the third day on
    # that satisfies both rules of the Atw at once.
    candidate = handed_over + timedelta(days=3)
    while (
        is_non_working_day(candidate, decree_days=decree_days)
        or _working_days(handed_over + timedelta(1), candidate, decree_days) < 2
    ):
        candidate += timedelta(days=1)
    return candidate


@settings(deadline=None)
@given(handovers)
def test_the_last_day_is_a_working_day_at_least_three_days_on(handed_over):
    last_day = cooling_off_last_day(handed_over)
    assert not is_non_working_day(last_day)
    assert last_day >= handed_over + timedelta(days=3)
    assert last_day <= handed_over + timedelta(days=10)


@settings(deadline=None)
@given(handovers)
def test_the_period_holds_at_least_two_working_days(handed_over):
    last_day = cooling_off_last_day(handed_over)
    assert _working_days(handed_over + timedelta(days=1), last_day) >= 2


@settings(deadline=None)
@given(handovers)
def test_the_last_day_is_the_earliest_day_that_satisfies_both_rules(handed_over):
    assert cooling_off_last_day(handed_over) == _brute_force_last_day(handed_over)


@settings(deadline=None)
@given(handovers, handovers)
def test_a_later_handover_never_ends_earlier(one, other):
    earlier, later = sorted([one, other])
    assert cooling_off_last_day(earlier) <= cooling_off_last_day(later)


@settings(deadline=None)
@given(
    st.datetimes(
        min_value=datetime(2014, 1, 2),  # noqa: DTZ001 - hypothesis takes naive bounds
        max_value=datetime(2100, 12, 30),  # noqa: DTZ001
        timezones=st.just(UTC),
    )
)
def test_a_moment_and_its_amsterdam_day_give_the_same_period(moment):
    day = moment.astimezone(AMSTERDAM).date()
    assert cooling_off_last_day(moment) == cooling_off_last_day(day)
    assert cooling_off_ends_at(moment) == datetime.combine(
        cooling_off_last_day(day) + timedelta(days=1), datetime.min.time(), tzinfo=AMSTERDAM
    )


# Decree days: any handover from 2024 to 2032 (the known decrees and the years around them) and
# any choice among the known decree days.
handovers_with_decrees = st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31))
decree_day_sets = st.frozensets(st.sampled_from(sorted(KNOWN_DECREE_DAYS)))


@settings(deadline=None)
@given(handovers_with_decrees, decree_day_sets)
def test_decree_days_only_ever_lengthen_the_period(handed_over, decree_days):
    assert cooling_off_last_day(handed_over, decree_days=decree_days) >= cooling_off_last_day(
        handed_over
    )


@settings(deadline=None)
@given(handovers_with_decrees, decree_day_sets, st.data())
def test_more_decree_days_never_shorten_the_period(handed_over, more, data):
    fewer = data.draw(st.frozensets(st.sampled_from(sorted(more))) if more else st.just(more))
    assert cooling_off_last_day(handed_over, decree_days=fewer) <= cooling_off_last_day(
        handed_over, decree_days=more
    )


@settings(deadline=None)
@given(handovers_with_decrees, decree_day_sets)
def test_with_decree_days_the_last_day_is_the_earliest_that_satisfies_both_rules(
    handed_over, decree_days
):
    last_day = cooling_off_last_day(handed_over, decree_days=decree_days)
    assert last_day == _brute_force_last_day(handed_over, decree_days)
    assert last_day not in decree_days


# --- Through the portal: the decree days it holds ---------------------------------------------


@pytest.mark.django_db
def test_the_buyers_period_counts_the_decree_days_the_portal_holds():
    # Handed over on Monday 11 May 2026 at noon; 15 May 2026 is a decree day (seeded).
    contract = Contract(
        handed_over_at=datetime(2026, 5, 11, 12, 0, tzinfo=AMSTERDAM), cooling_off_applies=True
    )
    state = cooling_off_state(contract, now=datetime(2026, 5, 16, 10, 0, tzinfo=AMSTERDAM))
    assert state["last_day"] == date(2026, 5, 18)
    assert state["running"]  # so no transfer yet, and the buyer may still dissolve
