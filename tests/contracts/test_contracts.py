"""Purchase agreements: made on acceptance, rendered by a task, sent, signed, the cooling-off
period, dissolution and transfer; templates and the versioned clause library."""

import hashlib
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from applications.models import Offer, OfferLogEntry
from applications.services import application_withdraw
from contracts import selectors, services
from contracts.models import (
    Clause,
    Contract,
    ContractVersion,
    DocumentTemplate,
    TemplateClause,
)
from contracts.services import generation
from klushuis.documents import RENDER_GRACE
from tests.applications.conftest import pdf_upload
from tests.contracts.conftest import pdf_text

pytestmark = pytest.mark.django_db


def _money(amount) -> str:
    """As the text of the PDF reads: pdftotext gives the non-breaking space as a space."""
    return generation._money(amount).replace("\xa0", " ")


def _pdf(version) -> bytes:
    version.refresh_from_db()
    with version.pdf.open("rb") as handle:
        return handle.read()


def test_accepting_an_offer_produces_the_agreement_with_the_figures_of_that_sale(accepted):
    contract = accepted
    version = selectors.latest_version(contract)
    assert version.rendering == "done"
    data = _pdf(version)

    assert hashlib.sha256(data).hexdigest() == version.sha256
    text = " ".join(pdf_text(data).split())
    home = contract.property
    figures = home.current_figures
    for applicant in contract.application.applicants.all():
        assert applicant.full_name in text
    assert home.cadastral_designation in text
    assert _money(figures.purchase_price) in text
    assert _money(figures.purchase_price + figures.minimum_renovation_budget) in text
    values = version.data["values"]
    assert values["start_renovatie_datum"] in text
    assert values["gereed_renovatie_datum"] in text
    years = contract.offer.sales_round.self_occupancy_years
    assert f"{years} jaar" in text
    assert "pagina 1 van" in text
    assert version.template_version >= 1
    assert version.clause_versions.count() >= 10


def test_clause_text_is_data_escaped_on_output_never_template_code(accepted, settings):
    clause = Clause.objects.get(municipality=accepted.municipality, key="koopsom")
    body = "<script>alert(1)</script> {{ settings.SECRET_KEY }} {% now 'Y' %} Prijs: {koopsom}."
    services.clause_revise(clause=clause, title="Koopsom", body=body)
    version = services.contract_regenerate(contract=accepted)
    services.contract_render(version.pk)
    text = " ".join(pdf_text(_pdf(version)).split())
    assert "<script>alert(1)</script>" in text
    assert "{{ settings.SECRET_KEY }}" in text
    assert "{% now 'Y' %}" in text
    assert settings.SECRET_KEY not in text
    assert _money(accepted.property.current_figures.purchase_price) in text


def test_a_placeholder_that_does_not_exist_is_refused(accepted):
    clause = Clause.objects.get(municipality=accepted.municipality, key="koopsom")
    with pytest.raises(ValidationError, match="bestaan niet"):
        services.clause_revise(clause=clause, title="Koopsom", body="Prijs: {prijs_in_goud}")


def test_a_version_keeps_the_clause_versions_it_was_made_from(accepted):
    first = selectors.latest_version(accepted)
    clause = Clause.objects.get(municipality=accepted.municipality, key="koopsom")
    old = clause.current
    new = services.clause_revise(clause=clause, title="Koopsom", body="Nieuw: {koopsom}.")
    assert new.number == old.number + 1
    assert old in first.clause_versions.all()
    second = services.contract_regenerate(contract=accepted)
    assert new in second.clause_versions.all()
    assert old not in second.clause_versions.all()
    assert second.number == first.number + 1
    first.refresh_from_db()
    assert first.rendering == "done"  # the earlier PDF stays as it was
    # Taking the clause out of the template later does not change what the earlier version
    # says if it is rendered again: it keeps its own clause versions in its own order.
    TemplateClause.objects.filter(clause=clause).delete()
    titles = [a["title"] for a in services.contract_context(first)["articles"]]
    assert old.title in titles


def test_a_render_that_dies_leaves_no_half_contract_and_the_sweep_finishes_it(
    accepted, monkeypatch
):
    version = services.contract_regenerate(contract=accepted)

    def crash(html):
        raise MemoryError("worker killed")

    monkeypatch.setattr("klushuis.pdf.render_pdf", crash)
    with pytest.raises(MemoryError):
        services.contract_render(version.pk)
    version.refresh_from_db()
    assert version.rendering == "pending"
    assert not version.pdf
    assert version.attempts == 1
    monkeypatch.undo()
    later = timezone.now() + RENDER_GRACE + timedelta(seconds=1)
    assert services.contracts_render_pending(now=later) == 1
    version.refresh_from_db()
    assert version.rendering == "done"
    # Idempotent: rendering again does nothing, the stored PDF stays.
    assert services.contract_render(version.pk) is None
    assert ContractVersion.objects.filter(contract=accepted, rendering="done").count() == 2


def _send(contract, staff, at=None):
    """Sent now, or at `at` (before a handover in the past: the services keep events in
    order)."""
    with time_machine.travel(at or timezone.now(), tick=at is None):
        services.contract_send(contract=contract, actor=staff)
    contract.refresh_from_db()
    return contract


def _render_sent(contract):
    """What the task does after commit (outside `committed()` it has not run): only once the
    PDF sent for signing exists can a signature be recorded. Idempotent."""
    services.contract_render(contract.sent_version_id)


def _signed(contract, staff, handed_over_at):
    _render_sent(contract)
    # The buyer signed (at the latest) when the signed agreement was handed over.
    with time_machine.travel(handed_over_at, tick=False):
        services.contract_record_buyer_signature(contract=contract, actor=staff)
    upload = pdf_upload("getekend.pdf")
    return services.contract_record_seller_signature(
        contract=contract, actor=staff, signed_copy=upload, handed_over_at=handed_over_at
    )


def test_a_sent_contract_never_changes(accepted, bureau_staff, outbox, committed):
    with committed():
        contract = _send(accepted, bureau_staff)
    assert contract.status == "sent"
    assert contract.application.status == "contracted"
    assert any("koopovereenkomst" in m.subject.lower() for m in outbox)
    with pytest.raises(ValidationError):
        services.contract_regenerate(contract=contract)
    with pytest.raises(ValidationError):
        services.contract_update_dates(
            contract=contract, actor=bureau_staff, transfer_date=contract.transfer_date
        )


def test_a_contract_is_not_sent_without_signatory_and_notary(accepted, bureau_staff):
    DocumentTemplate.objects.update(signatory_name="")
    version = services.contract_regenerate(contract=accepted)
    services.contract_render(version.pk)
    with pytest.raises(ValidationError, match="ondertekenaar"):
        services.contract_send(contract=accepted, actor=bureau_staff)


def test_the_buyer_dissolves_within_the_cooling_off_period_and_the_home_passes_on(
    accepted, bureau_staff, client_for
):
    contract = _send(accepted, bureau_staff, at=timezone.now() - timedelta(hours=2))
    contract = _signed(contract, bureau_staff, timezone.now() - timedelta(hours=1))
    state = selectors.cooling_off_state(contract)
    assert state["running"]
    buyer = contract.application.user
    page = client_for(buyer).get(
        reverse("applications:detail", args=[contract.application.reference])
    )
    assert services.dutch_day(state["last_day"]).split()[0] in page.content.decode()
    url = reverse("contracts:dissolve", args=[contract.application.reference])
    assert client_for(buyer).post(url, {"confirm": "on"}).status_code == 302
    contract.refresh_from_db()
    assert contract.status == "dissolved"
    assert contract.application.status == "withdrawn"
    assert Offer.objects.get(pk=contract.offer_id).status == "withdrawn"
    reserve = Offer.objects.get(property=contract.property, status="open")
    assert reserve.source == "reserve"
    events = list(
        OfferLogEntry.objects.filter(property=contract.property).values_list("event", flat=True)
    )
    assert events[-2:] == ["withdrawn", "offered"]


def test_dissolving_without_ticking_the_box_answers_the_page_with_its_error(
    accepted, bureau_staff, client_for
):
    contract = _send(accepted, bureau_staff, at=timezone.now() - timedelta(hours=2))
    contract = _signed(contract, bureau_staff, timezone.now() - timedelta(hours=1))
    url = reverse("contracts:dissolve", args=[contract.application.reference])
    response = client_for(contract.application.user).post(url, {})
    # A refused form is an ordinary page (issue 11), not a "bad request".
    assert response.status_code == 200
    assert "Vink het vakje aan om te bevestigen." in response.content.decode()
    assert Contract.objects.get(pk=contract.pk).status == "signed_by_seller"


def test_after_the_cooling_off_period_the_buyer_can_no_longer_dissolve(
    accepted, bureau_staff, client_for
):
    contract = _send(accepted, bureau_staff, at=timezone.now() - timedelta(days=31))
    contract = _signed(contract, bureau_staff, timezone.now() - timedelta(days=30))
    assert not selectors.cooling_off_state(contract)["running"]
    with pytest.raises(ValidationError) as error:
        services.contract_dissolve_by_buyer(contract=contract, actor=contract.application.user)
    assert error.value.code == "cooling_off_over"
    url = reverse("contracts:dissolve", args=[contract.application.reference])
    response = client_for(contract.application.user).post(url, {"confirm": "on"})
    assert response.status_code == 409
    assert Contract.objects.get(pk=contract.pk).status == "signed_by_seller"
    services.contract_transfer(contract=contract, actor=bureau_staff)
    assert Contract.objects.get(pk=contract.pk).status == "transferred"


def test_no_transfer_while_the_buyer_may_still_dissolve(accepted, bureau_staff):
    contract = _signed(_send(accepted, bureau_staff), bureau_staff, timezone.now())
    with pytest.raises(ValidationError, match="bedenktijd"):
        services.contract_transfer(contract=contract, actor=bureau_staff)


def test_the_cooling_off_period_runs_from_the_handover_in_amsterdam(accepted, bureau_staff):
    contract = _signed(
        _send(accepted, bureau_staff, at=datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("UTC"))),
        bureau_staff,
        # Friday 5 June 2026, 23:30 in Amsterdam is still Friday there: ends Tuesday 9 June.
        datetime(2026, 6, 5, 21, 30, tzinfo=ZoneInfo("UTC")),
    )
    assert selectors.cooling_off_state(contract)["last_day"] == date(2026, 6, 9)


def test_no_second_cooling_off_period_within_six_months(accepted, bureau_staff):
    contract = _signed(_send(accepted, bureau_staff), bureau_staff, timezone.now())
    services.contract_dissolve_by_buyer(contract=contract, actor=contract.application.user)
    contract.refresh_from_db()
    # The same buyer buying the same home from the same municipality again:
    again = Contract(
        property=contract.property,
        municipality=contract.municipality,
        application=contract.application,
    )
    assert services.cooling_off_applies(again, timezone.now() + timedelta(days=40)) is False
    assert services.cooling_off_applies(again, timezone.now() + timedelta(days=200)) is True
    assert contract.dissolution_kind == "cooling_off_online"
    # Dissolved for another reason (the financing condition): the period applies again.
    Contract.objects.filter(pk=contract.pk).update(dissolution_kind="financing_condition")
    assert services.cooling_off_applies(again, timezone.now() + timedelta(days=40)) is True


def test_a_cooling_off_dissolution_by_letter_that_staff_record_counts_for_six_months(
    accepted, bureau_staff, client_for
):
    contract = _signed(_send(accepted, bureau_staff), bureau_staff, timezone.now())
    url = reverse("admin:contracts_contract_act", args=[contract.pk, "dissolve"])
    client_for(bureau_staff).post(
        url, {"reason": "Brief van koper ontvangen op 2 juni", "kind": "cooling_off_letter"}
    )
    contract.refresh_from_db()
    assert contract.status == "dissolved"
    assert contract.dissolution_kind == "cooling_off_letter"
    again = Contract(
        property=contract.property,
        municipality=contract.municipality,
        application=contract.application,
    )
    assert services.cooling_off_applies(again, timezone.now() + timedelta(days=40)) is False


def test_staff_must_say_how_the_agreement_was_dissolved(accepted, bureau_staff, client_for):
    url = reverse("admin:contracts_contract_act", args=[accepted.pk, "dissolve"])
    response = client_for(bureau_staff).post(url, {"reason": "Financiering afgewezen"})
    assert response.status_code == 200
    assert "Soort ontbinding" in response.content.decode()
    accepted.refresh_from_db()
    assert accepted.status == "draft"
    with pytest.raises(ValidationError):
        services.contract_dissolve_by_staff(
            contract=accepted, actor=bureau_staff, reason="x", kind="cooling_off_online"
        )


def test_the_buyer_downloads_only_a_sent_agreement_and_nobody_else_does(
    accepted, bureau_staff, client_for, other_applicant
):
    buyer = accepted.application.user
    url = reverse("contracts:pdf", args=[accepted.application.reference, 1])
    assert client_for(buyer).get(url).status_code == 404  # still a draft
    sent = _send(accepted, bureau_staff).sent_version
    services.contract_render(sent.pk)
    assert client_for(buyer).get(url).status_code == 404  # a draft stays the municipality's
    url = reverse("contracts:pdf", args=[accepted.application.reference, sent.number])
    response = client_for(buyer).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"

    other = Client()
    other.force_login(other_applicant)
    assert other.get(url).status_code == 404


def test_the_letters_come_from_the_same_template_system(accepted, client_for, bureau_staff):
    buyer = accepted.application.user
    url = reverse("contracts:letter", args=[accepted.application.reference, "aanbiedingsbrief"])
    response = client_for(buyer).get(url)
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content).split())
    assert accepted.property.address in text
    staff = client_for(bureau_staff)
    notary = staff.get(reverse("admin:contracts_contract_notary_pdf", args=[accepted.pk]))
    assert notary.status_code == 200
    notary_text = " ".join(pdf_text(b"".join(notary.streaming_content)).split())
    assert accepted.property.cadastral_designation in notary_text
    assert "kettingbeding" in notary_text.lower()


def test_staff_send_and_record_signatures_from_the_admin(accepted, bureau_staff, client_for):
    client = client_for(bureau_staff)
    change = reverse("admin:contracts_contract_change", args=[accepted.pk])
    assert client.get(change).status_code == 200

    def act(action, data=None):
        url = reverse("admin:contracts_contract_act", args=[accepted.pk, action])
        return client.post(url, data or {})

    act("send")
    accepted.refresh_from_db()
    _render_sent(accepted)
    act("buyer_signed")
    act(
        "seller_signed",
        {
            "signed_copy": pdf_upload("getekend.pdf"),
            # Handed over in the minute the buyer's signature was recorded (not before it).
            "handed_over_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    accepted.refresh_from_db()
    assert accepted.status == "signed_by_seller"
    assert accepted.signed_copy
    assert "bedenktijd" in client.get(change).content.decode().lower()


def test_the_contract_pages_own_forms_label_their_fields_as_the_admin_does(
    accepted, bureau_staff, client_for
):
    change = reverse("admin:contracts_contract_change", args=[accepted.pk])
    page = client_for(bureau_staff).get(change).content.decode()
    # As every other label on the page: a capital, and saying what the reason is for.
    assert '<label for="id_reason">Reden voor de ontbinding:</label>' in page


def test_a_signed_copy_must_be_a_pdf(accepted, bureau_staff):
    contract = _send(accepted, bureau_staff)
    _render_sent(contract)
    services.contract_record_buyer_signature(contract=contract, actor=bureau_staff)
    fake = SimpleUploadedFile("getekend.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError):
        services.contract_record_seller_signature(
            contract=contract,
            actor=bureau_staff,
            signed_copy=fake,
            handed_over_at=timezone.now(),
        )


def test_staff_edit_a_clause_as_a_new_version_with_a_preview(accepted, bureau_staff, client_for):
    clause = Clause.objects.get(municipality=accepted.municipality, key="koopsom")
    client = client_for(bureau_staff)
    url = reverse("admin:contracts_clause_change", args=[clause.pk])
    page = client.get(url).content.decode()
    assert "{koopsom}" in page  # the placeholders are listed
    response = client.post(
        url,
        {
            "municipality": clause.municipality_id,
            "key": "koopsom",
            "title": "De koopsom",
            "body": "De koopsom bedraagt {koopsom}.",
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    clause.refresh_from_db()
    assert clause.current.title == "De koopsom"
    assert clause.versions.count() == 2
    preview = client.get(url).content.decode()
    assert generation._money(accepted.property.current_figures.purchase_price) in preview
    bad = client.post(
        url,
        {
            "municipality": clause.municipality_id,
            "key": "koopsom",
            "title": "De koopsom",
            "body": "{onbekend}",
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
        },
    )
    assert bad.status_code == 200
    assert "{onbekend}" in bad.content.decode()  # kept, with the error


def test_staff_preview_a_template_as_pdf(accepted, bureau_staff, client_for):
    template = DocumentTemplate.objects.get(
        municipality=accepted.municipality, kind="purchase_agreement"
    )
    url = reverse("admin:contracts_documenttemplate_preview", args=[template.pk])
    response = client_for(bureau_staff).get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_staff_of_another_bureau_see_no_contract_and_auditors_cannot_act(
    accepted, outsider, auditor, client_for
):
    change = reverse("admin:contracts_contract_change", args=[accepted.pk])
    assert client_for(outsider).get(change).status_code in (302, 403, 404)
    pdf = reverse("contracts:pdf", args=[accepted.application.reference, 1])
    assert client_for(outsider).get(pdf).status_code == 404
    client = client_for(auditor)
    assert client.get(change).status_code == 200  # read-only
    send = reverse("admin:contracts_contract_act", args=[accepted.pk, "send"])
    assert client.post(send).status_code == 403
    accepted.refresh_from_db()
    assert accepted.status == "draft"


def test_the_pdf_is_a4_tagged_with_embedded_fonts_and_numbered_pages(accepted_without_pve):
    # The agreement's own pages (a PvE annex is appended as it was uploaded, unnumbered).
    data = _pdf(selectors.latest_version(accepted_without_pve))
    reader = PdfReader(io.BytesIO(data))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for accessibility
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            parts = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for part in parts:
                descriptor = part["/FontDescriptor"].get_object()
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)  # embedded
    assert any("Liberation-Serif" in name for name in fonts), fonts
    text = pdf_text(data)
    pages = len(reader.pages)
    assert f"pagina {pages} van {pages}" in text
    assert text.count("Paraaf Koper") >= pages  # initials boxes on every page


def test_withdrawing_after_accepting_dissolves_the_draft_and_passes_the_home_on(accepted):
    assert accepted.property.status == "allocated"
    application = services.sale_withdraw(
        application=accepted.application, actor=accepted.application.user
    )
    assert application.status == "withdrawn"
    accepted.refresh_from_db()
    assert accepted.status == "dissolved"
    offer = Offer.objects.get(pk=accepted.offer_id)
    assert offer.status == "withdrawn"
    assert [(h.from_status, h.to_status) for h in offer.history.all()] == [
        ("open", "accepted"),
        ("accepted", "withdrawn"),
    ]
    assert Offer.objects.get(property=accepted.property, status="open").source == "reserve"
    home = accepted.property
    home.refresh_from_db()
    assert home.status == "in_round"
    assert list(home.history.values_list("to_status", flat=True))[-2:] == [
        "allocated",
        "in_round",
    ]


def test_the_applications_own_withdraw_points_an_accepted_buyer_to_the_sale(accepted):
    with pytest.raises(ValidationError) as refused:
        application_withdraw(application=accepted.application, actor=accepted.application.user)
    assert refused.value.code == "sale"
    accepted.refresh_from_db()
    assert accepted.status == "draft"


def test_the_buyers_page_withdraws_after_accepting_through_the_sale(accepted, client_for):
    buyer = client_for(accepted.application.user)
    reference = accepted.application.reference
    page = buyer.get(reverse("applications:detail", args=[reference])).content.decode()
    url = reverse("contracts:withdraw", args=[reference])
    assert url in page
    assert reverse("applications:withdraw", args=[reference]) not in page
    response = buyer.post(url, {"confirm": "on"})
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == "dissolved"


def test_after_sending_the_buyer_cannot_simply_withdraw(accepted, bureau_staff):
    contract = _send(accepted, bureau_staff)
    with pytest.raises(ValidationError):
        application_withdraw(application=contract.application, actor=contract.application.user)
    with pytest.raises(ValidationError):
        services.sale_withdraw(application=contract.application, actor=contract.application.user)


def test_the_agreement_sent_for_signing_is_the_final_text_without_the_draft_marker(
    accepted, bureau_staff, committed, outbox
):
    draft = selectors.latest_version(accepted)
    draft_text = " ".join(pdf_text(_pdf(draft)).split())
    assert "CONCEPT" in draft_text
    with committed():
        contract = _send(accepted, bureau_staff)
    sent = contract.sent_version
    assert sent.final
    assert sent.number == draft.number + 1
    assert sent.rendering == "done"
    data = _pdf(sent)
    assert hashlib.sha256(data).hexdigest() == sent.sha256
    text = " ".join(pdf_text(data).split())
    assert "CONCEPT" not in text
    assert _money(contract.property.current_figures.purchase_price) in text
    # The same text as the checked draft: same data and clause versions.
    assert sent.data == draft.data
    assert set(sent.clause_versions.all()) == set(draft.clause_versions.all())
    # The draft stays marked, and the history says which version went out.
    assert "CONCEPT" in " ".join(pdf_text(_pdf(draft)).split())
    assert contract.history.filter(to_status="sent", reason__contains=str(sent.number)).exists()
    assert contract.return_by == timezone.localdate() + timedelta(days=14)
    mail = next(m for m in outbox if "koopovereenkomst" in m.subject.lower())
    assert f"uiterlijk {dutch_weekday(contract.return_by)} getekend terug" in mail.body


def test_a_signed_agreement_keeps_the_version_that_was_sent(accepted, bureau_staff, committed):
    with committed():
        contract = _send(accepted, bureau_staff, at=timezone.now() - timedelta(hours=2))
    _signed(contract, bureau_staff, timezone.now() - timedelta(hours=1))
    contract.refresh_from_db()
    assert contract.status == "signed_by_seller"
    assert selectors.contract_sent_version(contract) == contract.sent_version
    assert "CONCEPT" not in pdf_text(_pdf(contract.sent_version))


def test_while_the_final_pdf_is_pending_nobody_gets_a_draft_in_its_place(
    accepted, bureau_staff, client_for, outbox
):
    """Sent, but its final PDF not rendered yet (no commit here, so no render task ran): the
    buyer is told it is being prepared, gets no download and no e-mail yet; staff see that it
    is being made. Once rendered, the buyer downloads exactly that version."""
    contract = _send(accepted, bureau_staff)
    sent = contract.sent_version
    assert sent.rendering == "pending"
    buyer = client_for(contract.application.user)
    reference = contract.application.reference
    page = buyer.get(reverse("applications:detail", args=[reference])).content.decode()
    assert 'id="contract-pending"' in page
    assert reverse("contracts:pdf", args=[reference, sent.number]) not in page
    draft_url = reverse("contracts:pdf", args=[reference, sent.number - 1])
    assert buyer.get(draft_url).status_code == 404
    assert not outbox
    services.contract_render(sent.pk)
    page = buyer.get(reverse("applications:detail", args=[reference])).content.decode()
    assert reverse("contracts:pdf", args=[reference, sent.number]) in page
    response = buyer.get(reverse("contracts:pdf", args=[reference, sent.number]))
    assert response.status_code == 200
    assert buyer.get(draft_url).status_code == 404


def _page(client, contract):
    url = reverse("applications:detail", args=[contract.application.reference])
    return " ".join(client.get(url).content.decode().replace("&nbsp;", "\xa0").split())


def test_once_sent_the_buyer_reads_how_to_sign_it_by_when_and_what_follows(
    accepted, bureau_staff, client_for, committed
):
    with committed():
        contract = _send(accepted, bureau_staff)
    page = _page(client_for(contract.application.user), contract)
    values = contract.sent_version.data["values"]
    assert "Zo tekent u en stuurt u haar terug" in page
    assert "Stadhuisplein 1, 3011 AA Havenstad" in page
    assert f"uiterlijk <strong>{dutch_weekday(contract.return_by)}</strong>" in page
    assert "Wat er daarna gebeurt" in page
    assert values["waarborgsom"].replace("\xa0", " ") in page
    assert services.dutch_day(contract.transfer_date) in page


def dutch_weekday(day):
    with translation.override("nl"):
        return formats.date_format(day, "l j F Y")


def test_the_buyer_sees_the_handover_and_the_last_day_of_the_cooling_off_period(
    accepted, bureau_staff, client_for, committed
):
    with committed():
        contract = _send(accepted, bureau_staff, at=timezone.now() - timedelta(hours=2))
    handed_over = timezone.now() - timedelta(hours=1)
    contract = _signed(contract, bureau_staff, handed_over)
    state = selectors.cooling_off_state(contract)
    page = _page(client_for(contract.application.user), contract)
    assert f"op <strong>{dutch_weekday(state['handed_over_on'])}</strong> ter hand gesteld" in page
    assert f"van {dutch_weekday(state['first_day'])} tot en met" in page
    assert f"<strong>{dutch_weekday(state['last_day'])}</strong> (de laatste dag)" in page


def test_the_dissolve_page_says_what_dissolving_does(accepted, bureau_staff, client_for, committed):
    with committed():
        contract = _send(accepted, bureau_staff, at=timezone.now() - timedelta(hours=2))
    contract = _signed(contract, bureau_staff, timezone.now() - timedelta(hours=1))
    client = client_for(contract.application.user)
    url = reverse("contracts:dissolve", args=[contract.application.reference])
    page = " ".join(client.get(url).content.decode().replace("&nbsp;", "\xa0").split())
    assert "Wat ontbinden betekent" in page
    assert "volgende kandidaat op de reservelijst" in page
    assert "niet terug te draaien" in page
    deposit = contract.sent_version.data["values"]["waarborgsom"]
    deposit = deposit.replace("\xa0", " ")
    assert f"waarborgsom van {deposit} al betaald, dan betaalt de notaris" in page
