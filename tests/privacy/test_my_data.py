"""A buyer's own data (issue 17): a ZIP with a readable summary, JSON and their uploads; a
deletion request removes at once what no legal duty keeps and says what is kept and why."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from applications.models import Application
from klushuis.accounts.models import User
from klushuis.privacy.models import ErasureTombstone
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _zip(response):
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_buyer_downloads_everything_the_portal_holds(
    complete_application, applicant, client_for
):
    client = client_for(applicant)
    page = client.get(reverse("privacy:my_data"))
    assert page.status_code == 200
    assert complete_application.reference in page.content.decode()
    response = client.get(reverse("privacy:my_data_download"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    archive = _zip(response)
    names = archive.namelist()
    assert "overzicht.html" in names
    assert any(n.endswith("financieringsverklaring.pdf") for n in names)
    data = json.loads(archive.read("gegevens.json"))
    text = json.dumps(data)
    main = complete_application.applicants.get(role="main")
    assert main.surname in text
    assert main.date_of_birth.isoformat() in text
    assert applicant.email in text
    assert main.surname in archive.read("overzicht.html").decode()


def test_another_buyer_gets_only_their_own(complete_application, other_applicant, client_for):
    response = client_for(other_applicant).get(reverse("privacy:my_data_download"))
    text = json.dumps(json.loads(_zip(response).read("gegevens.json")))
    assert complete_application.reference not in text


def test_a_deletion_request_removes_the_account_and_applications_at_once(
    complete_application, applicant, client_for
):
    client = client_for(applicant)
    storage = complete_application.financing_statement.storage
    name = complete_application.financing_statement.name
    response = client.post(
        reverse("privacy:my_data_delete"), {"password": "wrong", "confirm": "on"}
    )
    assert response.status_code == 400
    assert User.objects.filter(pk=applicant.pk).exists()

    response = client.post(
        reverse("privacy:my_data_delete"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 200
    assert "Nothing was kept" in response.content.decode() or "Niets" in response.content.decode()
    assert not User.objects.filter(pk=applicant.pk).exists()
    assert not Application.objects.filter(pk=complete_application.pk).exists()
    assert not storage.exists(name)
    assert ErasureTombstone.objects.filter(reference=complete_application.reference).exists()
    # Logged out.
    assert client.get(reverse("privacy:my_data")).status_code == 302


def test_what_a_legal_duty_keeps_is_named_with_its_reason(cast, client_for):
    buyer = cast.roles["buyer"]
    client = client_for(buyer)
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert cast.contract.reference in page
    response = client.post(
        reverse("privacy:my_data_delete"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 200
    assert cast.contract.reference in response.content.decode()
    buyer.refresh_from_db()
    assert not buyer.is_active
    assert not buyer.has_usable_password()
    assert Application.objects.filter(pk=cast.application.pk).exists()


def test_staff_do_not_delete_their_account_here(municipal_staff, client_for):
    response = client_for(municipal_staff).post(
        reverse("privacy:my_data_delete"), {"password": "x", "confirm": "on"}
    )
    assert response.status_code == 403
