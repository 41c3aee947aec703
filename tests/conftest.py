"""The standing cast: every permission test uses the same people.

- applicant, other_applicant: buyers with verified accounts
- municipal_staff: works for `municipality`
- bureau_staff: works for `bureau`, which holds a mandate from `municipality`
- outsider: bureau staff of another bureau, with its own municipality (`other_municipality`)
- auditor: read-only role at `municipality`
- anonymous: nobody logged in (the plain `client`)
"""

import pytest
from django.core import mail
from django.core.cache import cache
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from klushuis.accounts import roles
from klushuis.accounts.second_factor import second_factor_required
from tests.factories import (
    BureauFactory,
    MandateFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters live in the cache, which is one per process: each test starts at 0.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox


@pytest.fixture
def municipality(db):
    return OrganisationFactory(name="Gemeente Havenstad", slug="havenstad")


@pytest.fixture
def bureau(db, municipality):
    bureau = BureauFactory(name="Stadsherstel Advies", slug="stadsherstel")
    MandateFactory(bureau=bureau, principal=municipality)
    return bureau


@pytest.fixture
def other_municipality(db):
    return OrganisationFactory(name="Gemeente Dijkerveld", slug="dijkerveld")


@pytest.fixture
def other_bureau(db, other_municipality):
    bureau = BureauFactory(name="Woonwijzer", slug="woonwijzer")
    MandateFactory(bureau=bureau, principal=other_municipality)
    return bureau


@pytest.fixture
def applicant(db):
    return UserFactory(email="koper@example.test", full_name="Anna de Vries")


@pytest.fixture
def other_applicant(db):
    return UserFactory(email="andere.koper@example.test", full_name="Bram Jansen")


@pytest.fixture
def municipal_staff(municipality):
    return StaffFactory(
        email="medewerker@havenstad.test", organisation=municipality, role=roles.MUNICIPAL_STAFF
    )


@pytest.fixture
def bureau_staff(bureau):
    return StaffFactory(
        email="verkoop@stadsherstel.test", organisation=bureau, role=roles.BUREAU_SALES_STAFF
    )


@pytest.fixture
def outsider(other_bureau):
    return StaffFactory(
        email="verkoop@woonwijzer.test", organisation=other_bureau, role=roles.BUREAU_SALES_STAFF
    )


@pytest.fixture
def auditor(municipality):
    return StaffFactory(
        email="auditor@havenstad.test", organisation=municipality, role=roles.AUDITOR
    )


@pytest.fixture
def superuser(db):
    return UserFactory(email="beheer@example.test", is_staff=True, is_superuser=True)


def log_in(client, user):
    """Log a test client in as a user, past the second factor when they need one.

    Staff (and role holders) get an authenticator app if they have none, and the session is
    marked as having passed it, as the code step does (django_otp.login).
    """
    client.force_login(user)
    if second_factor_required(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for(client):
    """Log the client in as someone from the cast: client_for(bureau_staff)."""

    def login(user):
        if user is not None:
            log_in(client, user)
        return client

    return login


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a block defers with transaction.on_commit, as a real commit would.

    Tests run inside a transaction that is rolled back, so on_commit callbacks (e-mails,
    Celery tasks) would never fire: `with committed(): client.post(...)`.
    """

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block
