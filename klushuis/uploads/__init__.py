"""Uploaded files: checks by content (`checks`), and whatever else every app's uploads share.

The apps import from here, not from the modules inside, so the package can grow without
touching them.
"""

from klushuis.uploads.checks import (
    EXTENSIONS,
    HEIC,
    JPEG,
    LABELS,
    PDF,
    PNG,
    WEBP,
    detect_type,
    safe_name,
    validate_upload,
)
from klushuis.uploads.sanitize import pdf_store, prepare_pdf, sanitize_pdf

__all__ = [
    "EXTENSIONS",
    "HEIC",
    "JPEG",
    "LABELS",
    "PDF",
    "PNG",
    "WEBP",
    "detect_type",
    "pdf_store",
    "prepare_pdf",
    "safe_name",
    "sanitize_pdf",
    "validate_upload",
]
