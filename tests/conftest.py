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
from django.core import mail

from klushuis.accounts import roles
from tests.cast import Cast, cast_other_round, cast_round
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


@pytest.fixture
def juror(municipality):
    """Named for `this_round`'s jury once `this_round` (or `cast`) is built."""
    return StaffFactory(email="jurylid@havenstad.test", organisation=municipality, role=roles.JUROR)


@pytest.fixture
def juror_elsewhere(other_municipality):
    return StaffFactory(
        email="jurylid@dijkerveld.test", organisation=other_municipality, role=roles.JUROR
    )


@pytest.fixture
def notary_here(db):
    """Notaries are not staff of an organisation: a round names them (`SalesRound.notaries`)."""
    return StaffFactory(
        email="notaris@havenstad.test", is_staff=False, organisation=None, role=roles.NOTARY
    )


@pytest.fixture
def notary_elsewhere(db):
    return StaffFactory(
        email="notaris@dijkerveld.test", is_staff=False, organisation=None, role=roles.NOTARY
    )


@pytest.fixture
def this_round(municipality, bureau, bureau_staff, applicant, other_applicant, juror, notary_here):
    return cast_round(
        municipality=municipality, bureau=bureau, staff=bureau_staff,
        buyers=[applicant, other_applicant], juror=juror, notary=notary_here,
    )  # fmt: skip


@pytest.fixture
def other_round(other_municipality, other_bureau, outsider, juror_elsewhere, notary_elsewhere):
    return cast_other_round(
        municipality=other_municipality, bureau=other_bureau, staff=outsider,
        juror=juror_elsewhere, notary=notary_elsewhere,
    )  # fmt: skip


@pytest.fixture
def cast(
    applicant, other_applicant, juror, juror_elsewhere, notary_here, notary_elsewhere, auditor,
    municipal_staff, bureau_staff, outsider, superuser, this_round, other_round,
):  # fmt: skip
    """Everyone, by role, with the objects of `this_round` (see the module's docstring)."""
    return Cast(
        roles={
            "anonymous": None, "buyer": applicant, "other_buyer": other_applicant,
            "juror": juror, "juror_elsewhere": juror_elsewhere, "notary": notary_here,
            "notary_elsewhere": notary_elsewhere, "auditor": auditor,
            "municipal_staff": municipal_staff, "bureau": bureau_staff,
            "bureau_without_mandate": outsider, "administrator": superuser,
        },
        this_round=this_round,
        other_round=other_round,
    )  # fmt: skip


@pytest.fixture
def client_for(client):
    """Log the client in as someone from the cast: client_for(bureau_staff)."""

    def login(user):
        if user is not None:
            client.force_login(user)
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
