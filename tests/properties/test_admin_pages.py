"""The home's own pages in the admin, as staff read and save them (in Dutch)."""

import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from properties.models import PropertyPhoto
from tests.factories import PropertyFactory
from tests.html_forms import form_values
from tests.properties.test_admin import MINIMAL_PDF, jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(municipality):
    return PropertyFactory(municipality=municipality, reference="HVS-2026-019")


def test_the_estimate_date_is_shown_and_a_home_saves_untouched(client_for, municipal_staff, home):
    client = client_for(municipal_staff)
    url = reverse("admin:properties_property_change", args=[home.pk])
    page = client.get(url).content.decode()
    estimated = home.current_figures.budget_basis_date
    assert f'value="{estimated.isoformat()}"' in page

    response = client.post(url, form_values(page, "property_form"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    home.refresh_from_db()
    assert home.current_figures.budget_basis_date == estimated
    assert home.figures.count() == 1  # nothing changed, so no new version


@pytest.fixture
def draft(municipality):
    return PropertyFactory(municipality=municipality, status="draft")


def test_staff_publish_a_home_from_its_own_page(client_for, municipal_staff, draft):
    client = client_for(municipal_staff)
    page = client.get(reverse("admin:properties_property_change", args=[draft.pk])).content
    publish = reverse("admin:properties_property_status", args=[draft.pk, "published"])
    assert publish in page.decode()

    response = client.post(publish, follow=True)

    draft.refresh_from_db()
    assert draft.status == "published"
    assert "De woning staat nu in de catalogus." in response.content.decode()
    assert draft.history.get().actor == municipal_staff


def test_the_status_buttons_need_a_post_and_the_change_permission(
    client_for, municipal_staff, auditor, draft
):
    publish = reverse("admin:properties_property_status", args=[draft.pk, "published"])
    assert client_for(municipal_staff).get(publish).status_code == 405
    assert client_for(auditor).post(publish).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_list_action_counts_homes_in_words(client_for, municipal_staff, draft, municipality):
    other = PropertyFactory(municipality=municipality, status="draft")
    client = client_for(municipal_staff)
    url = reverse("admin:properties_property_changelist")
    one = client.post(
        url, {"action": "make_published", "_selected_action": [draft.pk]}, follow=True
    )
    assert "1 woning gewijzigd." in one.content.decode()
    client.post(url, {"action": "make_draft", "_selected_action": [draft.pk]})
    two = client.post(
        url, {"action": "make_published", "_selected_action": [draft.pk, other.pk]}, follow=True
    )
    assert "2 woningen gewijzigd." in two.content.decode()


def test_documents_and_photos_are_named_not_shown_as_storage_paths(
    client_for, municipal_staff, home
):
    document = home.documents.create(
        kind="building_survey",
        title="Bouwkundig rapport",
        file=SimpleUploadedFile("x.pdf", MINIMAL_PDF, "application/pdf"),
        size=len(MINIMAL_PDF),
    )
    html = client_for(municipal_staff).get(
        reverse("admin:properties_property_change", args=[home.pk])
    )
    html = html.content.decode()
    assert ">Bouwkundig rapport.pdf</a>" in html
    assert f">{document.file.name}</a>" not in html


def test_the_documents_upload_moment_is_short_enough_for_its_column(
    client_for, municipal_staff, home
):
    home.documents.create(
        kind="building_survey",
        title="Bouwkundig rapport",
        file=SimpleUploadedFile("x.pdf", MINIMAL_PDF, "application/pdf"),
        size=len(MINIMAL_PDF),
        uploaded_at=datetime(2026, 12, 1, 10, 5, tzinfo=UTC),
    )
    html = client_for(municipal_staff).get(
        reverse("admin:properties_property_change", args=[home.pk])
    )
    html = html.content.decode()
    cells = [
        cell.strip()
        for cell in re.findall(r'<td class="field-uploaded">\s*<p>(.*?)</p>', html, re.S)
    ]
    # Amsterdam time, in few characters; the template row for a new document has no moment.
    assert cells == ["1-12-2026 11:05", "-"]
    assert "Geüpload op" in html
    css = (settings.BASE_DIR / "static" / "css" / "admin.css").read_text()
    assert "#documents-group td.field-title input { width: 14em; }" in css


def test_a_home_in_a_sales_round_is_not_moved_by_hand(client_for, municipal_staff, municipality):
    home = PropertyFactory(municipality=municipality, status="in_round")
    status = home.status
    response = client_for(municipal_staff).post(
        reverse("admin:properties_property_status", args=[home.pk, "draft"]), follow=True
    )
    home.refresh_from_db()
    assert home.status == status
    assert "Deze woning gaat mee met haar verkoopronde" in response.content.decode()


def test_a_homes_page_opens_with_a_photo_whose_size_is_unknown(client_for, municipal_staff, home):
    PropertyPhoto.objects.create(
        property=home, image=SimpleUploadedFile("p.jpg", jpeg()), alt_text="Gevel"
    )
    url = reverse("admin:properties_property_change", args=[home.pk])
    page = client_for(municipal_staff).get(url)
    assert page.status_code == 200
    assert "Foto" in page.content.decode()


def test_a_homes_amounts_are_shown_as_staff_type_them(client_for, municipal_staff, home):
    figures = home.current_figures
    url = reverse("admin:properties_property_change", args=[home.pk])
    page = client_for(municipal_staff).get(url).content.decode()
    price = int(figures.purchase_price)
    assert f'name="purchase_price" value="{price}"' in page
    assert f'name="minimum_renovation_budget" value="{int(figures.minimum_renovation_budget)}"' in (
        page
    )
    assert f'value="{figures.purchase_price:.2f}"' not in page
