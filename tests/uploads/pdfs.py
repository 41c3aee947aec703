"""PDFs with hidden content, for the sanitiser's tests."""

import functools
import io

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile

SCRIPT = b"app.alert('hallo');"


@functools.cache  # the same bytes each time (the ID and XMP dates would differ)
def hostile_pdf() -> bytes:
    """One page with JavaScript on opening, a page action, a JavaScript link, an embedded file,
    an XFA form, XMP metadata and an author in the document information."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    script = pdf.make_stream(SCRIPT)
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=script)
    page.obj.AA = pikepdf.Dictionary(
        O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.beep(0);"))
    )
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=[0, 0, 100, 100],
        A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe")),
    )
    web = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=[0, 100, 100, 200],
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.nl/")),
    )
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([link, web]))
    pdf.attachments["geheim.txt"] = pikepdf.AttachedFileSpec(pdf, b"verborgen inhoud")
    pdf.Root.Names.JavaScript = pikepdf.Dictionary(
        Names=pikepdf.Array(
            [
                pikepdf.String("x"),
                pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1);")),
            ]
        )
    )
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=pdf.make_stream(b"<xdp/>"))
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = ["Anna de Vries"]
    pdf.docinfo["/Author"] = "Anna de Vries"
    pdf.docinfo["/Producer"] = "Geheime Scanner 1.0"
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def hostile_upload(name="verklaring.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, hostile_pdf(), content_type="application/pdf")


def hidden_content(data: bytes) -> list[str]:
    """What of the hostile PDF's hidden content is still in `data`."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if pdf.trailer.get("/Info") is not None and len(pdf.docinfo):
            found.append("document information")
        if "/Metadata" in pdf.Root:
            found.append("XMP metadata")
        if "/OpenAction" in pdf.Root:
            found.append("OpenAction")
        if "/AA" in pdf.pages[0].obj:
            found.append("page action")
        if len(pdf.attachments):
            found.append("embedded file")
        if "/AcroForm" in pdf.Root and "/XFA" in pdf.Root.AcroForm:
            found.append("XFA")
    for marker in (
        SCRIPT,
        b"app.beep",
        b"app.alert",
        b"cmd.exe",
        b"verborgen inhoud",
        b"Anna de Vries",
        b"Geheime Scanner",
        b"/JavaScript",
        b"/Launch",
    ):
        if marker in data:
            found.append(marker.decode())
    return found
