"""The sales round form asks staff only what fits the round, in words they use."""

import re

import pytest
from django.urls import reverse

from properties.models import SalesRound
from tests.factories import PropertyFactory, SalesRoundFactory
from tests.html_forms import form_values
from tests.properties.test_admin import round_data

pytestmark = pytest.mark.django_db


def _page(client, sales_round=None):
    url = (
        reverse("admin:properties_salesround_change", args=[sales_round.pk])
        if sales_round
        else reverse("admin:properties_salesround_add")
    )
    return client.get(url).content.decode()


def _hidden(html, marker):
    found = re.search(r'<(?:fieldset|div)[^>]*class="[^"]*assessment-only[^"]*"[^>]*>', html)
    assert found, f"no {marker} part on the page"
    return "hidden" in found.group(0)


def test_a_lottery_round_hides_jury_criteria_and_minimum_score(
    client_for, bureau_staff, municipality
):
    lottery = SalesRoundFactory(municipality=municipality, published_at=None)
    html = _page(client_for(bureau_staff), lottery)
    assert _hidden(html, "assessment")
    assert "js/admin-round.js" in html  # switches them on when the method changes
    for part in re.findall(r'<[^>]*class="[^"]*assessment-only[^"]*"', html):
        assert "hidden" in part


def test_a_round_assessed_by_plan_shows_them(client_for, bureau_staff, municipality):
    assessed = SalesRoundFactory(
        municipality=municipality, published_at=None, selection_method="plan_assessment"
    )
    html = _page(client_for(bureau_staff), assessed)
    assert not _hidden(html, "assessment")


def test_staff_choose_the_lottery_value_in_words_not_a_regular_expression(
    client_for, bureau_staff, municipality
):
    client = client_for(bureau_staff)
    html = _page(client)
    assert 'name="lottery_value_pattern"' not in html
    assert "Vier getallen van 1 tot en met 99" in html
    response = client.post(
        reverse("admin:properties_salesround_add"),
        round_data(municipality, lottery_value_format="four_numbers"),
    )
    assert response.status_code == 302
    pattern = SalesRound.objects.get().lottery_value_pattern
    assert re.fullmatch(pattern, "4-17-23-8")
    assert not re.fullmatch(pattern, "4-17-23")


def test_the_address_is_filled_from_the_name_and_the_time_boxes_are_named(client_for, bureau_staff):
    html = _page(client_for(bureau_staff))
    assert "django-admin-prepopulated-fields-constants" in html
    assert '"dependency_ids": ["#id_name"]' in html or "#id_name" in html
    assert 'aria-label="Inschrijving opent: datum"' in html
    assert 'aria-label="Inschrijving opent: tijd"' in html


def test_the_home_picker_offers_only_free_homes_with_their_status(
    client_for, bureau_staff, municipality
):
    free = PropertyFactory(municipality=municipality, street="Vrijstraat")
    draft = PropertyFactory(municipality=municipality, street="Conceptlaan", status="draft")
    taken = PropertyFactory(municipality=municipality, street="Bezetstraat", status="in_round")
    html = _page(client_for(bureau_staff))
    assert f"{free} · Gepubliceerd" in html
    assert str(draft) not in html
    assert str(taken) not in html


def test_right_after_publishing_the_next_steps_are_not_shown_as_errors(
    client_for, bureau_staff, municipality
):
    home = PropertyFactory(municipality=municipality)
    published = SalesRoundFactory(municipality=municipality, homes=[home])
    html = _page(client_for(bureau_staff), published)
    steps = html[html.index('id="lottery-steps"') :]
    steps = steps[: steps.index("</div>")]
    assert "errorlist" not in steps


def test_municipal_staff_save_an_open_round_untouched_and_its_bureau_and_homes_stay(
    client_for, municipal_staff, municipality, bureau
):
    homes = [PropertyFactory(municipality=municipality, status="in_round") for _ in range(2)]
    open_round = SalesRoundFactory(municipality=municipality, bureau=bureau, homes=homes)
    client = client_for(municipal_staff)
    url = reverse("admin:properties_salesround_change", args=[open_round.pk])
    page = client.get(url).content.decode()

    response = client.post(url, form_values(page, "salesround_form"))

    assert response.status_code == 302, response.content.decode()[:500]
    open_round.refresh_from_db()
    assert open_round.bureau == bureau
    assert set(open_round.properties.all()) == set(homes)
