"""Published property documents are sanitised; the original is kept privately (issue 12,
row 13)."""

import hashlib

from django.urls import reverse

from properties.models import Property
from tests.properties.test_admin import form_data, inline_management  # noqa: F401
from tests.uploads.pdfs import hidden_content, hostile_pdf, hostile_upload


def test_a_document_is_published_sanitised_and_its_original_kept_privately(
    client,
    client_for,
    municipal_staff,
    form_data,  # noqa: F811 - the fixture imported above
    settings,
):
    data = {
        **form_data,
        **inline_management("documents", 1),
        "documents-0-kind": "building_survey",
        "documents-0-title": "Bouwkundig rapport",
        "documents-0-file": hostile_upload("rapport.pdf"),
    }
    staff = client_for(municipal_staff)
    response = staff.post(reverse("admin:properties_property_add"), data)
    assert response.status_code == 302
    document = Property.objects.get(reference="HVS-2026-100").documents.get()
    assert document.file_original.open("rb").read() == hostile_pdf()
    assert document.file_sha256 == hashlib.sha256(hostile_pdf()).hexdigest()
    assert str(settings.MEDIA_ROOT) not in document.file_original.path  # private

    # Staff see a draft property's documents as the public will once it is published.
    public = staff.get(
        reverse("properties:property_document", args=[document.property.reference, document.pk])
    )
    assert public.status_code == 200
    served = b"".join(public.streaming_content)
    assert hidden_content(served) == []
    assert document.size == len(served)
