"""The buyer's other forms keep what was typed and show the error beside its field (issue 11)."""

import re

import pytest
from django.urls import reverse

from tests.factories import SalesRoundFactory

pytestmark = pytest.mark.django_db


def error_beside(html: str, field_id: str, text: str) -> bool:
    match = re.search(rf'id="error_1_{re.escape(field_id)}"[^>]*>(.*?)</p>', html, re.S)
    return bool(match) and text in match.group(1)


def test_the_round_alert_sign_up_keeps_a_mistyped_address(client):
    response = client.post(reverse("properties:alert_subscribe"), {"email": "anna@voorbeeld"})
    assert response.status_code == 200
    html = response.content.decode()
    assert error_beside(html, "id_email", "geldig e-mailadres")
    assert 'value="anna@voorbeeld"' in html


def test_registration_keeps_name_and_address_when_the_passwords_differ(client):
    response = client.post(
        reverse("accounts:register") + "?next=/verkooprondes/",
        {
            "full_name": "Anna de Vries",
            "email": "anna@example.test",
            "password1": "renoveren-in-2026!",
            "password2": "iets-anders-2026!",
            "next": "/verkooprondes/",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert error_beside(html, "id_password2", "niet hetzelfde")
    assert 'value="Anna de Vries"' in html
    assert 'value="anna@example.test"' in html
    assert 'name="next" value="/verkooprondes/"' in html


def test_the_round_page_sends_a_new_buyer_to_registration_with_the_way_back(client, municipality):
    sales_round = SalesRoundFactory(municipality=municipality, slug="oude-haven")
    html = client.get(reverse("properties:round_detail", args=[sales_round.slug])).content.decode()
    assert f'href="{reverse("accounts:register")}?next=/verkooprondes/oude-haven/"' in html
