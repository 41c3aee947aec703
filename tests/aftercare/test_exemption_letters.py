"""Exemption requests with documents and their decision letters (issue #16, item 1): the
buyer's documents are checked by content and size, kept on a refused form, stored privately
and shown to the buyer and to staff (logged); a decision (a refusal, or a grant after the
second approval) issues one letter into the letter archive that the buyer downloads."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aftercare import exemptions, rules
from aftercare.models import Case, Exemption, ExemptionDocument
from contracts.models import Kind, Letter
from contracts.services import letter_render
from contracts.services.letters import letter_context
from klushuis.privacy.models import AccessLogEntry
from tests.aftercare.test_services import photo
from tests.applications.conftest import pdf_upload


@pytest.fixture
def case(transferred):
    return Case.objects.get(contract=transferred)


def ask(case, **kwargs):
    return exemptions.exemption_request(
        case=case,
        actor=case.buyer,
        ground=rules.ILLNESS,
        explanation="Na een operatie kan ik niet op tijd klaar zijn.",
        obligation=case.obligations.get(kind=rules.COMPLETION),
        **kwargs,
    )


def letters_of(exemption):
    return Letter.objects.filter(kind=Kind.EXEMPTION_DECISION, related_id=exemption.pk)


@pytest.mark.django_db
def test_documents_are_checked_by_content_and_stored_safely(case):
    request = ask(case, documents=[pdf_upload("arts.pdf"), photo("scan.png", fmt="PNG")])
    stored = list(request.documents.all())
    assert [d.is_pdf for d in stored] == [True, False]
    assert stored[1].file.name.endswith(".jpg")  # an image is kept as a JPEG without metadata
    assert "arts" not in stored[0].file.name  # no name the buyer chose
    fake = SimpleUploadedFile("brief.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        ask(case, documents=[pdf_upload(), fake])
    assert Exemption.objects.count() == 1  # the refused request stored nothing


@pytest.mark.django_db
def test_a_refusal_issues_one_decision_letter(case, bureau_staff, municipal_staff):
    request = ask(case)
    assert not letters_of(request).exists()
    refused = exemptions.exemption_propose(
        exemption=request,
        actor=bureau_staff,
        outcome=rules.REFUSAL,
        reasons="Geen <b>medische</b> verklaring overgelegd.",
    )
    letter = letters_of(refused).get()
    assert letter.recipient
    letter = letter_render(letter.pk)
    html = str(letter_context(letter)["blocks_by_section"])
    assert "&lt;b&gt;medische&lt;/b&gt;" in html  # the reasons are data, escaped
    assert "weigering" in html
    assert "nieuwe termijn" not in html.lower()  # nothing to say: left out
    # Decided once: no second decision, no second letter.
    with pytest.raises(ValidationError):
        exemptions.exemption_propose(
            exemption=refused, actor=municipal_staff, outcome=rules.REFUSAL, reasons="Nee."
        )
    assert letters_of(refused).count() == 1


@pytest.mark.django_db
def test_a_grant_issues_its_letter_only_after_the_second_approval(
    case, bureau_staff, municipal_staff
):
    request = ask(case)
    new_due = case.obligations.get(kind=rules.COMPLETION).due_on + timedelta(days=90)
    proposed = exemptions.exemption_propose(
        exemption=request,
        actor=bureau_staff,
        outcome=rules.NEW_DEADLINE,
        reasons="Medische verklaring.",
        new_due_on=new_due,
    )
    assert not letters_of(proposed).exists()  # a proposal is no decision yet
    granted = exemptions.exemption_approve(exemption=proposed, actor=municipal_staff)
    letter = letter_render(letters_of(granted).get().pk)
    html = str(letter_context(letter)["blocks_by_section"])
    assert "een nieuwe termijn" in html
    assert str(new_due.year) in html


@pytest.mark.django_db
def test_the_buyer_sends_documents_and_a_refused_form_keeps_them(case, client_for):
    buyer = client_for(case.buyer)
    url = reverse("aftercare:exemption", args=[case.pk])
    # A mistake (no explanation): the good file is held, the bad one is refused by name.
    bad = SimpleUploadedFile("x.pdf", b"not a pdf at all", content_type="application/pdf")
    page = buyer.post(
        url,
        {
            "exemption-ground": "illness",
            "exemption-explanation": "",
            "exemption-document_1": pdf_upload("arts.pdf"),
            "exemption-document_2": bad,
        },
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "exemption-document_1__held" in html
    token = page.context["exemption_form"].held["document_1"].token
    assert not Exemption.objects.exists()
    # Sent again with the explanation and without choosing the file again.
    response = buyer.post(
        url,
        {
            "exemption-ground": "illness",
            "exemption-explanation": "Ik ben ziek geweest.",
            "exemption-document_1__held": token,
        },
    )
    assert response.status_code == 302
    document = ExemptionDocument.objects.get()
    assert document.is_pdf
    home = buyer.get(reverse("aftercare:home", args=[case.pk])).content.decode()
    assert reverse("aftercare:exemption_document", args=[document.pk]) in home


@pytest.mark.django_db
def test_documents_and_letters_are_for_the_buyer_and_staff_and_staff_reading_is_logged(
    case, client_for, bureau_staff, other_applicant, outsider, juror
):
    request = ask(case, documents=[pdf_upload()])
    document = request.documents.get()
    exemptions.exemption_propose(
        exemption=request, actor=bureau_staff, outcome=rules.REFUSAL, reasons="Geen grond."
    )
    letter = letters_of(request).get()
    for url in (
        reverse("aftercare:exemption_document", args=[document.pk]),
        reverse("aftercare:letter", args=[letter.pk]),
    ):
        assert client_for(case.buyer).get(url).status_code == 200
        for user in (other_applicant, outsider, juror):
            assert client_for(user).get(url).status_code == 404
        assert client_for(bureau_staff).get(url).status_code == 200
    logged = AccessLogEntry.objects.filter(user=bureau_staff)
    assert sorted(logged.values_list("what", flat=True)) == ["exemption_document", "letter"]
    assert not AccessLogEntry.objects.filter(user=case.buyer).exists()
    # The buyer's page shows the decision and the letter; the case page the document.
    home = client_for(case.buyer).get(reverse("aftercare:home", args=[case.pk])).content.decode()
    assert "Geen grond." in home
    assert reverse("aftercare:letter", args=[letter.pk]) in home
