"""A refused save of a home in the admin keeps the photos and documents that passed their
checks (issue 11, issue 21 item 19): held for that staff member and page, shown as uploaded
but not yet saved, and stored by the corrected save without choosing them again."""

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation

from klushuis.uploads.models import HeldUpload
from properties.models import Property
from tests.factories import PropertyFactory
from tests.html_forms import form_values
from tests.properties.test_admin import MINIMAL_PDF, form_data, inline_management, jpeg  # noqa: F401
from tests.uploads.pdfs import hidden_content, hostile_pdf

pytestmark = pytest.mark.django_db

HELD = "Geüpload, nog niet opgeslagen:"


@pytest.fixture
def home(municipality):
    return PropertyFactory(municipality=municipality, reference="HVS-2026-019")


def with_new_files(data, **changes):
    """The page as a browser sends it, with a new photo and a new document chosen."""
    return {
        **data,
        "photos-TOTAL_FORMS": ["1"],
        "photos-0-image": SimpleUploadedFile("voorgevel.jpg", jpeg(), "image/jpeg"),
        "photos-0-alt_text": ["Voorgevel met erker"],
        "photos-0-position": ["0"],
        "documents-TOTAL_FORMS": ["1"],
        "documents-0-kind": ["building_survey"],
        "documents-0-title": ["Bouwkundig rapport"],
        "documents-0-file": SimpleUploadedFile("rapport.pdf", hostile_pdf(), "application/pdf"),
        **changes,
    }


def error_beside(html, field_id, text):
    """Django's admin puts a field's errors in the same row or cell as its input."""
    match = re.search(
        rf'<ul class="errorlist"[^>]*>((?:(?!</ul>).)*)</ul>(?:(?!<ul class="errorlist).)*'
        rf'id="{re.escape(field_id)}"',
        html,
        re.S,
    )
    return bool(match) and text in match.group(1)


def test_a_refused_save_keeps_the_photo_and_document_and_the_corrected_save_stores_them(
    client_for, municipal_staff, home, committed
):
    client = client_for(municipal_staff)
    url = reverse("admin:properties_property_change", args=[home.pk])
    page = form_values(client.get(url).content.decode(), "property_form")

    refused = client.post(url, with_new_files(page, title=[""]))

    assert refused.status_code == 200
    html = refused.content.decode()
    assert error_beside(html, "id_title", "Dit veld is verplicht.")
    assert html.count(HELD) == 2
    assert ">voorgevel.jpg</a>" in html
    assert ">rapport.pdf</a>" in html
    assert "kies ze opnieuw" not in html
    # The size column is for stored documents: a held one is not stored yet.
    assert re.search(r'class="field-stored_size">\s*<p>-</p>', html)
    assert not home.photos.exists()
    assert not home.documents.exists()
    held = {h.original_name: h for h in HeldUpload.objects.filter(user=municipal_staff)}
    assert set(held) == {"voorgevel.jpg", "rapport.pdf"}
    # Shown with its size, and viewable by the one who uploaded it.
    with translation.override("nl"):
        size = filesizeformat(held["voorgevel.jpg"].size)
    assert f">voorgevel.jpg</a> ({size})" in html
    link = reverse("uploads:held", args=[held["rapport.pdf"].token])
    assert f'href="{link}"' in html
    assert b"".join(client.get(link).streaming_content) == hostile_pdf()

    corrected = form_values(html, "property_form")  # no file chosen again: only the tokens
    corrected["title"] = ["Hoekwoning met tuin"]
    assert corrected["photos-0-image__held"] == [held["voorgevel.jpg"].token]
    with committed():
        saved = client.post(url, corrected)

    assert saved.status_code == 302
    photo = home.photos.get()
    assert photo.alt_text == "Voorgevel met erker"
    assert "voorgevel" not in photo.image.name  # stored under a generated name
    assert photo.image.read() == jpeg()
    assert photo.thumbnail  # made after the save, as for a photo chosen directly
    document = home.documents.get()
    # Exactly as a direct upload: the sanitised copy served, the original kept with its hash.
    assert document.file_original.read() == hostile_pdf()
    assert document.file_sha256 == hashlib.sha256(hostile_pdf()).hexdigest()
    served = document.file.read()
    assert served.startswith(b"%PDF")
    assert hidden_content(served) == []
    assert document.size == len(served)
    assert "rapport" not in document.file.name
    assert not HeldUpload.objects.exists()
    for each in held.values():
        assert not each.file.storage.exists(each.file.name)


def test_another_staff_member_cannot_use_the_held_files(
    client_for, municipal_staff, bureau_staff, home
):
    client = client_for(municipal_staff)
    url = reverse("admin:properties_property_change", args=[home.pk])
    page = form_values(client.get(url).content.decode(), "property_form")
    html = client.post(url, with_new_files(page, title=[""])).content.decode()
    corrected = form_values(html, "property_form")
    corrected["title"] = ["Hoekwoning met tuin"]
    tokens = [corrected["photos-0-image__held"][0], corrected["documents-0-file__held"][0]]

    other = client_for(bureau_staff)  # may change this home too
    response = other.post(url, corrected)

    assert response.status_code == 200
    html = response.content.decode()
    assert error_beside(html, "id_photos-0-image", "Dit veld is verplicht.")
    assert error_beside(html, "id_documents-0-file", "Dit veld is verplicht.")
    assert HELD not in html
    assert not home.photos.exists()
    assert not home.documents.exists()
    for token in tokens:
        assert other.get(reverse("uploads:held", args=[token])).status_code == 404


def test_a_refused_file_says_so_beside_it_and_the_good_one_is_held(
    client_for, municipal_staff, home
):
    client = client_for(municipal_staff)
    url = reverse("admin:properties_property_change", args=[home.pk])
    page = form_values(client.get(url).content.decode(), "property_form")
    renamed_pdf = SimpleUploadedFile("gevel.jpg", MINIMAL_PDF, "image/jpeg")

    response = client.post(url, with_new_files(page, **{"photos-0-image": renamed_pdf}))

    assert response.status_code == 200
    html = response.content.decode()
    assert error_beside(html, "id_photos-0-image", "geen of een beschadigde afbeelding")
    assert html.count(HELD) == 1
    assert ">rapport.pdf</a>" in html
    assert [h.original_name for h in HeldUpload.objects.all()] == ["rapport.pdf"]


def test_a_new_home_refused_keeps_its_photo_for_the_corrected_save(
    client_for,
    municipal_staff,
    form_data,  # noqa: F811
    committed,
):
    client = client_for(municipal_staff)
    url = reverse("admin:properties_property_add")
    data = {
        **form_data,
        **inline_management("photos", 1),
        "photos-0-image": SimpleUploadedFile("achtergevel.png", jpeg(), "image/jpeg"),
        "photos-0-alt_text": "Achtergevel",
        "photos-0-position": "0",
        "postcode": "0123 AB",  # refused
    }
    html = client.post(url, data).content.decode()
    assert HELD in html
    assert ">achtergevel.png</a>" in html

    corrected = form_values(html, "property_form")
    corrected["postcode"] = ["3011 AB"]
    with committed():
        response = client.post(url, corrected)

    assert response.status_code == 302
    assert Property.objects.get(reference="HVS-2026-100").photos.get().image.read() == jpeg()
    assert not HeldUpload.objects.exists()


def test_a_held_photo_follows_its_row_when_a_row_above_is_removed(
    client_for, municipal_staff, home, committed
):
    client = client_for(municipal_staff)
    url = reverse("admin:properties_property_change", args=[home.pk])
    page = form_values(client.get(url).content.decode(), "property_form")
    data = {
        **page,
        "title": [""],  # refused
        "photos-TOTAL_FORMS": ["2"],  # row 0 left empty, the photo in row 1
        "photos-1-image": SimpleUploadedFile("tuin.jpg", jpeg(), "image/jpeg"),
        "photos-1-alt_text": ["Tuin"],
        "photos-1-position": ["1"],
    }
    html = client.post(url, data).content.decode()
    token = form_values(html, "property_form")["photos-1-image__held"][0]

    # The admin's script renumbers the rows when the empty row is removed: row 1 becomes 0.
    corrected = {
        **page,
        "photos-TOTAL_FORMS": ["1"],
        "photos-0-image__held": [token],
        "photos-0-alt_text": ["Tuin"],
        "photos-0-position": ["1"],
    }
    with committed():
        response = client.post(url, corrected)

    assert response.status_code == 302
    assert home.photos.get().alt_text == "Tuin"
