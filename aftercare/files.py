"""Evidence files: checked by content, then stored in a safe form.

Photos (JPEG, PNG or HEIC from a phone) are decoded and written again as JPEG from their
pixels only, turned upright first: no EXIF, no GPS location, no maker notes survive.
Certificates and invoices may be a PDF (kept sanitised, as every uploaded PDF) or a photo of
the paper (then converted like a photo).
"""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from klushuis.uploads import HEIC, JPEG, PDF, PNG, prepare_pdf, safe_name, validate_upload

PHOTO_TYPES = {JPEG, PNG, HEIC}
DOCUMENT_TYPES = {PDF, *PHOTO_TYPES}
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
# Large enough to judge the work, small enough for thousands of homes.
MAX_PHOTO_SIDE = 2560


def photo_as_jpeg(upload) -> bytes:
    """The photo's pixels as a JPEG, without any metadata."""
    upload.seek(0)
    with Image.open(upload) as source:
        image = ImageOps.exif_transpose(source)
        image = image.convert("RGB")
        image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
        # A new image from the pixels alone: nothing of the original's info travels along.
        clean = Image.new("RGB", image.size)
        clean.paste(image)
    buffer = io.BytesIO()
    clean.save(buffer, "JPEG", quality=85, optimize=True)
    upload.seek(0)
    return buffer.getvalue()


def evidence_file(upload, *, photo: bool) -> ContentFile:
    """Check `upload` (refused with ValidationError) and give the file to store."""
    mime = validate_upload(
        upload, allowed=PHOTO_TYPES if photo else DOCUMENT_TYPES, max_bytes=MAX_EVIDENCE_BYTES
    )
    if mime == PDF:
        # The sanitised copy is what is kept and served (no scripts, actions or metadata).
        return ContentFile(prepare_pdf(upload).sanitised, name=_name(PDF))
    return ContentFile(photo_as_jpeg(upload), name=_name(JPEG))


def _name(mime: str) -> str:
    return safe_name("e", "", mime).removeprefix("e/")


# What a buyer may send with an exemption request (issue #16): a scan or a photo of a paper.
EXEMPTION_DOCUMENT_TYPES = {PDF, JPEG, PNG}
MAX_EXEMPTION_DOCUMENT_BYTES = 10 * 1024 * 1024


def exemption_document_file(upload) -> ContentFile:
    """Check a document sent with an exemption request (refused with ValidationError) and
    give the file to store: a PDF sanitised, an image as a JPEG without metadata."""
    mime = validate_upload(
        upload, allowed=EXEMPTION_DOCUMENT_TYPES, max_bytes=MAX_EXEMPTION_DOCUMENT_BYTES
    )
    if mime == PDF:
        return ContentFile(prepare_pdf(upload).sanitised, name=_name(PDF))
    return ContentFile(photo_as_jpeg(upload), name=_name(JPEG))
