"""Staff pass a second factor (an authenticator app or a recovery code) before any staff page."""

import re
from base64 import b32encode

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from klushuis.accounts import roles
from klushuis.accounts.backends import PortalBackend
from klushuis.accounts.middleware import SECOND_FACTOR_OPEN
from klushuis.accounts.models import User
from klushuis.accounts.second_factor import second_factor_required
from klushuis.admin import PortalAdminSite
from tests.factories import PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def code_for(device, offset=0):
    """The code the user's app shows now (offset in 30-second steps)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
    return f"{totp.token():06d}"


def password_login(client, user, next_url=""):
    url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": user.email, "password": PASSWORD, "next": next_url})


@pytest.fixture
def staff_with_app(municipal_staff):
    TOTPDevice.objects.create(user=municipal_staff, name="app", confirmed=True)
    return municipal_staff


# --- Who needs it ---------------------------------------------------------------------------


def test_staff_administrators_and_role_holders_need_a_second_factor_buyers_do_not(
    applicant, municipal_staff, superuser
):
    notary = StaffFactory(is_staff=False, organisation=None, role=roles.NOTARY)
    juror = StaffFactory(is_staff=False, organisation=None, role=roles.JUROR)
    assert [second_factor_required(u) for u in (municipal_staff, superuser, notary, juror)] == [
        True
    ] * 4
    assert not second_factor_required(applicant)


def test_a_permission_of_ones_own_or_through_a_group_needs_the_second_factor(
    applicant, django_assert_num_queries
):
    """The check asks one query (issue #19) and agrees with get_all_permissions()."""
    permission = Permission.objects.get(
        codename="view_application", content_type__app_label="applications"
    )
    buyer = User.objects.get(pk=applicant.pk)
    with django_assert_num_queries(1):
        assert not second_factor_required(buyer)
        assert not second_factor_required(buyer)  # kept for the request
    direct = UserFactory()
    direct.user_permissions.add(permission)
    grouped = UserFactory()
    group = Group.objects.create(name="Losse rol")
    group.permissions.add(permission)
    grouped.groups.add(group)
    empty_group = UserFactory()
    empty_group.groups.add(Group.objects.create(name="Lege rol"))
    for user, expected in ((direct, True), (grouped, True), (empty_group, False), (buyer, False)):
        fresh = User.objects.get(pk=user.pk)
        assert second_factor_required(fresh) is expected
        assert bool(User.objects.get(pk=user.pk).get_all_permissions()) is expected
        # The request's user, as the backend loads it, comes with the answer: no query more.
        loaded = PortalBackend().get_user(user.pk)
        with django_assert_num_queries(0):
            assert second_factor_required(loaded) is expected


# --- Nothing before it ----------------------------------------------------------------------

DUMMY = {
    "int": 1,
    "string": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}
REGEX_DUMMY = {"app_label": "accounts", "object_id": "1", "content_type_id": "1", "url": "x"}


def _every_url(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full = f"{namespace}:{ns}" if namespace and ns else ns or namespace
            yield from _every_url(entry, full)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, entry.pattern


def _path(name, pattern):
    converters = getattr(pattern, "converters", {})
    if converters:
        kwargs = {
            key: DUMMY[type(c).__name__.removesuffix("Converter").lower()]
            for key, c in converters.items()
        }
    else:
        groups = re.compile(str(pattern.regex.pattern)).groupindex
        kwargs = {key: REGEX_DUMMY[key] for key in groups}
    return reverse(name, kwargs=kwargs)


STAFF_ONLY_PATHS = sorted(
    {(name, _path(name, pattern)) for name, pattern in _every_url()}
    - {(name, _path(name, pattern)) for name, pattern in _every_url() if name in SECOND_FACTOR_OPEN}
)


def test_the_walk_covers_the_management_site_the_jury_and_the_draw():
    paths = [path for _name, path in STAFF_ONLY_PATHS]
    assert sum(p.startswith("/beheer/") for p in paths) > 100
    assert any(p.startswith("/jury/") for p in paths)
    assert any(p.startswith("/loting/") for p in paths)


@pytest.mark.parametrize(("name", "path"), STAFF_ONLY_PATHS, ids=[n for n, _p in STAFF_ONLY_PATHS])
def test_staff_without_the_second_factor_reach_no_page_but_the_code_step(
    client, superuser, name, path
):
    TOTPDevice.objects.create(user=superuser, name="app", confirmed=True)
    client.force_login(superuser)  # the password only
    for response in (client.get(path), client.post(path, {"confirm": "on"})):
        assert response.status_code == 302, (name, response.status_code)
        assert response.url.startswith(reverse("accounts:second_factor")), (name, response.url)


@pytest.mark.parametrize(
    ("role", "path"),
    [(roles.JUROR, "/jury/"), (roles.NOTARY, "/loting/"), (roles.AUDITOR, "/beheer/")],
)
def test_jurors_notaries_and_auditors_without_an_app_are_sent_to_set_one_up(client, role, path):
    person = StaffFactory(is_staff=role == roles.AUDITOR, role=role)
    client.force_login(person)
    response = client.get(path)
    assert response.status_code == 302
    assert (
        response.url
        == reverse("accounts:second_factor_setup") + f"?next={path.replace('/', '%2F')}"
    )


def test_buyers_are_not_asked_for_a_second_factor(client_for, applicant):
    response = client_for(applicant).get(reverse("applications:dashboard"))
    assert response.status_code == 200


def test_the_management_site_itself_refuses_a_session_without_the_second_factor(superuser):
    request = RequestFactory().get("/beheer/")
    request.user = superuser
    superuser.is_verified = lambda: False
    assert not PortalAdminSite().has_permission(request)
    superuser.is_verified = lambda: True
    assert PortalAdminSite().has_permission(request)


def menu(html):
    """The link and button texts of the header's navigation."""
    nav = re.search(r'<nav class="navbar.*?</nav>', html, re.S).group(0)
    return [" ".join(t.split()) for t in re.findall(r"<(?:a|button)[^>]*>([^<]+)</", nav)]


@pytest.mark.parametrize("has_app", [True, False], ids=["code step", "set-up step"])
def test_on_the_second_factor_step_the_menu_offers_only_logging_out(
    client, client_for, municipal_staff, has_app
):
    if has_app:
        TOTPDevice.objects.create(user=municipal_staff, name="app", confirmed=True)
    client.force_login(municipal_staff)  # the password only
    step = "accounts:second_factor" if has_app else "accounts:second_factor_setup"

    html = client.get(reverse(step)).content.decode()

    assert menu(html) == ["Uitloggen"]
    assert f'action="{reverse("set_language")}"' in html  # the language switch stays
    # Past the step, the whole menu is back.
    assert "Mijn account" in menu(client_for(municipal_staff).get(reverse("home")).content.decode())


# --- Logging in with a code -----------------------------------------------------------------


def test_staff_log_in_with_password_then_code_and_land_where_they_were_going(
    client, staff_with_app
):
    response = password_login(client, staff_with_app, next_url="/beheer/")
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.url == reverse("accounts:second_factor") + "?next=%2Fbeheer%2F"
    page = client.get(response.url)
    assert "Tweede stap" in page.content.decode()
    device = TOTPDevice.objects.get(user=staff_with_app)
    response = client.post(
        reverse("accounts:second_factor"), {"code": code_for(device), "next": "/beheer/"}
    )
    assert response.url == "/beheer/"
    assert client.get("/beheer/").status_code == 200


def test_a_wrong_code_is_refused_with_a_message(client, staff_with_app):
    password_login(client, staff_with_app)
    device = TOTPDevice.objects.get(user=staff_with_app)
    wrong = code_for(device, offset=5)
    response = client.post(reverse("accounts:second_factor"), {"code": wrong})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert client.get("/beheer/").url.startswith(reverse("accounts:second_factor"))


def test_right_after_a_wrong_code_even_the_right_one_waits_and_says_so(client, staff_with_app):
    password_login(client, staff_with_app)
    device = TOTPDevice.objects.get(user=staff_with_app)
    client.post(reverse("accounts:second_factor"), {"code": code_for(device, offset=5)})
    response = client.post(reverse("accounts:second_factor"), {"code": code_for(device)})
    assert "Te veel verkeerde codes achter elkaar: wacht 1 seconde" in response.content.decode()
    assert client.get("/beheer/").status_code == 302


def test_the_same_code_does_not_work_twice(client, staff_with_app):
    device = TOTPDevice.objects.get(user=staff_with_app)
    code = code_for(device)
    password_login(client, staff_with_app)
    client.post(reverse("accounts:second_factor"), {"code": code})
    other = client.__class__()
    password_login(other, staff_with_app)
    response = other.post(reverse("accounts:second_factor"), {"code": code})
    assert response.status_code == 200  # refused: a replayed code


def test_a_recovery_code_works_once(client, staff_with_app):
    device = StaticDevice.objects.create(user=staff_with_app, name="codes", confirmed=True)
    device.token_set.create(token="abcdefgh")
    password_login(client, staff_with_app)
    response = client.post(reverse("accounts:second_factor"), {"code": "ABCD EFGH"})
    assert response.status_code == 302
    assert client.get("/beheer/").status_code == 200
    assert not StaticToken.objects.filter(token="abcdefgh").exists()

    again = client.__class__()
    password_login(again, staff_with_app)
    response = again.post(reverse("accounts:second_factor"), {"code": "abcdefgh"})
    assert response.status_code == 200
    assert again.get("/beheer/").status_code == 302


# --- Setting up an app ----------------------------------------------------------------------


def test_staff_set_up_an_app_get_recovery_codes_once_and_then_log_in_with_it(
    client, municipal_staff
):
    response = password_login(client, municipal_staff, next_url="/beheer/")
    response = client.get(response.url)
    assert response.url.startswith(reverse("accounts:second_factor_setup"))
    page = client.get(response.url).content.decode()
    secret = re.search(r'id="secret-key">([A-Z2-7 ]+)<', page).group(1)
    qr = client.get(reverse("accounts:second_factor_qr"))
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content
    assert qr["Cache-Control"].startswith("no-store")

    device = TOTPDevice.objects.get(user=municipal_staff, confirmed=False)
    assert secret.replace(" ", "") == b32encode(device.bin_key).decode()
    response = client.post(
        reverse("accounts:second_factor_setup"), {"code": code_for(device), "next": "/beheer/"}
    )
    assert response.url == reverse("accounts:second_factor_recovery_codes") + "?next=%2Fbeheer%2F"
    page = client.get(response.url).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(codes) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(codes)
    download = client.get(reverse("accounts:second_factor_recovery_codes") + "?download=1")
    assert "attachment" in download["Content-Disposition"]
    assert all(code in download.content.decode() for code in codes)
    response = client.post(reverse("accounts:second_factor_recovery_codes"), {"next": "/beheer/"})
    assert response.url == "/beheer/"
    assert client.get("/beheer/").status_code == 200
    # Shown once: the codes are gone from the session.
    assert client.get(reverse("accounts:second_factor_recovery_codes")).status_code == 302

    later = client.__class__()
    password_login(later, municipal_staff)
    assert later.get("/beheer/").url.startswith(reverse("accounts:second_factor") + "?")


def test_a_wrong_code_does_not_confirm_the_app(client, municipal_staff):
    client.force_login(municipal_staff)
    client.get(reverse("accounts:second_factor_setup"))
    device = TOTPDevice.objects.get(user=municipal_staff)
    response = client.post(
        reverse("accounts:second_factor_setup"), {"code": code_for(device, offset=7)}
    )
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_a_password_alone_cannot_replace_an_app_that_is_set_up(client, staff_with_app):
    client.force_login(staff_with_app)
    response = client.get(reverse("accounts:second_factor_setup"))
    assert response.url == reverse("accounts:second_factor")
    assert client.get(reverse("accounts:second_factor_qr")).status_code == 404
    assert TOTPDevice.objects.filter(user=staff_with_app).count() == 1


def test_a_verified_user_replaces_the_app_and_the_old_one_stops(client_for, municipal_staff):
    client = client_for(municipal_staff)
    old = TOTPDevice.objects.get(user=municipal_staff)
    client.get(reverse("accounts:second_factor_setup"))
    new = TOTPDevice.objects.get(user=municipal_staff, confirmed=False)
    client.post(reverse("accounts:second_factor_setup"), {"code": code_for(new)})
    assert list(TOTPDevice.objects.filter(user=municipal_staff)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_new_recovery_codes_replace_the_old_ones(client_for, municipal_staff):
    client = client_for(municipal_staff)
    device = StaticDevice.objects.create(user=municipal_staff, name="codes", confirmed=True)
    device.token_set.create(token="oldcode1")
    response = client.post(reverse("accounts:second_factor_new_recovery_codes"))
    assert response.url == reverse("accounts:second_factor_recovery_codes")
    assert not StaticToken.objects.filter(token="oldcode1").exists()
    assert StaticToken.objects.filter(device__user=municipal_staff).count() == 10


# --- Reset by a platform administrator ------------------------------------------------------


def test_a_platform_administrator_resets_a_second_factor_and_it_is_in_the_history(
    client_for, superuser, staff_with_app
):
    url = reverse("admin:accounts_user_changelist")
    response = client_for(superuser).post(
        url, {"action": "reset_second_factor", "_selected_action": [staff_with_app.pk]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=staff_with_app).exists()
    entry = LogEntry.objects.get(object_id=str(staff_with_app.pk))
    assert entry.user == superuser
    assert entry.get_change_message() == (
        "Tweede factor (opnieuw ingesteld door een platformbeheerder) gewijzigd."
    )


def test_other_staff_cannot_reset_a_second_factor(client_for, bureau_staff, municipal_staff):
    bureau_staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_user", "view_user"])
    )
    other = StaffFactory(organisation=bureau_staff.organisation)
    TOTPDevice.objects.create(user=other, name="app", confirmed=True)
    client = client_for(bureau_staff)
    page = client.get(reverse("admin:accounts_user_changelist"))
    assert "reset_second_factor" not in page.content.decode()
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [other.pk]},
    )
    assert TOTPDevice.objects.filter(user=other).exists()


def test_device_secrets_are_not_browsable_in_the_admin(client_for, superuser):
    client = client_for(superuser)
    assert client.get("/beheer/otp_totp/totpdevice/").status_code == 404
    assert client.get("/beheer/otp_static/staticdevice/").status_code == 404


def test_a_buyer_needs_no_app_and_is_not_offered_one(client_for, applicant):
    response = client_for(applicant).get(reverse("accounts:second_factor_setup"))
    assert response.url == reverse("accounts:account")
    assert not TOTPDevice.objects.exists()


# --- The owner hears of every change --------------------------------------------------------


def test_the_owner_is_mailed_when_an_app_is_set_up_a_recovery_code_used_or_a_reset_done(
    client, client_for, outbox, committed, municipal_staff, superuser
):
    client.force_login(municipal_staff)
    client.get(reverse("accounts:second_factor_setup"))
    device = TOTPDevice.objects.get(user=municipal_staff)
    with committed():
        client.post(reverse("accounts:second_factor_setup"), {"code": code_for(device)})
    assert [m.to for m in outbox] == [[municipal_staff.email]]
    assert "authenticator-app ingesteld" in outbox[0].body

    recovery = StaticToken.objects.filter(device__user=municipal_staff).first().token
    again = client.__class__()
    password_login(again, municipal_staff)
    with committed():
        again.post(reverse("accounts:second_factor"), {"code": recovery})
    assert "met een van uw herstelcodes" in outbox[1].body

    with committed():
        client_for(superuser).post(
            reverse("admin:accounts_user_changelist"),
            {"action": "reset_second_factor", "_selected_action": [municipal_staff.pk]},
        )
    assert "platformbeheerder heeft de tweede factor" in outbox[2].body
    assert len(outbox) == 3
