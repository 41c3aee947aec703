"""The letter archive (issue #14, item 13): a letter is stored as it was issued, with its data
and SHA-256, and what the buyer and staff download is that stored letter."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications import services as application_services
from applications.lottery import services as lottery
from applications.models import Application, LotteryDraw, Offer
from applications.offers import services as offers
from contracts import services, tasks
from contracts.models import Clause, Letter
from klushuis.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

REJECTIONS = tasks.issue_rejection_letters.name


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


# --- Issued when sent, not when first opened -------------------------------------------------


def test_the_offer_letter_is_issued_with_the_offer(accepted):
    """Nobody downloaded it: the letter exists because the offer was made."""
    letter = Letter.objects.get(
        kind="offer_letter",
        related_type=ContentType.objects.get_for_model(accepted.offer),
        related_id=accepted.offer.pk,
    )
    assert letter.application == accepted.application
    assert letter.data["values"]["antwoord_uiterlijk"]


def _draw_one_offer_one_reserve(frozen_round, notary):
    """The draw, its record narrowed to one home offered and one reserve: the other four
    applications are turned down by the selection."""
    draw = lottery.lottery_draw(sales_round=frozen_round, public_value="4-5-6", actor=notary)
    apps = list(Application.objects.filter(sales_round=frozen_round).order_by("reference"))
    home = frozen_round.properties.order_by("reference").first()
    record = json.loads(draw.record)
    record["allocation"] = {home.reference: apps[0].reference}
    record["reserves"] = {home.reference: [apps[1].reference]}
    LotteryDraw.objects.filter(pk=draw.pk).update(record=json.dumps(record))


def test_rejection_letters_are_issued_when_the_selection_commits(
    frozen_round, notary, bureau_staff, django_capture_on_commit_callbacks
):
    _draw_one_offer_one_reserve(frozen_round, notary)
    with django_capture_on_commit_callbacks(execute=True):
        offers.offers_start(sales_round=frozen_round, actor=bureau_staff)
    turned_down = Application.objects.filter(sales_round=frozen_round, status="not_selected")
    assert turned_down.count() == 4
    for application in turned_down:
        letter = Letter.objects.get(kind="rejection_letter", application=application)
        assert letter.rendering == "done"
        assert letter.sha256
    # Offers, each with its letter; nobody else got one.
    made = Offer.objects.filter(sales_round=frozen_round)
    assert Letter.objects.filter(kind="offer_letter").count() == made.count()
    assert Letter.objects.count() == made.count() + turned_down.count()


def test_a_rolled_back_selection_issues_no_rejection_letter(frozen_round, notary, bureau_staff):
    _draw_one_offer_one_reserve(frozen_round, notary)
    waiting = []

    def select_then_fail():
        with transaction.atomic():
            offers.offers_start(sales_round=frozen_round, actor=bureau_staff)
            # The rejection letters wait in the outbox for the commit...
            waiting.append(OutboxMessage.objects.filter(task=REJECTIONS).count())
            raise RuntimeError("the selection fails after all")

    with pytest.raises(RuntimeError):
        select_then_fail()
    assert waiting == [1]
    # ...which never came: nothing waits, nothing was issued.
    assert not OutboxMessage.objects.filter(task=REJECTIONS).exists()
    assert not Letter.objects.filter(kind="rejection_letter").exists()


def test_an_ineligible_application_gets_its_rejection_letter_once(
    complete_application, bureau_staff, django_capture_on_commit_callbacks
):
    application_services.application_submit(
        application=complete_application, actor=complete_application.user
    )
    with django_capture_on_commit_callbacks(execute=True):
        application_services.application_decide(
            application=complete_application,
            eligible=False,
            reason="Te hoog inkomen",
            actor=bureau_staff,
        )
    services.rejection_letters_issue([complete_application.pk])  # a retried task: no second one
    letter = Letter.objects.get(kind="rejection_letter")
    assert letter.application == complete_application
