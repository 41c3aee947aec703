"""A refused dates or dissolve form on the contract's admin page is answered with the page
(status 200), its errors beside the fields and what was typed kept (issue 11)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contracts import services

pytestmark = pytest.mark.django_db


def fieldset(html, title):
    """The step's fieldset with this title, where its form's inputs and errors are shown."""
    match = re.search(rf"<h3>{title}</h3>(.*?)</fieldset>", html, re.S)
    assert match, f"no fieldset {title!r}"
    return match.group(1)


def test_refused_dates_are_shown_beside_their_field_with_everything_typed_kept(
    accepted, bureau_staff, client_for
):
    contract = accepted
    versions = contract.versions.count()
    url = reverse("admin:contracts_contract_act", args=[contract.pk, "dates"])

    response = client_for(bureau_staff).post(
        url,
        {
            "transfer_date": "2027-02-31",
            "notary": "Notariskantoor Zee, Havenstad",
        },
    )

    assert response.status_code == 200
    dates = fieldset(response.content.decode(), "Datums")
    assert 'class="errorlist' in dates
    assert "Voer een geldige datum in." in dates
    assert 'value="2027-02-31"' in dates
    assert 'value="Notariskantoor Zee, Havenstad"' in dates
    assert 'form="act-dates"' in dates  # the kept inputs still belong to the dates' button
    contract.refresh_from_db()
    assert contract.notary != "Notariskantoor Zee, Havenstad"
    assert contract.versions.count() == versions


def test_a_dissolution_without_reason_is_refused_beside_the_reason(
    accepted, bureau_staff, client_for
):
    url = reverse("admin:contracts_contract_act", args=[accepted.pk, "dissolve"])

    response = client_for(bureau_staff).post(url, {"reason": "   "})

    assert response.status_code == 200
    dissolve = fieldset(response.content.decode(), "Ontbinden")
    assert "Geef de reden voor de ontbinding." in dissolve
    assert 'class="errorlist' in dissolve
    accepted.refresh_from_db()
    assert accepted.status == "draft"


def test_a_dissolution_the_service_refuses_says_why_at_the_top_and_keeps_the_reason(
    accepted, bureau_staff, client_for, monkeypatch
):
    def refuse(**kwargs):
        raise ValidationError("De koper is al bij de notaris geweest.")

    monkeypatch.setattr(services, "contract_dissolve_by_staff", refuse)
    url = reverse("admin:contracts_contract_act", args=[accepted.pk, "dissolve"])

    response = client_for(bureau_staff).post(
        url, {"reason": "Financiering afgewezen", "kind": "financing_condition"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'class="messagelist".*De koper is al bij de notaris geweest\.', html, re.S)
    assert "Financiering afgewezen</textarea>" in fieldset(html, "Ontbinden")
    accepted.refresh_from_db()
    assert accepted.status == "draft"
