"""The standing cast: every permission test uses the same people.

- anonymous: nobody logged in (the plain `client`)
- applicant, other_applicant: buyers with verified accounts
- juror: a juror of `this_round`; juror_elsewhere: a juror of `other_round`
- notary_here: the notary of `this_round`; notary_elsewhere: the notary of `other_round`
- auditor: read-only role at `municipality`
- municipal_staff: works for `municipality`
- bureau_staff: works for `bureau`, which holds a mandate from `municipality`
- outsider: bureau staff of another bureau (no mandate from `municipality`), with its own
  municipality (`other_municipality`)
- superuser: the platform administrator

`cast` gathers them with the objects every URL can point at: `this_round` (a round of
`municipality` assessed by plan, through the draw, the jury and the offers: the applicant holds
the home's accepted offer and its purchase agreement, the other applicant its reserve place) and
`other_round` (a round of `other_municipality`, with the juror and notary from elsewhere).
Log people in with `client_for(user)`.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.cache import cache
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from klushuis.accounts.second_factor import second_factor_required
from tests import cast as standing
from tests.roles import ensure_roles


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
def _fresh_content_types():
    # A transactional test that ran earlier in this process flushed every table, and the
    # content types were made again under new ids: the cache must not hand out the old ones.
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _staff_roles(request):
    """The staff roles the migrations made, for every test with a database: a transactional
    test that ran earlier in this process (a browser test, a race) flushed them."""
    uses_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db"} & set(request.fixturenames)
    )
    if uses_db:
        request.getfixturevalue("_django_db_helper")
        ensure_roles()


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


# Each person and organisation is made by tests/cast.py, so that a module-scoped setup (the
# URL access table) builds exactly the same cast as these fixtures.


@pytest.fixture
def municipality(db):
    return standing.municipality()


@pytest.fixture
def bureau(db, municipality):
    return standing.bureau(municipality)


@pytest.fixture
def other_municipality(db):
    return standing.other_municipality()


@pytest.fixture
def other_bureau(db, other_municipality):
    return standing.other_bureau(other_municipality)


@pytest.fixture
def applicant(db):
    return standing.applicant()


@pytest.fixture
def other_applicant(db):
    return standing.other_applicant()


@pytest.fixture
def municipal_staff(municipality):
    return standing.municipal_staff(municipality)


@pytest.fixture
def bureau_staff(bureau):
    return standing.bureau_staff(bureau)


@pytest.fixture
def outsider(other_bureau):
    return standing.outsider(other_bureau)


@pytest.fixture
def auditor(municipality):
    return standing.auditor(municipality)


@pytest.fixture
def superuser(db):
    return standing.superuser()


@pytest.fixture
def juror(municipality):
    """Named for `this_round`'s jury once `this_round` (or `cast`) is built."""
    return standing.juror(municipality)


@pytest.fixture
def juror_elsewhere(other_municipality):
    return standing.juror_elsewhere(other_municipality)


@pytest.fixture
def notary_here(db):
    """Notaries are not staff of an organisation: a round names them (`SalesRound.notaries`)."""
    return standing.notary_here()


@pytest.fixture
def notary_elsewhere(db):
    return standing.notary_elsewhere()


@pytest.fixture
def this_round(municipality, bureau, bureau_staff, applicant, other_applicant, juror, notary_here):
    return standing.this_round(
        municipality=municipality,
        bureau=bureau,
        staff=bureau_staff,
        buyers=[applicant, other_applicant],
        juror=juror,
        notary=notary_here,
    )


@pytest.fixture
def other_round(other_municipality, other_bureau, outsider, juror_elsewhere, notary_elsewhere):
    return standing.other_round(
        municipality=other_municipality,
        bureau=other_bureau,
        staff=outsider,
        juror=juror_elsewhere,
        notary=notary_elsewhere,
    )


@pytest.fixture
def cast(
    municipality,
    other_municipality,
    applicant,
    other_applicant,
    juror,
    juror_elsewhere,
    notary_here,
    notary_elsewhere,
    auditor,
    municipal_staff,
    bureau_staff,
    outsider,
    superuser,
    this_round,
    other_round,
):
    """Everyone, by role, with the objects of `this_round` (see the module's docstring)."""
    return standing.Cast(
        roles={
            "anonymous": None,
            "buyer": applicant,
            "other_buyer": other_applicant,
            "juror": juror,
            "juror_elsewhere": juror_elsewhere,
            "notary": notary_here,
            "notary_elsewhere": notary_elsewhere,
            "auditor": auditor,
            "municipal_staff": municipal_staff,
            "bureau": bureau_staff,
            "bureau_without_mandate": outsider,
            "administrator": superuser,
        },
        municipality=municipality,
        other_municipality=other_municipality,
        this_round=this_round,
        other_round=other_round,
    )


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
