"""Staff sessions end after 30 minutes idle or 12 hours; buyers' after 2 hours idle or a day."""

import pytest
from django.urls import reverse

from klushuis.accounts.middleware import SESSION_LAST_SEEN, SESSION_STARTED
from klushuis.accounts.sessions import Limits, session_ended, should_touch

pytestmark = pytest.mark.django_db

MINUTE, HOUR = 60, 3600
STAFF = Limits(idle_seconds=30 * MINUTE, max_seconds=12 * HOUR)


@pytest.mark.parametrize(
    ("started", "last_seen", "expected"),
    [
        (0, 0, None),
        (0, -29 * MINUTE, None),
        (0, -30 * MINUTE, "idle"),
        (-11 * HOUR, -MINUTE, None),
        (-12 * HOUR, -MINUTE, "max_age"),
    ],
)
def test_a_session_ends_when_idle_or_too_old(started, last_seen, expected):
    assert session_ended(now=0, started=started, last_seen=last_seen, limits=STAFF) == expected


def test_the_last_request_is_recorded_at_most_once_a_minute():
    assert not should_touch(now=59, last_seen=0)
    assert should_touch(now=60, last_seen=0)


def _age(client, *, started=0, idle=0):
    """Move the session's clock back: it started `started` and was last used `idle` ago."""
    session = client.session
    session[SESSION_STARTED] -= started
    session[SESSION_LAST_SEEN] -= idle
    session.save()


def test_staff_are_logged_out_after_30_minutes_without_activity(client_for, municipal_staff):
    client = client_for(municipal_staff)
    _age(client, idle=29 * MINUTE)
    assert client.get("/beheer/").status_code == 200
    _age(client, idle=30 * MINUTE)
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session


def test_staff_are_logged_out_after_12_hours_however_active(client_for, municipal_staff):
    client = client_for(municipal_staff)
    _age(client, started=12 * HOUR)
    response = client.get(reverse("accounts:account"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "een login duurt een beperkte tijd" in response.content.decode()


def test_buyers_stay_logged_in_for_an_hour_without_activity_but_not_two(client_for, applicant):
    client = client_for(applicant)
    _age(client, idle=HOUR)
    assert client.get(reverse("applications:dashboard")).status_code == 200
    _age(client, idle=2 * HOUR)
    response = client.get(reverse("applications:dashboard"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "een tijd niets hebt gedaan" in response.content.decode()


def test_buyers_are_logged_out_after_a_day(client_for, applicant):
    client = client_for(applicant)
    _age(client, started=24 * HOUR)
    assert client.get(reverse("applications:dashboard")).status_code == 302


def test_activity_keeps_a_session_alive(client_for, municipal_staff):
    client = client_for(municipal_staff)
    _age(client, idle=20 * MINUTE)
    assert client.get("/beheer/").status_code == 200  # recorded as the last request
    _age(client, idle=20 * MINUTE)  # 40 minutes after the login, 20 after that request
    assert client.get("/beheer/").status_code == 200
