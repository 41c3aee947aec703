"""The letter archive (issue #14, item 13): a letter is stored as it was issued, with its data
and SHA-256, and what the buyer and staff download is that stored letter."""

import hashlib
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from contracts import services
from contracts.models import Clause, Letter

pytestmark = pytest.mark.django_db


def _stored(letter) -> bytes:
    letter.refresh_from_db()
    with letter.pdf.open("rb") as handle:
        return handle.read()


def test_the_offer_letter_downloaded_is_the_stored_one_and_stays_so(accepted, client_for):
    buyer = accepted.application.user
    url = reverse("contracts:letter", args=[accepted.application.reference, "aanbiedingsbrief"])
    first = client_for(buyer).get(url)
    assert first.status_code == 200

    letter = Letter.objects.get(
        kind="offer_letter",
        related_type=ContentType.objects.get_for_model(accepted.offer),
        related_id=accepted.offer.pk,
    )
    stored = _stored(letter)
    assert first.content == stored
    assert hashlib.sha256(stored).hexdigest() == letter.sha256
    assert letter.application == accepted.application
    assert letter.data["values"]["koopsom"]

    # The template changes afterwards: the archived letter does not.
    clause = Clause.objects.get(municipality=accepted.municipality, key="aanbieding-aanhef")
    services.clause_revise(clause=clause, title="Aanhef", body="Een heel andere tekst.")
    again = client_for(buyer).get(url)
    assert again.content == stored
    assert Letter.objects.filter(kind="offer_letter").count() == 1


def test_the_notary_instruction_staff_download_is_archived(accepted, client_for, bureau_staff):
    url = reverse("admin:contracts_contract_notary_pdf", args=[accepted.pk])
    response = client_for(bureau_staff).get(url)
    assert response.status_code == 200
    letter = Letter.objects.get(kind="notary_instruction", related_id=accepted.pk)
    assert b"".join(response.streaming_content) == _stored(letter)
    assert letter.rendering == "done"


def test_a_pending_letter_is_swept(accepted):
    letter = services.letter_issue(
        kind="offer_letter", related=accepted.offer, offer=accepted.offer
    )
    Letter.objects.filter(pk=letter.pk).update(rendering="pending", pdf="", sha256="")
    assert services.letters_render_pending(now=timezone.now() + timedelta(days=1)) == 1
