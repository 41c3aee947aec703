"""The home's own pages in the admin, as staff read and save them (in Dutch)."""

import pytest
from django.urls import reverse

from tests.factories import PropertyFactory
from tests.html_forms import form_values

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
