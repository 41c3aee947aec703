"""The privacy statement (issue 17) is generated per municipality from the registry of personal
data and that municipality's retention settings: what the page says is what the code does."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from klushuis.privacy import registry, rules
from klushuis.privacy.models import RetentionPolicy

pytestmark = pytest.mark.django_db


def _retention_cells(html):
    return re.findall(r'<dd class="col-sm-9 mb-0 retention">(.*?)</dd>', html, re.S)


def test_every_category_of_personal_data_is_on_the_page(client):
    html = client.get(reverse("privacy")).content.decode()
    for category in registry.categories():
        assert f'id="category-{category.key}"' in html, category.key
    assert {"unsuccessful_applications", "draft_applications", "contract_files", "accounts"} <= {
        c.key for c in registry.categories()
    }


def test_the_retention_figures_on_a_municipalitys_page_are_its_settings(client, municipality):
    policy = RetentionPolicy.objects.create(
        organisation=municipality,
        unsuccessful_months=7,
        objection_weeks=5,
        draft_inactive_months=9,
        access_log_months=31,
        contract_years_after_release=27,
    )
    client.cookies["django_language"] = "en"
    html = client.get(reverse("privacy_municipality", args=[municipality.slug])).content.decode()
    cells = _retention_cells(html)
    retention = policy.as_rules()
    for category in registry.categories():
        with translation.override("en"):
            expected = escape(str(category.retention_text(retention)))
        assert expected in cells, category.key
        # Each setting the category reads is on the page with the municipality's figure.
        for name in category.retention_fields:
            assert str(getattr(policy, name)) in expected, (category.key, name)
    assert "7 months" in html
    assert "5 weeks" in html
    assert "27 years" in html


def test_the_general_page_shows_the_defaults_and_links_each_municipality(client, municipality):
    RetentionPolicy.objects.create(organisation=municipality, unsuccessful_months=7)
    html = client.get(reverse("privacy")).content.decode()
    cells = _retention_cells(html)
    unsuccessful = registry.category("unsuccessful_applications")
    assert escape(str(unsuccessful.retention_text(rules.DEFAULTS))) in cells
    assert reverse("privacy_municipality", args=[municipality.slug]) in html


def test_a_slug_that_is_no_municipality_is_not_found(client, bureau):
    assert client.get(reverse("privacy_municipality", args=[bureau.slug])).status_code == 404
