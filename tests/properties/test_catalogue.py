import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from properties.models import Property, PropertyDocument, PropertyFigures, PropertyPhoto
from tests.factories import NeighbourhoodFactory, PropertyFactory, SalesRoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def homes(municipality):
    oude_haven = NeighbourhoodFactory(municipality=municipality, name="Oude Haven", slug="oh")
    bloemhof = NeighbourhoodFactory(municipality=municipality, name="Bloemhof", slug="bh")
    cheap = PropertyFactory(
        municipality=municipality,
        neighbourhood=oude_haven,
        reference="HVS-1",
        street="Kaaistraat",
        living_area_m2=60,
        figures={"purchase_price": 110000},
    )
    big = PropertyFactory(
        municipality=municipality,
        neighbourhood=bloemhof,
        reference="HVS-2",
        street="Rozenlaan",
        living_area_m2=130,
        figures={"purchase_price": 240000},
    )
    draft = PropertyFactory(
        municipality=municipality,
        neighbourhood=bloemhof,
        reference="HVS-3",
        street="Geheimstraat",
        status="draft",
    )
    return {"cheap": cheap, "big": big, "draft": draft}


def test_the_catalogue_lists_public_homes_only(client, homes):
    html = client.get(reverse("properties:property_list")).content.decode()
    assert "Kaaistraat" in html
    assert "Rozenlaan" in html
    assert "Geheimstraat" not in html
    assert "2 woningen gevonden" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"neighbourhood": "oh"}, ["HVS-1"]),
        ({"price_max": "150000"}, ["HVS-1"]),
        ({"area_min": "100"}, ["HVS-2"]),
        ({"order": "-current_figures__purchase_price"}, ["HVS-2", "HVS-1"]),
        ({"order": "current_figures__purchase_price"}, ["HVS-1", "HVS-2"]),
    ],
)
def test_filters_and_sorting(client, homes, query, expected):
    response = client.get(reverse("properties:property_list"), query)
    refs = [p.reference for p in response.context["page"].object_list]
    assert refs == expected


def test_the_round_filter_shows_the_homes_of_that_round(client, homes, municipality):
    SalesRoundFactory(municipality=municipality, slug="ronde-a", homes=[homes["big"]])
    response = client.get(reverse("properties:property_list"), {"round": "ronde-a"})
    assert [p.reference for p in response.context["page"].object_list] == ["HVS-2"]


@pytest.fixture
def sold_homes(municipality):
    """A home sold at the transfer, one renovated since, and one allocated, in an open round."""
    sold = PropertyFactory(municipality=municipality, reference="HVS-S", status="sold")
    renovated = PropertyFactory(municipality=municipality, reference="HVS-R", status="renovated")
    allocated = PropertyFactory(municipality=municipality, reference="HVS-A", status="allocated")
    SalesRoundFactory(municipality=municipality, homes=[sold, renovated, allocated])
    return {"sold": sold, "renovated": renovated, "allocated": allocated}


def test_sold_homes_show_as_results_in_the_catalogue_and_allocated_ones_as_under_completion(
    client, homes, sold_homes
):
    response = client.get(reverse("properties:property_list"))
    cards = {p.reference: p.public_status_label for p in response.context["page"].object_list}
    assert cards["HVS-S"] == "Verkocht"
    # Renovated since (aftercare accepted the completion): a result of the sale.
    assert cards["HVS-R"] == "Gerenoveerd"
    assert cards["HVS-A"] == "Verkocht onder voorbehoud"
    html = response.content.decode()
    assert html.count('status-badge status-sold">Verkocht</span>') == 1
    assert html.count('status-badge status-renovated">Gerenoveerd</span>') == 1
    assert 'status-in_round">In een verkoopronde</span>' not in html


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("sold", ["HVS-R", "HVS-S"]),
        ("allocated", ["HVS-A"]),
        ("published", ["HVS-1", "HVS-2"]),
    ],
)
def test_the_status_filter_finds_sold_homes_renovated_or_not(
    client, homes, sold_homes, status, expected
):
    response = client.get(reverse("properties:property_list"), {"status": status})
    assert sorted(p.reference for p in response.context["page"].object_list) == expected
    assert f'<option value="{status}" selected>' in response.content.decode()


def test_the_status_filter_offers_sold(client, homes):
    html = client.get(reverse("properties:property_list")).content.decode()
    assert '<option value="sold">Verkocht</option>' in html
    assert '<option value="allocated">Verkocht onder voorbehoud</option>' in html


@pytest.mark.parametrize("which", ["sold", "renovated"])
def test_a_sold_homes_page_says_so_and_offers_no_application(
    client_for, applicant, sold_homes, which
):
    home = sold_homes[which]
    html = (
        client_for(applicant)
        .get(reverse("properties:property_detail", args=[home.reference]))
        .content.decode()
    )
    assert "Deze woning is verkocht." in html
    assert reverse("applications:start", args=[home.sales_rounds.get().slug]) not in html
    assert "Inschrijven voor woningen in deze ronde" not in html


def test_an_allocated_homes_page_offers_no_application(client_for, applicant, sold_homes):
    home = sold_homes["allocated"]
    html = (
        client_for(applicant)
        .get(reverse("properties:property_detail", args=[home.reference]))
        .content.decode()
    )
    assert "de verkoop wordt afgerond" in html
    assert reverse("applications:start", args=[home.sales_rounds.get().slug]) not in html


def test_an_invalid_filter_value_is_explained_not_a_crash(client, homes):
    response = client.get(reverse("properties:property_list"), {"price_max": "veel"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors


@pytest.fixture
def thousand_homes(municipality):
    """1,000 published homes with figures, a photo each, half of them in a round (bulk)."""
    hood = NeighbourhoodFactory(municipality=municipality)
    homes = Property.objects.bulk_create(
        Property(
            municipality=municipality,
            reference=f"B-{i:04d}",
            status="published",
            street="Benchstraat",
            house_number=i + 1,
            postcode="1234 AB",
            city="Havenstad",
            neighbourhood=hood,
            cadastral_municipality="HVS01",
            cadastral_section="A",
            cadastral_parcel=i + 1,
            living_area_m2=40 + i % 100,
            year_built=1920,
            title="Woning",
            description="-",
        )
        for i in range(1000)
    )
    figures = PropertyFigures.objects.bulk_create(
        PropertyFigures(
            property=home,
            version=1,
            purchase_price=100000 + i * 100,
            minimum_renovation_budget=90000,
            budget_basis_author="De Graaf",
            budget_basis_date="2026-09-01",
            budget_own_work_share=10,
        )
        for i, home in enumerate(homes)
    )
    for home, version in zip(homes, figures, strict=True):
        home.current_figures = version
    Property.objects.bulk_update(homes, ["current_figures"])
    PropertyPhoto.objects.bulk_create(
        PropertyPhoto(property=home, image="x.jpg", alt_text="Gevel") for home in homes
    )
    SalesRoundFactory(municipality=municipality, homes=homes[:500])
    return homes


@pytest.mark.parametrize("per_page", [12, 24, 48])
@pytest.mark.parametrize(
    "query",
    [{}, {"order": "-current_figures__purchase_price", "round": ""}, {"status": "published"}],
)
def test_the_catalogue_of_1000_homes_uses_a_fixed_number_of_queries_whatever_the_page_size(
    client, thousand_homes, django_assert_num_queries, per_page, query
):
    # For an anonymous visitor: the count, the page's rows, their photos, their rounds, the
    # branding organisation, and the two choice lists of the filter form.
    with django_assert_num_queries(7):
        response = client.get(reverse("properties:property_list"), {"per_page": per_page, **query})
    assert response.context["page"].paginator.count == 1000
    assert len(response.context["page"].object_list) == per_page


def test_a_draft_is_not_found_by_the_public_or_by_another_bureau(client_for, homes, outsider):
    url = reverse("properties:property_detail", args=["HVS-3"])
    assert client_for(None).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).get(reverse("properties:round_list")).status_code == 200


def test_staff_of_the_municipality_can_preview_a_draft(client_for, homes, bureau_staff):
    response = client_for(bureau_staff).get(reverse("properties:property_detail", args=["HVS-3"]))
    assert response.status_code == 200
    assert "Voorbeeld" in response.content.decode()


def test_the_property_page_shows_the_figures_in_force_and_since_when(client, homes):
    response = client.get(reverse("properties:property_detail", args=["HVS-1"]))
    html = response.content.decode()
    assert "€\xa0110.000" in html
    assert "€\xa0200.000" in html  # financing requirement: 110,000 + 90,000
    assert "versie 1" in html
    assert "HVS01 F" in html


def test_a_documents_pdf_is_served_to_the_public_only_for_public_homes(client, homes):
    pdf = b"%PDF-1.4 demo"
    public = PropertyDocument.objects.create(
        property=homes["cheap"],
        kind="building_survey",
        title="Bouwkundig rapport",
        file=_file("a.pdf", pdf),
    )
    hidden = PropertyDocument.objects.create(
        property=homes["draft"], kind="building_survey", title="Rapport", file=_file("b.pdf", pdf)
    )
    response = client.get(reverse("properties:property_document", args=["HVS-1", public.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf
    assert (
        client.get(reverse("properties:property_document", args=["HVS-3", hidden.pk])).status_code
        == 404
    )
    # A document cannot be reached through another property's address.
    assert (
        client.get(reverse("properties:property_document", args=["HVS-1", hidden.pk])).status_code
        == 404
    )


def _file(name, content):
    return ContentFile(content, name=name)


def test_round_pages_show_rules_and_timetable(client, homes, municipality):
    sales_round = SalesRoundFactory(
        municipality=municipality,
        name="Oude Haven 2026",
        homes=[homes["cheap"]],
        extra_tickets_local=1,
        registration_fee=50,
    )
    html = client.get(reverse("properties:round_detail", args=[sales_round.slug])).content.decode()
    assert "Oude Haven 2026" in html
    assert "Open voor inschrijving" in html
    assert "Kaaistraat" in html
    assert "€\xa050,00" in html


def test_a_draft_round_is_hidden_from_the_public(client, municipality):
    sales_round = SalesRoundFactory(municipality=municipality, published_at=None)
    url = reverse("properties:round_detail", args=[sales_round.slug])
    assert client.get(url).status_code == 404
