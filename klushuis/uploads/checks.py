"""Checks for uploaded files: the type is read from the content, never from the name.

Used by the forms of every app that accepts files. A file named plan.pdf that is really an
executable, or a PDF that no reader can open, is refused with a message that says why.
"""

import uuid
from pathlib import PurePosixPath

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from pillow_heif import register_heif_opener
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from klushuis.uploads.sanitize import prepare_pdf

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
# Photos from a phone (iPhone): decoded by pillow-heif, accepted only where a form says so and
# stored converted (aftercare's evidence is kept as JPEG without metadata).
HEIC = "image/heic"

EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", WEBP: "webp", HEIC: "heic"}
LABELS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG", WEBP: "WebP", HEIC: "HEIC"}

# Pillow opens HEIC/HEIF once this is registered (the check below and the conversion).
register_heif_opener()


def detect_type(upload) -> str | None:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def _check_pdf(upload) -> None:
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is protected with a password. Upload it without protection."),
                code="encrypted",
            )
        if len(reader.pages) == 0:
            raise ValidationError(_("This PDF has no pages."), code="empty")
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ValidationError(
            _("This file says it is a PDF but cannot be read. Save it again as PDF and retry."),
            code="damaged",
        ) from error
    finally:
        upload.seek(0)


def _check_image(upload) -> None:
    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("This image cannot be read. Save it again as JPEG or PNG and retry."),
            code="damaged",
        ) from error
    finally:
        upload.seek(0)


def validate_upload(upload, *, allowed: set[str], max_bytes: int) -> str:
    """Check type (by content) and size; return the detected MIME type."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; the maximum is %(max)s."),
            params={"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("This file is empty."), code="empty")
    mime = detect_type(upload)
    if mime not in allowed:
        raise ValidationError(
            _("This file is not a %(types)s file (whatever its name says)."),
            params={"types": _(" or ").join(sorted(LABELS[m] for m in allowed))},
            code="wrong_type",
        )
    if mime == PDF:
        _check_pdf(upload)
        # Refused here, with the form's other input kept, when it cannot be made safe to show.
        prepare_pdf(upload)
    else:
        _check_image(upload)
    return mime


def safe_name(prefix: str, filename: str, mime: str | None = None) -> str:
    """A storage name that never uses the uploader's file name (only a known extension)."""
    extension = EXTENSIONS.get(mime) if mime else None
    if extension is None:
        suffix = PurePosixPath(filename).suffix.lower().lstrip(".")
        extension = suffix if suffix in EXTENSIONS.values() else "bin"
    return f"{prefix}/{uuid.uuid4().hex}.{extension}"
