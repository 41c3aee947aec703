"""Uploaded PDFs are served sanitised; the original stays byte for byte (issue 12, row 13)."""

import hashlib
import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError

from klushuis.uploads.sanitize import prepare_pdf, sanitize_pdf
from tests.uploads.pdfs import hidden_content, hostile_pdf, hostile_upload


def test_the_hostile_test_pdf_carries_everything_the_sanitiser_removes():
    # Otherwise the tests below could not fail.
    assert len(hidden_content(hostile_pdf())) >= 10


def test_the_sanitised_copy_has_no_script_action_attachment_form_or_metadata():
    clean = sanitize_pdf(hostile_pdf())
    assert hidden_content(clean) == []
    with pikepdf.open(io.BytesIO(clean)) as pdf:
        assert len(pdf.pages) == 1
        links = [a for a in pdf.pages[0].obj.Annots if "/A" in a]
        assert [str(a.A.URI) for a in links] == ["https://example.nl/"]  # a plain link stays


def test_the_original_is_kept_byte_for_byte_with_its_hash():
    upload = hostile_upload()
    original = hostile_pdf()
    prepared = prepare_pdf(upload)
    assert prepared.original == original
    assert prepared.sha256 == hashlib.sha256(original).hexdigest()
    assert upload.read() == original  # the upload is left readable from the start


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + b"\x00" * 200,  # a header and nothing a reader could open
        hostile_pdf()[: len(hostile_pdf()) // 3],  # cut off
    ],
)
def test_a_pdf_that_cannot_be_sanitised_is_refused_with_a_clear_message(data):
    with pytest.raises(ValidationError) as refused:
        sanitize_pdf(data)
    assert refused.value.code == "unsanitisable"
    assert "PDF" in refused.value.messages[0]
