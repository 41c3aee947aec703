"""The holiday calendar of the Algemene termijnenwet: the Act's holidays (plain Python) and the
decree days a platform administrator records (art. 3 lid 3 Atw)."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from contracts.cooling_off import cooling_off_last_day
from klushuis.holiday_calendar.models import DecreeDay
from klushuis.holiday_calendar.rules import (
    easter_sunday,
    is_non_working_day,
    is_public_holiday,
    public_holidays,
)
from klushuis.holiday_calendar.selectors import decree_days

# The known decrees as shared/DOMAIN.md lists them (its cooling-off paragraph).
DECREE_2023_2025 = (
    "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 en "
    "30 mei 2025 met een algemeen erkende feestdag"
)
DECREE_2026_2028 = (
    "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en "
    "26 mei 2028 met een algemeen erkende feestdag"
)
KNOWN_DECREE_DAYS = {
    date(2023, 4, 28): DECREE_2023_2025,
    date(2023, 5, 19): DECREE_2023_2025,
    date(2024, 5, 10): DECREE_2023_2025,
    date(2024, 12, 27): DECREE_2023_2025,
    date(2025, 5, 30): DECREE_2023_2025,
    date(2026, 1, 2): DECREE_2026_2028,
    date(2026, 5, 15): DECREE_2026_2028,
    date(2027, 5, 7): DECREE_2026_2028,
    date(2028, 4, 28): DECREE_2026_2028,
    date(2028, 5, 26): DECREE_2026_2028,
}

# A decree that does not exist (yet): Ascension 2029 is Thursday 10 May, so a later decree will
# most likely equate Friday 11 May 2029. Handed over on Monday 7 May 2029: Tue 8 W, Wed 9 W,
# Thu 10 x, Fri 11 W ends the period; with 11 May a decree day it runs on to Monday 14 May.
NEW_DAY = date(2029, 5, 11)
NEW_DECREE = "Besluit gelijkstelling van 11 mei 2029 met een algemeen erkende feestdag"
HANDED_OVER = date(2029, 5, 7)


# --- The Act's own holidays (plain Python) ----------------------------------------------------


def test_the_holidays_of_2026_are_exactly_those_of_the_algemene_termijnenwet():
    assert public_holidays(2026) == {
        date(2026, 1, 1): "Nieuwjaarsdag",
        date(2026, 4, 3): "Goede Vrijdag",
        date(2026, 4, 6): "Tweede Paasdag",
        date(2026, 4, 27): "Koningsdag",
        date(2026, 5, 5): "Bevrijdingsdag",
        date(2026, 5, 14): "Hemelvaartsdag",
        date(2026, 5, 25): "Tweede Pinksterdag",
        date(2026, 12, 25): "Eerste Kerstdag",
        date(2026, 12, 26): "Tweede Kerstdag",
    }
    assert list(public_holidays(2026)) == sorted(public_holidays(2026))


def test_decree_days_are_not_among_the_acts_holidays_but_count_when_given():
    assert date(2026, 5, 15) not in public_holidays(2026)
    assert not is_public_holiday(date(2026, 5, 15))
    assert not is_non_working_day(date(2026, 5, 15))
    assert is_non_working_day(date(2026, 5, 15), decree_days={date(2026, 5, 15)})
    # Other days are not touched by a decree day.
    assert not is_non_working_day(date(2026, 5, 13), decree_days={date(2026, 5, 15)})


def test_kings_day_moves_to_26_april_when_27_april_is_a_sunday():
    # It then falls on a Saturday, so no period changes; the calendar must still be right.
    assert public_holidays(2025)[date(2025, 4, 26)] == "Koningsdag"
    assert date(2025, 4, 27) not in public_holidays(2025)
    assert public_holidays(2014)[date(2014, 4, 26)] == "Koningsdag"
    assert public_holidays(2026)[date(2026, 4, 27)] == "Koningsdag"


def test_ascension_day_on_5_may_keeps_both_names():
    assert public_holidays(2016)[date(2016, 5, 5)] == "Bevrijdingsdag, Hemelvaartsdag"


def test_a_caller_cannot_change_the_cached_holidays():
    holidays = public_holidays(2026)
    holidays[date(2026, 6, 1)] = "Verzonnen"
    del holidays[date(2026, 5, 5)]

    assert date(2026, 6, 1) not in public_holidays(2026)
    assert is_non_working_day(date(2026, 5, 5))
    assert not is_non_working_day(date(2026, 6, 1))


@pytest.mark.parametrize(
    ("day", "non_working"),
    [
        (date(2026, 6, 12), False),  # Friday
        (date(2026, 6, 13), True),  # Saturday
        (date(2026, 6, 14), True),  # Sunday
        (date(2026, 4, 3), True),  # Good Friday
        (date(2027, 5, 5), True),  # 5 May, not a lustrum year
        (date(2026, 12, 24), False),  # Christmas Eve is not a holiday
        (date(2026, 12, 31), False),  # nor is New Year's Eve
    ],
)
def test_is_non_working_day(day, non_working):
    assert is_non_working_day(day) is non_working


def test_years_before_kings_day_are_refused_rather_than_guessed():
    with pytest.raises(ValueError, match="2014"):
        public_holidays(2013)


@pytest.mark.parametrize(
    "easter",
    [
        date(2008, 3, 23),
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2026, 4, 5),
        date(2027, 3, 28),
        date(2038, 4, 25),  # the latest possible date
        date(2285, 3, 22),  # the earliest possible date
    ],
)
def test_easter_sunday_of_known_years(easter):
    assert easter_sunday(easter.year) == easter


def test_easter_sunday_agrees_with_dateutil_for_every_year_it_supports():
    dateutil_easter = pytest.importorskip("dateutil.easter")
    for year in range(1583, 4100):
        assert easter_sunday(year) == dateutil_easter.easter(year), year


def test_every_known_decree_day_is_a_working_day_under_the_act_alone():
    # A decree equates a day the Act does not skip already (here: each is a bridge Friday).
    for day in KNOWN_DECREE_DAYS:
        assert not is_non_working_day(day), day


# --- Decree days in the database --------------------------------------------------------------


@pytest.mark.django_db
def test_the_known_decree_days_are_there_with_their_decrees():
    assert decree_days() == frozenset(KNOWN_DECREE_DAYS)
    assert dict(DecreeDay.objects.values_list("day", "decree")) == KNOWN_DECREE_DAYS


@pytest.mark.django_db
def test_a_decree_day_recorded_counts_on_the_next_call():
    before = decree_days()
    assert cooling_off_last_day(HANDED_OVER, decree_days=before) == date(2029, 5, 11)
    DecreeDay.objects.create(day=NEW_DAY, decree=NEW_DECREE)
    after = decree_days()
    assert after == before | {NEW_DAY}
    assert cooling_off_last_day(HANDED_OVER, decree_days=after) == date(2029, 5, 14)


def _form(**changes):
    return {
        "day": NEW_DAY.strftime("%d-%m-%Y"),
        "decree": NEW_DECREE,
        "publication": "Stcrt. 2026, 12345",
        "url": "",
        **changes,
    }


@pytest.mark.django_db
def test_a_platform_administrator_adds_a_decree_day_and_the_next_period_counts_it(
    client_for, superuser
):
    assert cooling_off_last_day(HANDED_OVER, decree_days=decree_days()) == date(2029, 5, 11)

    response = client_for(superuser).post(reverse("admin:holiday_calendar_decreeday_add"), _form())

    assert response.status_code == 302, response.content.decode()
    added = DecreeDay.objects.get(day=NEW_DAY)
    assert added.decree == NEW_DECREE
    assert added.publication == "Stcrt. 2026, 12345"
    assert added.created_by == superuser
    # The very next computation through the selector counts it: no cache to expire.
    assert cooling_off_last_day(HANDED_OVER, decree_days=decree_days()) == date(2029, 5, 14)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("12-05-2029", "al een zaterdag"),  # a Saturday
        ("10-05-2029", "al een zaterdag"),  # Ascension Day
        ("11-05-2012", "vanaf 2014"),  # before the calendar the portal counts with
    ],
)
def test_a_day_a_decree_cannot_change_is_refused(client_for, superuser, day, message):
    response = client_for(superuser).post(
        reverse("admin:holiday_calendar_decreeday_add"), _form(day=day)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DecreeDay.objects.filter(decree=NEW_DECREE).exists()


@pytest.mark.django_db
def test_the_same_day_cannot_be_recorded_twice(client_for, superuser):
    response = client_for(superuser).post(
        reverse("admin:holiday_calendar_decreeday_add"), _form(day="15-05-2026")
    )
    assert response.status_code == 200
    assert DecreeDay.objects.filter(day=date(2026, 5, 15)).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["municipal_staff", "bureau_staff", "auditor"])
def test_staff_see_the_decree_days_but_cannot_add_change_or_delete_them(request, client_for, who):
    client = client_for(request.getfixturevalue(who))
    day = DecreeDay.objects.get(day=date(2026, 5, 15))

    assert client.get(reverse("admin:holiday_calendar_decreeday_changelist")).status_code == 200
    page = client.get(reverse("admin:holiday_calendar_decreeday_change", args=[day.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # read only

    add = client.post(reverse("admin:holiday_calendar_decreeday_add"), _form())
    change = client.post(
        reverse("admin:holiday_calendar_decreeday_change", args=[day.pk]),
        _form(day="15-05-2026", decree="Verzonnen"),
    )
    delete = client.post(
        reverse("admin:holiday_calendar_decreeday_delete", args=[day.pk]), {"post": "yes"}
    )

    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    assert not DecreeDay.objects.filter(day=NEW_DAY).exists()
    day.refresh_from_db()
    assert day.decree == DECREE_2026_2028


@pytest.mark.django_db
def test_a_permission_granted_to_staff_does_not_let_them_add_a_decree_day(
    client_for, municipal_staff
):
    # Only platform administrators: a group that somehow holds the add permission is not enough.
    municipal_staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="holiday_calendar", codename="add_decreeday")
    )
    response = client_for(municipal_staff).post(
        reverse("admin:holiday_calendar_decreeday_add"), _form()
    )
    assert response.status_code == 403
    assert not DecreeDay.objects.filter(day=NEW_DAY).exists()


@pytest.mark.django_db
def test_a_buyer_cannot_reach_the_decree_days(client_for, applicant):
    response = client_for(applicant).get(reverse("admin:holiday_calendar_decreeday_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
