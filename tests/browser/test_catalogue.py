import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from properties.models import PropertyDocument, PropertyPhoto
from tests.browser.conftest import axe_violations
from tests.factories import (
    NeighbourhoodFactory,
    OrganisationFactory,
    PropertyFactory,
    SalesRoundFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _jpeg(colour):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="photo.jpg")


@pytest.fixture
def catalogue():
    municipality = OrganisationFactory(name="Gemeente Havenstad", slug="havenstad")
    oude_haven = NeighbourhoodFactory(municipality=municipality, name="Oude Haven", slug="oh")
    bloemhof = NeighbourhoodFactory(municipality=municipality, name="Bloemhof", slug="bh")
    homes = [
        PropertyFactory(
            municipality=municipality,
            neighbourhood=oude_haven,
            reference="HVS-1",
            street="Kaaistraat",
            house_number=3,
            title="Hoekwoning met tuin",
            figures={"purchase_price": 125000},
        ),
        PropertyFactory(
            municipality=municipality,
            neighbourhood=bloemhof,
            reference="HVS-2",
            street="Rozenlaan",
            house_number=8,
            living_area_m2=120,
            figures={"purchase_price": 210000},
        ),
    ]
    for home, colour in zip(homes, [(160, 82, 45), (120, 120, 110)], strict=True):
        PropertyPhoto.objects.create(
            property=home, image=_jpeg(colour), alt_text=f"Voorgevel van {home.address}"
        )
    PropertyDocument.objects.create(
        property=homes[0],
        kind="building_survey",
        title="Bouwkundig rapport",
        file=ContentFile(b"%PDF-1.4\n%%EOF", name="r.pdf"),
        size=14,
    )
    SalesRoundFactory(municipality=municipality, name="Oude Haven 2026", homes=[homes[0]])
    return homes


def test_a_visitor_browses_filters_and_opens_a_property(live_server, page, catalogue, screenshot):
    page.goto(f"{live_server.url}/aanbod/")
    assert page.get_by_role("heading", level=1).inner_text() == "Woningen te koop"
    assert page.locator("#result-count").inner_text() == "2 woningen gevonden"
    assert axe_violations(page) == []
    screenshot("catalogue")

    page.get_by_label("Wijk").select_option(label="Oude Haven")
    page.get_by_role("button", name="Toon woningen").click()
    page.wait_for_load_state()
    assert page.locator("#result-count").inner_text() == "1 woning gevonden"
    assert page.get_by_label("Wijk").input_value() == "oh"  # the filter is kept

    page.get_by_role("link", name="Kaaistraat 3").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Kaaistraat 3"
    assert "€\xa0125.000" in page.locator(".key-figures").inner_text()
    assert page.get_by_role("img", name="Voorgevel van Kaaistraat 3").is_visible()
    assert page.get_by_role("link", name="Bouwkundig rapport").is_visible()
    assert "Oude Haven 2026" in page.locator(".apply-box").inner_text()
    assert axe_violations(page) == []
    screenshot("property")
    assert page.console_errors == []


def test_the_round_page_is_accessible_in_english(live_server, page, catalogue, screenshot):
    page.goto(f"{live_server.url}/verkooprondes/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Oude Haven 2026").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Who can apply").is_visible()
    assert axe_violations(page) == []
    screenshot("round-en")


TRUNCATED_FIGURES = """() => {
  const cut = [];
  for (const card of document.querySelectorAll('.property-card')) {
    const body = card.querySelector('.card-body').getBoundingClientRect();
    for (const part of card.querySelectorAll('.property-card__facts > div > *')) {
      const box = part.getBoundingClientRect();
      if (part.scrollWidth > part.clientWidth + 1 || box.right > body.right + 0.5
          || box.left < body.left - 0.5) {
        cut.push(part.textContent.trim());
      }
    }
  }
  return cut;
}"""


@pytest.mark.parametrize("width", [1280, 1440, 992, 390])
def test_no_figure_on_a_catalogue_card_is_cut_off(live_server, page, catalogue, screenshot, width):
    """Three cards a row beside the filters at desktop width: long prices ("€ 1.250.000 vrij
    op naam") and areas must wrap, not disappear past the card's edge."""
    PropertyFactory(
        municipality=catalogue[0].municipality,
        neighbourhood=catalogue[0].neighbourhood,
        reference="HVS-3",
        street="Van Oldenbarneveltstraat",
        house_number=112,
        living_area_m2=1250,
        figures={
            "purchase_price": 1250000,
            "price_condition": "von",
            "minimum_renovation_budget": 985000,
        },
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/aanbod/")
    assert page.locator(".property-card").count() == 3
    assert page.locator(".property-card__facts dt", has_text="Woonoppervlak").count() == 3
    assert page.evaluate(TRUNCATED_FIGURES) == []
    screenshot(f"catalogue-{width}")
