"""Logins lock out for a while after repeated failures; e-mail forms are rate-limited; the
client address is read only as far as our own proxies wrote it."""

from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import hashers
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from klushuis.accounts import services, tasks
from klushuis.accounts.throttle import client_ip
from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "accounts:login"


def attempt(client, email, password, ip="203.0.113.7", url=None):
    return client.post(
        url or reverse(LOGIN), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def fail_five_times(client, email, ip="203.0.113.7", url=None):
    """Four wrong passwords get the form again; the fifth locks (and says so)."""
    statuses = [attempt(client, email, "wrong-password", ip, url).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]


# --- Login lockout --------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_for_this_client_with_a_dutch_message(
    client, applicant
):
    fail_five_times(client, applicant.email)
    response = attempt(client, applicant.email, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Te veel pogingen" in page
    assert "15 minuten geblokkeerd" in page
    assert "_auth_user_id" not in client.session


def test_the_lockout_counts_the_address_in_any_case(client, applicant):
    for _ in range(5):
        attempt(client, applicant.email.upper(), "wrong-password")
    assert attempt(client, applicant.email, PASSWORD).status_code == 429


def test_the_owner_elsewhere_is_not_locked_out_by_someone_elses_failures(client, applicant):
    fail_five_times(client, applicant.email, ip="198.51.100.1")
    response = attempt(client, applicant.email, PASSWORD, ip="203.0.113.99")
    assert response.status_code == 302


def test_the_lockout_ends_by_itself_and_more_attempts_do_not_extend_it(client, applicant):
    fail_five_times(client, applicant.email)
    attempt(client, applicant.email, "wrong-again")  # during the lockout
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = attempt(client, applicant.email, PASSWORD)
    assert response.status_code == 302


def test_the_management_sites_login_locks_out_too(client, municipal_staff):
    url = reverse("admin:login")
    fail_five_times(client, municipal_staff.email, url=url)
    response = attempt(client, municipal_staff.email, PASSWORD, url=url)
    assert response.status_code == 429


def test_a_platform_administrator_lifts_a_lockout_in_the_admin(client, superuser):
    user = UserFactory(email="vergeten@example.test")
    fail_five_times(client, user.email)
    assert attempt(client, user.email, PASSWORD).status_code == 429
    admin = log_in(Client(), superuser)  # a client of its own: `client` is the locked one
    lock = AccessAttempt.objects.get()
    assert admin.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    response = admin.post(
        reverse("admin:axes_accessattempt_delete", args=[lock.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert attempt(client, user.email, PASSWORD).status_code == 302


def test_other_staff_cannot_see_or_lift_lockouts(client_for, municipal_staff):
    response = client_for(municipal_staff).get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 403


def test_wrong_second_factor_codes_lock_out_and_end_the_half_login(client, municipal_staff):
    TOTPDevice.objects.create(user=municipal_staff, name="app", confirmed=True)
    assert attempt(client, municipal_staff.email, PASSWORD).status_code == 302
    url = reverse("accounts:second_factor")
    statuses = []
    for _ in range(5):
        with mock.patch.object(TOTPDevice, "verify_is_allowed", return_value=(True, None)):
            statuses.append(client.post(url, {"code": "000000"}, REMOTE_ADDR="203.0.113.7"))
    assert [r.status_code for r in statuses] == [200, 200, 200, 200, 429]
    assert "Te veel pogingen" in statuses[-1].content.decode()
    assert "_auth_user_id" not in client.session
    # A correct password does not wipe the count of wrong codes.
    assert attempt(client, municipal_staff.email, PASSWORD).status_code == 302
    assert client.post(url, {"code": "000000"}, REMOTE_ADDR="203.0.113.7").status_code == 429


# --- The client's address -------------------------------------------------------------------


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get(
        "/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    assert client_ip(request) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_wrote(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7"
    )
    assert client_ip(request) == "203.0.113.7"
    bypass = RequestFactory().get("/", REMOTE_ADDR="203.0.113.8")
    assert client_ip(bypass) == "203.0.113.8"


def test_a_spoofed_header_does_not_escape_the_lockout(client, applicant):
    for number in range(5):
        client.post(
            reverse(LOGIN),
            {"username": applicant.email, "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )
    response = client.post(
        reverse(LOGIN),
        {"username": applicant.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert response.status_code == 429


# --- Rate limits on forms that send e-mail --------------------------------------------------

FORMS = {
    "accounts:password_reset": {},
    "accounts:verify_resend": {},
    "properties:alert_subscribe": {},
    "accounts:register": {
        "full_name": "Iemand",
        "password1": "een-lang-wachtwoord-9",
        "password2": "een-lang-wachtwoord-9",
    },
}


@pytest.mark.parametrize("name", FORMS)
def test_one_address_gets_three_requests_an_hour_then_a_clear_message(client, name):
    url = reverse(name)
    data = {"email": "doelwit@example.test", **FORMS[name]}
    for number in range(3):
        response = client.post(url, data, REMOTE_ADDR=f"203.0.113.{number}")
        assert response.status_code == 302, number
    response = client.post(url, data, REMOTE_ADDR="203.0.113.50")
    assert response.status_code == 429
    page = response.content.decode()
    assert "te vaak verstuurd" in page
    assert 'value="doelwit@example.test"' in page  # what was typed is kept


@pytest.mark.parametrize("name", FORMS)
def test_one_client_gets_twenty_requests_an_hour(client, name):
    url = reverse(name)
    for number in range(20):
        data = {"email": f"iemand{number}@example.test", **FORMS[name]}
        assert client.post(url, data, REMOTE_ADDR="203.0.113.7").status_code == 302
    data = {"email": "nog.een@example.test", **FORMS[name]}
    assert client.post(url, data, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert client.post(url, data, REMOTE_ADDR="203.0.113.8").status_code == 302


def test_ten_password_resets_in_a_row_send_three_mails(client, outbox, committed, applicant):
    with committed():
        for _ in range(10):
            client.post(reverse("accounts:password_reset"), {"email": applicant.email})
    assert len(outbox) == 3


# --- Registration does the same work for a taken and a new address (row 5) ------------------


def test_registering_a_taken_or_a_new_address_hashes_once_and_queues_one_mail(
    applicant, django_capture_on_commit_callbacks
):
    calls = {}
    for label, email in (("taken", applicant.email), ("new", "nieuw@example.test")):
        with (
            mock.patch.object(hashers, "make_password", wraps=hashers.make_password) as hashed,
            mock.patch("klushuis.accounts.services.make_password", hashed),
            mock.patch.object(tasks.send_verification_email, "apply_async") as verify,
            mock.patch.object(tasks.send_already_registered_email, "apply_async") as exists,
            django_capture_on_commit_callbacks(execute=True) as callbacks,
        ):
            services.user_register(
                email=email, full_name="X", password="een-lang-wachtwoord-9", language="nl"
            )
        calls[label] = (hashed.call_count, verify.call_count + exists.call_count, len(callbacks))
    assert calls["taken"] == calls["new"] == (1, 1, 1)


def test_password_reset_mail_is_sent_by_a_task_after_commit_not_in_the_request(
    client, applicant, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(tasks.send_password_reset_email, "apply_async") as queued,
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        client.post(reverse("accounts:password_reset"), {"email": applicant.email})
        assert queued.call_count == 0  # nothing sent inside the request
    assert len(callbacks) == 1
    with mock.patch.object(tasks.send_password_reset_email, "apply_async") as queued:
        callbacks[0]()
    queued.assert_called_once_with(args=[applicant.pk])


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, outbox, committed):
    with committed():
        response = client.post(reverse("accounts:password_reset"), {"email": "niemand@x.test"})
    assert response.url == reverse("accounts:password_reset_done")
    assert outbox == []
