"""The signed copy is served sanitised and kept as received (issue 12, row 13)."""

import hashlib

from django.urls import reverse
from django.utils import timezone

from contracts import services
from tests.uploads.pdfs import hidden_content, hostile_pdf, hostile_upload


def test_the_signed_copy_is_served_sanitised_and_kept_byte_for_byte(
    accepted, bureau_staff, client_for
):
    services.contract_send(contract=accepted, actor=bureau_staff)
    accepted.refresh_from_db()
    services.contract_render(accepted.sent_version_id)  # the task, after commit
    services.contract_record_buyer_signature(contract=accepted, actor=bureau_staff)
    services.contract_record_seller_signature(
        contract=accepted,
        actor=bureau_staff,
        signed_copy=hostile_upload("getekend.pdf"),
        handed_over_at=timezone.now(),
    )
    accepted.refresh_from_db()
    assert accepted.signed_copy_original.open("rb").read() == hostile_pdf()
    assert accepted.signed_copy_sha256 == hashlib.sha256(hostile_pdf()).hexdigest()
    response = client_for(bureau_staff).get(
        reverse("admin:contracts_contract_signed_pdf", args=[accepted.pk])
    )
    served = b"".join(response.streaming_content)
    assert served.startswith(b"%PDF")
    assert hidden_content(served) == []
