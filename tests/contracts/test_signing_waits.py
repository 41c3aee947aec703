"""No signature is recorded before the PDF sent for signing exists (decision 0007): a buyer
cannot have signed a document they could not download."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contracts import selectors, services
from contracts.models import Contract, ContractVersion
from klushuis.documents import MAX_ATTEMPTS
from tests.applications.conftest import pdf_upload

pytestmark = pytest.mark.django_db


def _sent_unrendered(contract, staff):
    """Sent, with the task that renders the PDF for signing not run yet (no commit)."""
    services.contract_send(contract=contract, actor=staff)
    contract.refresh_from_db()
    assert contract.sent_version.rendering == "pending"
    return contract


def _failed_to_render(contract):
    """The rendering of the PDF for signing fails every attempt (a missing font, say) until the
    renderer gives up, as it would with the task and the sweep retrying it."""
    with mock.patch("klushuis.pdf.render_pdf", side_effect=RuntimeError("font missing")):
        for _attempt in range(MAX_ATTEMPTS):
            with pytest.raises(RuntimeError):  # raised again for the task to retry
                services.contract_render(contract.sent_version_id)
    contract.refresh_from_db()
    assert contract.sent_version.rendering == "failed"
    return contract


def _history(contract):
    return list(contract.history.values_list("to_status", flat=True))


def test_the_buyers_signature_waits_until_the_pdf_for_signing_is_rendered(accepted, bureau_staff):
    contract = _sent_unrendered(accepted, bureau_staff)
    with pytest.raises(ValidationError, match="wordt nog gemaakt") as refusal:
        services.contract_record_buyer_signature(contract=contract, actor=bureau_staff)
    assert refusal.value.code == "sent_pdf_not_ready"
    contract.refresh_from_db()
    assert contract.status == "sent"
    assert contract.buyer_signed_at is None
    assert _history(contract)[-1] == "sent"

    services.contract_render(contract.sent_version_id)
    services.contract_record_buyer_signature(contract=contract, actor=bureau_staff)
    assert Contract.objects.get(pk=contract.pk).status == "signed_by_buyer"


def test_no_signature_is_recorded_on_a_pdf_for_signing_that_could_not_be_made(
    accepted, bureau_staff
):
    contract = _sent_unrendered(accepted, bureau_staff)
    _failed_to_render(contract)
    with pytest.raises(ValidationError, match="kon niet worden gemaakt"):
        services.contract_record_buyer_signature(contract=contract, actor=bureau_staff)
    assert Contract.objects.get(pk=contract.pk).status == "sent"


def test_the_signed_copy_and_handover_cannot_come_before_the_buyers_signature(
    accepted, bureau_staff
):
    # The buyer's signature waits for the PDF, and the seller's can only follow the buyer's.
    contract = _sent_unrendered(accepted, bureau_staff)
    with pytest.raises(ValidationError):
        services.contract_record_seller_signature(
            contract=contract,
            actor=bureau_staff,
            signed_copy=pdf_upload("getekend.pdf"),
            handed_over_at=timezone.now(),
        )
    contract.refresh_from_db()
    assert contract.status == "sent"
    assert contract.handed_over_at is None
    assert not contract.signed_copy


def test_an_agreement_sent_before_there_were_sent_versions_is_signed_as_before(
    accepted, bureau_staff
):
    contract = _sent_unrendered(accepted, bureau_staff)
    Contract.objects.filter(pk=contract.pk).update(sent_version=None)
    contract.refresh_from_db()
    assert not selectors.contract_signing_waits(contract)
    services.contract_record_buyer_signature(contract=contract, actor=bureau_staff)
    services.contract_record_seller_signature(
        contract=contract,
        actor=bureau_staff,
        signed_copy=pdf_upload("getekend.pdf"),
        handed_over_at=timezone.now(),
    )
    assert Contract.objects.get(pk=contract.pk).status == "signed_by_seller"


def test_the_staff_page_offers_no_signature_button_until_the_pdf_is_ready_and_says_why(
    accepted, bureau_staff, client_for
):
    contract = _sent_unrendered(accepted, bureau_staff)
    client = client_for(bureau_staff)
    change = reverse("admin:contracts_contract_change", args=[contract.pk])
    page = client.get(change).content.decode()
    assert 'id="signing-waits"' in page
    assert 'form="act-buyer_signed"' not in page

    act = reverse("admin:contracts_contract_act", args=[contract.pk, "buyer_signed"])
    refused = client.post(act, follow=True).content.decode()
    assert "wordt nog gemaakt" in refused
    assert Contract.objects.get(pk=contract.pk).status == "sent"

    services.contract_render(contract.sent_version_id)
    page = client.get(change).content.decode()
    assert 'id="signing-waits"' not in page
    assert 'form="act-buyer_signed"' in page
    client.post(act)
    assert Contract.objects.get(pk=contract.pk).status == "signed_by_buyer"


def test_the_staff_page_shows_why_the_pdf_for_signing_failed_and_offers_no_signature(
    accepted, bureau_staff, client_for
):
    contract = _failed_to_render(_sent_unrendered(accepted, bureau_staff))
    client = client_for(bureau_staff)
    page = client.get(reverse("admin:contracts_contract_change", args=[contract.pk]))
    html = page.content.decode()
    assert 'id="signing-waits"' in html
    assert "font missing" in html
    assert 'form="act-buyer_signed"' not in html
    assert 'form="act-retry_render"' in html
    act = reverse("admin:contracts_contract_act", args=[contract.pk, "buyer_signed"])
    refused = client.post(act, follow=True).content.decode()
    assert "kon niet worden gemaakt" in refused
    assert Contract.objects.get(pk=contract.pk).status == "sent"


def test_staff_make_a_failed_pdf_for_signing_again_and_then_the_buyer_signs(
    accepted, bureau_staff, client_for, committed
):
    contract = _sent_unrendered(accepted, bureau_staff)
    _failed_to_render(contract)
    client = client_for(bureau_staff)
    change = reverse("admin:contracts_contract_change", args=[contract.pk])
    assert 'form="act-retry_render"' in client.get(change).content.decode()

    retry = reverse("admin:contracts_contract_act", args=[contract.pk, "retry_render"])
    with committed():
        page = client.post(retry, follow=True).content.decode()

    version = ContractVersion.objects.get(pk=contract.sent_version_id)
    assert (version.rendering, version.error) == ("done", "")
    assert "wordt opnieuw gemaakt" in page
    services.contract_record_buyer_signature(contract=contract, actor=bureau_staff)
    assert Contract.objects.get(pk=contract.pk).status == "signed_by_buyer"


def test_only_a_failed_pdf_for_signing_is_made_again(accepted, bureau_staff):
    contract = _sent_unrendered(accepted, bureau_staff)
    with pytest.raises(ValidationError) as refusal:
        services.contract_retry_render(contract=contract, actor=bureau_staff)
    assert refusal.value.code == "not_failed"
    assert ContractVersion.objects.get(pk=contract.sent_version_id).attempts == 0
