"""A refused signed-copy form on the contract's admin page keeps the chosen PDF (issue 11:
admin actions with forms keep an uploaded file), answered with the page and its errors."""

import hashlib
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contracts import services
from klushuis.uploads.models import HeldUpload
from tests.html_forms import form_values
from tests.uploads.pdfs import hidden_content, hostile_pdf, hostile_upload

pytestmark = pytest.mark.django_db


def moment(delta):
    return (timezone.localtime() + delta).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def signed_by_buyer(accepted, bureau_staff):
    # Sent and signed by the buyer yesterday: the handover typed below (an hour ago) follows.
    with time_machine.travel(timezone.now() - timedelta(days=1), tick=False):
        services.contract_send(contract=accepted, actor=bureau_staff)
        accepted.refresh_from_db()
        # What the task does after commit: a signature waits for the PDF sent for signing.
        services.contract_render(accepted.sent_version_id)
        services.contract_record_buyer_signature(contract=accepted, actor=bureau_staff)
    return accepted


def seller_form_values(html):
    """What the 'Record the signed copy' button sends: the inputs that name its form."""
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        if 'form="act-seller_signed"' in tag and 'type="file"' not in tag:
            name = re.search(r'name="([^"]+)"', tag).group(1)
            value = re.search(r'value="([^"]*)"', tag)
            data[name] = value.group(1) if value else ""
    csrf = form_values(html, "act-seller_signed")["csrfmiddlewaretoken"]
    return {**data, "csrfmiddlewaretoken": csrf}


def test_a_refused_signed_copy_form_keeps_the_file_for_the_corrected_post(
    signed_by_buyer, bureau_staff, municipal_staff, client_for
):
    contract = signed_by_buyer
    client = client_for(bureau_staff)
    url = reverse("admin:contracts_contract_act", args=[contract.pk, "seller_signed"])
    future = moment(timedelta(days=2))

    refused = client.post(
        url, {"signed_copy": hostile_upload("getekend.pdf"), "handed_over_at": future}
    )

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "De overhandiging kan niet in de toekomst liggen." in html
    assert "Geüpload, nog niet opgeslagen:" in html
    assert ">getekend.pdf</a>" in html
    assert f'value="{future}"' in html  # the typed moment is kept
    held = HeldUpload.objects.get(user=bureau_staff)
    assert f'name="signed_copy__held" value="{held.token}" form="act-seller_signed"' in html
    contract.refresh_from_db()
    assert contract.status == "signed_by_buyer"

    # Another staff member cannot use the token.
    data = {**seller_form_values(html), "handed_over_at": moment(-timedelta(hours=1))}
    other = client_for(municipal_staff)
    answer = other.post(url, data)
    assert answer.status_code == 200
    assert "Dit veld is verplicht." in answer.content.decode()
    contract.refresh_from_db()
    assert contract.status == "signed_by_buyer"

    client = client_for(bureau_staff)
    response = client.post(url, data)

    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == "signed_by_seller"
    assert contract.signed_copy_original.open("rb").read() == hostile_pdf()
    assert contract.signed_copy_sha256 == hashlib.sha256(hostile_pdf()).hexdigest()
    assert hidden_content(contract.signed_copy.open("rb").read()) == []
    assert not HeldUpload.objects.exists()


def test_a_signed_copy_that_is_no_pdf_is_refused_beside_it_and_not_held(
    signed_by_buyer, bureau_staff, client_for
):
    url = reverse("admin:contracts_contract_act", args=[signed_by_buyer.pk, "seller_signed"])
    response = client_for(bureau_staff).post(
        url,
        {
            "signed_copy": SimpleUploadedFile("getekend.pdf", b"MZ\x90\x00 not a pdf"),
            "handed_over_at": moment(-timedelta(hours=1)),
        },
    )
    assert response.status_code == 200
    assert "geen PDF" in response.content.decode()
    assert not HeldUpload.objects.exists()
