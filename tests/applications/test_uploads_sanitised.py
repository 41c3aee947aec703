"""A buyer's PDFs reach staff and jurors sanitised; the originals stay verifiable (issue 12,
row 13)."""

import hashlib

import pikepdf
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from applications import services
from tests.uploads.pdfs import hidden_content, hostile_pdf, hostile_upload


def _served(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_financing_statement_is_shown_sanitised_and_kept_as_received(
    client_for, applicant, open_round, bureau_staff
):
    application = services.application_start(user=applicant, sales_round=open_round)
    response = client_for(applicant).post(
        reverse("applications:step", args=[application.reference, 4]),
        {
            "max_mortgage": "300000",
            "own_funds": "1000",
            "financing_provider": "De Bank",
            "financing_date": timezone.localdate().isoformat(),
            "financing_statement": hostile_upload(),
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    original = application.financing_statement_original.open("rb").read()
    assert original == hostile_pdf()
    assert application.financing_statement_sha256 == hashlib.sha256(original).hexdigest()

    url = reverse("applications:financing_statement", args=[application.reference])
    for user in (applicant, bureau_staff):
        served = _served(client_for(user), url)
        assert served.startswith(b"%PDF")
        assert hidden_content(served) == []


def test_drawings_are_shown_sanitised_and_kept_as_received(complete_application, client_for):
    preference = complete_application.preferences.first()
    services.application_save_plan(preference=preference, fields={}, drawings=hostile_upload())
    plan = preference.plan
    plan.refresh_from_db()
    assert plan.drawings_original.open("rb").read() == hostile_pdf()
    assert plan.drawings_sha256 == hashlib.sha256(hostile_pdf()).hexdigest()
    url = reverse("applications:drawings", args=[complete_application.reference, plan.pk])
    assert hidden_content(_served(client_for(complete_application.user), url)) == []


def test_a_pdf_that_cannot_be_sanitised_is_refused_with_the_rest_of_the_form_kept(
    client_for, applicant, open_round, monkeypatch
):
    def unreadable(*args, **kwargs):
        raise pikepdf.PdfError("unsupported structure")

    # pypdf reads it (the earlier check passes); the sanitiser cannot rewrite it.
    monkeypatch.setattr("klushuis.uploads.sanitize.pikepdf.open", unreadable)
    application = services.application_start(user=applicant, sales_round=open_round)
    response = client_for(applicant).post(
        reverse("applications:step", args=[application.reference, 4]),
        {
            "max_mortgage": "300000",
            "own_funds": "1000",
            "financing_provider": "De Bank",
            "financing_date": timezone.localdate().isoformat(),
            "financing_statement": SimpleUploadedFile("v.pdf", hostile_pdf(), "application/pdf"),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "verborgen inhoud" in html or "hidden content" in html
    assert 'value="De Bank"' in html
    application.refresh_from_db()
    assert not application.financing_statement


def test_files_uploaded_before_sanitising_get_the_same_treatment(
    complete_application, capsys, committed
):
    application = complete_application
    application.financing_statement.save("oud.pdf", ContentFile(hostile_pdf()), save=False)
    application.financing_statement_original = ""
    application.financing_statement_sha256 = ""
    application.save()
    old_name = application.financing_statement.name

    with committed():
        call_command("sanitise_uploads")
    application.refresh_from_db()
    assert application.financing_statement_original.open("rb").read() == hostile_pdf()
    assert application.financing_statement_sha256 == hashlib.sha256(hostile_pdf()).hexdigest()
    assert hidden_content(application.financing_statement.open("rb").read()) == []
    assert not application.financing_statement.storage.exists(old_name)
    call_command("sanitise_uploads")  # again: nothing left to do
    assert capsys.readouterr().out.splitlines()[-1] == "0 upload(s) sanitised, 0 left as stored"
