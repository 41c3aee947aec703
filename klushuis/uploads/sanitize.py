"""Uploaded PDFs: the original kept byte for byte, a sanitised copy for everyone who views it.

A PDF can carry JavaScript, actions that run when it is opened (/OpenAction, /AA), files
embedded in it, XFA forms and metadata (the author's name, the software, sometimes a path).
Staff, jurors and buyers open uploads from strangers, so what they are served is a copy with
all of that removed (`sanitize_pdf`). The original stays in private storage with its SHA-256,
because a signed statement or certificate must remain verifiable as it was received
(`pdf_store`). A PDF that cannot be rewritten is refused with a message that says what to do.

pikepdf (qpdf) rewrites the file from its object graph, so objects that only the removed keys
referred to (the script streams, the embedded files) are not written at all.
"""

import hashlib
import io
from dataclasses import dataclass

import pikepdf
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

# Keys removed from every dictionary in the file: scripts, automatic actions, embedded files,
# XFA forms and XMP metadata, wherever they hang (catalog, pages, annotations, form fields).
REMOVED_KEYS = {
    "/JS",
    "/JavaScript",
    "/OpenAction",
    "/AA",
    "/EmbeddedFiles",
    "/EmbeddedFile",
    "/XFA",
    "/Metadata",
    "/RichMedia",
    "/3D",
}
# Actions a click may still start: moving within the document and opening a web address.
# Everything else (/Launch, /JavaScript, /SubmitForm, /ImportData, /GoToE, /GoToR...) goes.
KEPT_ACTIONS = {"/GoTo", "/URI"}
# Annotations that exist only to carry something removed above.
REMOVED_ANNOTATIONS = {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}

CANNOT_SANITISE = _(
    "This PDF cannot be checked for hidden content, so it cannot be accepted. Print it to a "
    "new PDF (“Save as PDF” or “Microsoft Print to PDF”) and upload that."
)


@dataclass(frozen=True)
class CleanPdf:
    original: bytes
    sha256: str  # of the original
    sanitised: bytes


def _is_unsafe_action(value) -> bool:
    # /A is also a structure element's attributes (tagged PDF), which have no /S: kept.
    return (
        isinstance(value, pikepdf.Dictionary) and "/S" in value and str(value.S) not in KEPT_ACTIONS
    )


def _clean_dictionary(dictionary) -> None:
    for key in list(dictionary.keys()):
        if key in REMOVED_KEYS:
            del dictionary[key]
    if _is_unsafe_action(dictionary.get("/A")):
        del dictionary["/A"]
    if "/S" in dictionary and "/Next" in dictionary:
        del dictionary["/Next"]  # an action's chained actions (outline items' /Next stays)
    annotations = dictionary.get("/Annots")
    if isinstance(annotations, pikepdf.Array):
        kept = [
            annotation
            for annotation in annotations
            if not (
                isinstance(annotation, pikepdf.Dictionary)
                and str(annotation.get("/Subtype", "")) in REMOVED_ANNOTATIONS
            )
        ]
        if len(kept) != len(annotations):
            dictionary["/Annots"] = pikepdf.Array(kept)


def _nested(obj):
    """`obj` (a dictionary or array) and the dictionaries written inside it directly; indirect
    ones are reached on their own from `pdf.objects`."""
    if isinstance(obj, pikepdf.Dictionary):
        yield obj
        children = list(obj.values())
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return
    for child in children:
        if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect:
            yield from _nested(child)


def _dictionaries(pdf):
    """Every dictionary in the file, the trailer's too, direct or indirect."""
    yield from _nested(pdf.trailer)
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            yield from _nested(obj.stream_dict)
        elif isinstance(obj, pikepdf.Dictionary | pikepdf.Array):
            yield from _nested(obj)


def _leftovers(pdf) -> list[str]:
    """What a sanitised file must not contain; checked again after it was written."""
    found = []
    for dictionary in _dictionaries(pdf):
        found += sorted(REMOVED_KEYS.intersection(dictionary.keys()))
        if _is_unsafe_action(dictionary.get("/A")):
            found.append(str(dictionary.A.S))
    if pdf.trailer.get("/Info") is not None:
        found.append("/Info")
    return found


def sanitize_pdf(data: bytes) -> bytes:
    """A copy of the PDF without scripts, actions, embedded files, XFA or metadata. Raises
    ValidationError when the file cannot be read or rewritten."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for dictionary in list(_dictionaries(pdf)):
                _clean_dictionary(dictionary)
            names = pdf.Root.get("/Names")
            if isinstance(names, pikepdf.Dictionary):
                _clean_dictionary(names)
            if "/Info" in pdf.trailer:
                del pdf.trailer["/Info"]
            out = io.BytesIO()
            # No new metadata either (qpdf would otherwise write its own producer).
            pdf.save(out, fix_metadata_version=False, deterministic_id=True)
        sanitised = out.getvalue()
        with pikepdf.open(io.BytesIO(sanitised)) as check:
            if _leftovers(check) or len(check.pages) == 0:
                raise ValidationError(CANNOT_SANITISE, code="unsanitisable")
    except (pikepdf.PdfError, pikepdf.PasswordError, ValueError, RuntimeError) as error:
        raise ValidationError(CANNOT_SANITISE, code="unsanitisable") from error
    return sanitised


def prepare_pdf(upload) -> CleanPdf:
    """Read and sanitise an uploaded PDF once; the result travels with the upload from the
    form that checked it to the service that stores it."""
    prepared = getattr(upload, "_klushuis_clean_pdf", None)
    if prepared is None:
        upload.seek(0)
        original = upload.read()
        upload.seek(0)
        prepared = CleanPdf(
            original=original,
            sha256=hashlib.sha256(original).hexdigest(),
            sanitised=sanitize_pdf(original),
        )
        upload._klushuis_clean_pdf = prepared
    return prepared


def pdf_store(instance, field: str, upload, name: str) -> None:
    """Put an uploaded PDF on `instance` (not saved): the sanitised copy in `field`, the
    original byte for byte in `<field>_original` and its SHA-256 in `<field>_sha256`.
    Raises ValidationError for a PDF that cannot be sanitised."""
    prepared = prepare_pdf(upload)
    getattr(instance, field).save(name, ContentFile(prepared.sanitised), save=False)
    getattr(instance, f"{field}_original").save(name, ContentFile(prepared.original), save=False)
    setattr(instance, f"{field}_sha256", prepared.sha256)
