"""What staff may change about their own organisation (issue 12, row 14)."""

from django.urls import reverse

from klushuis.organisations.models import Organisation


def _data(organisation, **changes):
    return {
        "name": organisation.name,
        "slug": organisation.slug,
        "kind": organisation.kind,
        "primary_colour": "#1f4e79",
        "website": "",
        "email": "",
        "phone": "",
        "mandates_held-TOTAL_FORMS": "0",
        "mandates_held-INITIAL_FORMS": "0",
        "mandates_held-MIN_NUM_FORMS": "0",
        "mandates_held-MAX_NUM_FORMS": "1000",
        **changes,
    }


def test_municipal_staff_cannot_change_their_organisations_kind_or_slug(
    client_for, municipal_staff, municipality
):
    url = reverse("admin:organisations_organisation_change", args=[municipality.pk])
    data = _data(
        municipality,
        name="Gemeente Havenstad (nieuw)",
        slug="gekaapt",
        kind=Organisation.Kind.ADVISORY_BUREAU,
    )
    response = client_for(municipal_staff).post(url, data)
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.name == "Gemeente Havenstad (nieuw)"  # the rest is theirs to change
    assert municipality.slug == "havenstad"
    assert municipality.kind == Organisation.Kind.MUNICIPALITY


def test_a_platform_administrator_changes_kind_and_slug(client_for, superuser, municipality):
    url = reverse("admin:organisations_organisation_change", args=[municipality.pk])
    response = client_for(superuser).post(url, _data(municipality, slug="havenstad-nieuw"))
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.slug == "havenstad-nieuw"
