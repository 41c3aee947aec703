"""Staff work in the admin: properties with photos and documents, figures, rounds."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter

from properties import services
from properties.models import Property, PropertyFigures, SalesRound
from tests.factories import NeighbourhoodFactory, PropertyFactory, SalesRoundFactory

pytestmark = pytest.mark.django_db


def _pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


MINIMAL_PDF = _pdf()


def jpeg(size=(800, 600)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (150, 80, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.fixture
def form_data(municipality):
    hood = NeighbourhoodFactory(municipality=municipality, name="Oude Haven")
    return {
        "municipality": municipality.pk,
        "reference": "HVS-2026-100",
        "title": "Hoekwoning met tuin",
        "street": "Kaaistraat",
        "house_number": "12",
        "house_letter": "a",
        "house_number_addition": "",
        "postcode": "3011ab",
        "city": "Havenstad",
        "neighbourhood": hood.pk,
        "cadastral_municipality": "hvs01",
        "cadastral_section": "f",
        "cadastral_parcel": "1234",
        "cadastral_apartment_index": "",
        "plot_area_m2": "110",
        "living_area_m2": "85",
        "year_built": "1912",
        "tenure": "ownership",
        "leasehold_terms": "",
        "energy_label": "G",
        "description": "Dak lekt, kozijnen rot.",
        "purchase_price": "150000",
        "price_condition": "kk",
        "valuation": "210000",
        "minimum_renovation_budget": "95000",
        "budget_basis_author": "De Graaf",
        "budget_basis_date": "2026-09-01",
        "budget_own_work_share": "20",
        "budget_basis_notes": "",
        "figures_reason": "",
        **inline_management("photos"),
        **inline_management("documents"),
        **inline_management("figures"),
        **inline_management("history"),
    }


def test_staff_create_a_property_with_a_photo_and_a_document(
    client_for, municipal_staff, form_data, committed
):
    data = {
        **form_data,
        **inline_management("photos", 1),
        **inline_management("documents", 1),
        "photos-0-image": SimpleUploadedFile("voorgevel.jpg", jpeg(), "image/jpeg"),
        "photos-0-alt_text": "Voorgevel met dichtgetimmerde ramen",
        "photos-0-position": "0",
        "documents-0-kind": "building_survey",
        "documents-0-title": "Bouwkundig rapport",
        "documents-0-file": SimpleUploadedFile("rapport.pdf", MINIMAL_PDF, "application/pdf"),
    }
    with committed():
        response = client_for(municipal_staff).post(reverse("admin:properties_property_add"), data)
    assert response.status_code == 302, [
        f.formset.errors for f in response.context["inline_admin_formsets"]
    ] + [response.context["adminform"].form.errors]
    prop = Property.objects.get(reference="HVS-2026-100")
    assert prop.postcode == "3011 AB"
    assert prop.cadastral_designation == "HVS01 F 1234"
    assert prop.address == "Kaaistraat 12A"
    assert prop.current_figures.purchase_price == 150000
    assert prop.current_figures.created_by == municipal_staff
    photo = prop.photos.get()
    # The uploader's file name is never used for storage; the thumbnail is made by a task.
    assert "voorgevel" not in photo.image.name
    assert photo.thumbnail
    assert (photo.width, photo.height) == (800, 600)
    document = prop.documents.get()
    assert document.size == document.file.size
    assert "rapport" not in document.file.name


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"postcode": "0123 AB"}, "postcode", "Nederlandse postcode"),
        ({"cadastral_municipality": "RTD1X"}, "cadastral_municipality", "Kadaster"),
        ({"tenure": "leasehold"}, "leasehold_terms", "erfpacht"),
    ],
)
def test_bad_input_gets_a_clear_error_and_keeps_the_rest(
    client_for, municipal_staff, form_data, changes, field, message
):
    response = client_for(municipal_staff).post(
        reverse("admin:properties_property_add"), {**form_data, **changes}
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert field in form.errors
    assert message.lower() in " ".join(form.errors[field]).lower()
    assert 'value="Hoekwoning met tuin"' in response.content.decode()
    assert not Property.objects.exists()


def test_a_pdf_that_is_not_a_pdf_is_refused(client_for, municipal_staff, form_data):
    data = {
        **form_data,
        **inline_management("documents", 1),
        "documents-0-kind": "building_survey",
        "documents-0-title": "Rapport",
        "documents-0-file": SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 not a pdf"),
    }
    response = client_for(municipal_staff).post(reverse("admin:properties_property_add"), data)
    assert response.status_code == 200
    assert "geen PDF" in response.content.decode()
    assert not Property.objects.exists()


def test_a_photo_that_is_a_renamed_pdf_is_refused(client_for, municipal_staff, form_data):
    data = {
        **form_data,
        **inline_management("photos", 1),
        "photos-0-image": SimpleUploadedFile("gevel.jpg", MINIMAL_PDF, "image/jpeg"),
        "photos-0-alt_text": "Gevel",
        "photos-0-position": "0",
    }
    response = client_for(municipal_staff).post(reverse("admin:properties_property_add"), data)
    assert response.status_code == 200
    assert not Property.objects.exists()


def test_changing_public_figures_needs_a_reason_and_keeps_the_old_version(
    client_for, municipal_staff, municipality, form_data
):
    prop = PropertyFactory(municipality=municipality, reference="HVS-2026-100")
    url = reverse("admin:properties_property_change", args=[prop.pk])
    data = {**form_data, "neighbourhood": prop.neighbourhood_id, "purchase_price": "135000"}
    client = client_for(municipal_staff)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "figures_reason" in response.context["adminform"].form.errors
    assert prop.figures.count() == 1

    response = client.post(url, {**data, "figures_reason": "Nieuwe taxatie"})
    assert response.status_code == 302
    versions = list(PropertyFigures.objects.filter(property=prop).order_by("version"))
    assert [v.purchase_price for v in versions] == [150000, 135000]
    assert versions[1].reason == "Nieuwe taxatie"
    prop.refresh_from_db()
    assert prop.current_figures == versions[1]


def test_a_bureau_sees_the_properties_of_its_municipalities_only(
    client_for, bureau_staff, municipality, other_municipality
):
    PropertyFactory(municipality=municipality, reference="EIGEN-1")
    PropertyFactory(municipality=other_municipality, reference="ANDER-1")
    html = client_for(bureau_staff).get(reverse("admin:properties_property_changelist"))
    content = html.content.decode()
    assert "EIGEN-1" in content
    assert "ANDER-1" not in content


def test_the_auditor_can_view_but_not_change_properties(client_for, auditor, municipality):
    PropertyFactory(municipality=municipality)
    client = client_for(auditor)
    assert client.get(reverse("admin:properties_property_changelist")).status_code == 200
    assert client.get(reverse("admin:properties_property_add")).status_code == 403


def round_data(municipality, **changes):
    opens = timezone.localtime() + timedelta(days=3)
    data = {
        "name": "Oude Haven 2027",
        "slug": "oude-haven-2027",
        "municipality": municipality.pk,
        "bureau": "",
        "introduction": "",
        "opens_at_0": opens.strftime("%Y-%m-%d"),
        "opens_at_1": "09:00:00",
        "closes_at_0": (opens + timedelta(days=21)).strftime("%Y-%m-%d"),
        "closes_at_1": "12:00:00",
        "information_meeting_at_0": "",
        "information_meeting_at_1": "",
        "information_meeting_place": "",
        "registration_fee": "0",
        "minimum_age": "18",
        "one_application_per_household": "on",
        "financing_must_cover_budget": "on",
        "max_preferences": "3",
        "selection_method": "lottery",
        "extra_tickets_local": "0",
        "lottery_value_description": "Drie getallen, door de notaris getrokken",
        "lottery_value_format": "three_numbers",
        "offer_response_days": "10",
        "assessment_min_score": "5.5",
        "renovation_start_months": "6",
        "renovation_completion_months": "24",
        "self_occupancy_years": "2",
        "anti_speculation": "profit_share",
        "anti_speculation_years": "5",
        "anti_speculation_percentage": "50",
        "anti_speculation_amount": "",
        "penalty_amount": "50000",
        "penalty_percentage": "",
        "penalty_daily_amount": "",
        "penalty_cap": "",
        **inline_management("roundproperty_set"),
        **inline_management("viewing_days"),
        **inline_management("assessment_criteria"),
    }
    data.update(changes)
    return data


def test_a_window_that_closes_before_it_opens_is_refused_and_the_form_kept(
    client_for, bureau_staff, municipality
):
    data = round_data(municipality)
    data["closes_at_0"] = data["opens_at_0"]
    data["closes_at_1"] = "08:00:00"
    response = client_for(bureau_staff).post(reverse("admin:properties_salesround_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "closes_at" in errors
    assert 'value="Oude Haven 2027"' in response.content.decode()
    assert not SalesRound.objects.exists()


def test_staff_preview_and_publish_a_round(client_for, bureau_staff, municipality):
    prop = PropertyFactory(municipality=municipality)
    client = client_for(bureau_staff)
    data = round_data(municipality, **inline_management("roundproperty_set", 1))
    data["roundproperty_set-0-property"] = prop.pk
    response = client.post(reverse("admin:properties_salesround_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    sales_round = SalesRound.objects.get()
    preview = client.get(reverse("properties:round_detail", args=[sales_round.slug]))
    assert preview.status_code == 200
    assert (
        Client().get(reverse("properties:round_detail", args=[sales_round.slug])).status_code == 404
    )

    client.post(reverse("admin:properties_salesround_publish", args=[sales_round.pk]))
    sales_round.refresh_from_db()
    prop.refresh_from_db()
    assert sales_round.published_at is not None
    assert sales_round.published_by == bureau_staff
    assert prop.status == "in_round"
    assert prop.history.last().to_status == "in_round"
    assert prop.history.last().actor == bureau_staff


def test_a_round_without_homes_cannot_be_published(client_for, bureau_staff, municipality):
    sales_round = SalesRoundFactory(municipality=municipality, published_at=None)
    client_for(bureau_staff).post(
        reverse("admin:properties_salesround_publish", args=[sales_round.pk])
    )
    sales_round.refresh_from_db()
    assert sales_round.published_at is None


def test_once_the_window_opens_the_rules_cannot_change(client_for, bureau_staff, municipality):
    prop = PropertyFactory(municipality=municipality)
    sales_round = SalesRoundFactory(municipality=municipality, homes=[prop], max_preferences=3)
    url = reverse("admin:properties_salesround_change", args=[sales_round.pk])
    client = client_for(bureau_staff)
    data = round_data(municipality, name="Nieuwe naam", max_preferences="9")
    client.post(url, data)
    sales_round.refresh_from_db()
    assert sales_round.max_preferences == 3
    assert sales_round.closes_at > timezone.now()


def test_a_bureau_cannot_run_a_round_for_a_municipality_without_its_mandate(
    client_for, superuser, municipality, other_bureau
):
    data = round_data(municipality, bureau=other_bureau.pk)
    response = client_for(superuser).post(reverse("admin:properties_salesround_add"), data)
    assert response.status_code == 200
    assert "bureau" in response.context["adminform"].form.errors


def test_a_maximum_penalty_below_the_penalty_is_refused_in_dutch(
    client_for, superuser, municipality
):
    data = round_data(
        municipality, penalty_amount="50000", penalty_daily_amount="50", penalty_cap="25000"
    )
    response = client_for(superuser).post(reverse("admin:properties_salesround_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["penalty_cap"] == ["Het maximum van de boete kan niet lager zijn dan de boete."]


def test_a_round_with_an_incomplete_clause_is_not_published(client_for, bureau_staff, municipality):
    sales_round = SalesRoundFactory(
        municipality=municipality,
        published_at=None,
        homes=[PropertyFactory()],
        anti_speculation="profit_share",
        anti_speculation_percentage=None,
    )
    response = client_for(bureau_staff).post(
        reverse("admin:properties_salesround_publish", args=[sales_round.pk]), follow=True
    )
    sales_round.refresh_from_db()
    assert sales_round.published_at is None
    assert "aandeel in de winst" in response.content.decode()


def test_staff_read_the_figures_and_status_history_of_a_property(
    client_for, bureau_staff, municipality
):
    prop = PropertyFactory(municipality=municipality, status="draft")
    services.property_transition(property=prop, to="published", actor=bureau_staff)
    html = (
        client_for(bureau_staff)
        .get(reverse("admin:properties_property_change", args=[prop.pk]))
        .content.decode()
    )
    assert "Bouwkundig adviesbureau De Graaf" in html  # the figures version's author
    assert "Gepubliceerd" in html  # the status history row


def test_a_round_assessed_by_plan_needs_its_criteria_before_publication(
    client_for, bureau_staff, municipality
):
    prop = PropertyFactory(municipality=municipality)
    client = client_for(bureau_staff)
    data = round_data(
        municipality,
        selection_method="plan_assessment",
        **inline_management("roundproperty_set", 1),
    )
    data["roundproperty_set-0-property"] = prop.pk
    assert client.post(reverse("admin:properties_salesround_add"), data).status_code == 302
    sales_round = SalesRound.objects.get()
    change = reverse("admin:properties_salesround_change", args=[sales_round.pk])
    assert "minstens één criterium" in client.get(change).content.decode()
    data = round_data(
        municipality,
        selection_method="plan_assessment",
        **inline_management("roundproperty_set", 1, initial=1),
        **inline_management("assessment_criteria", 1),
    )
    data["roundproperty_set-0-id"] = sales_round.roundproperty_set.get().pk
    data["roundproperty_set-0-sales_round"] = sales_round.pk
    data["roundproperty_set-0-property"] = prop.pk
    data.update(
        {
            "assessment_criteria-0-name": "Kwaliteit",
            "assessment_criteria-0-weight": "2",
            "assessment_criteria-0-max_score": "10",
            "assessment_criteria-0-order": "0",
            "assessment_criteria-0-description": "",
        }
    )
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert sales_round.assessment_criteria.get().weight == 2
    assert "minstens één criterium" not in client.get(change).content.decode()


def test_a_rounds_notaries_are_chosen_only_among_notaries(
    client_for, bureau_staff, municipality, notary_here, applicant, juror
):
    sales_round = SalesRoundFactory(municipality=municipality, published_at=None)
    url = reverse("admin:properties_salesround_change", args=[sales_round.pk])
    client = client_for(bureau_staff)
    offered = client.get(url).context["adminform"].form.fields["notaries"].queryset
    assert list(offered) == [notary_here]
    # Someone without the notary role, sent by hand, is refused with the form's message.
    data = round_data(municipality, slug=sales_round.slug, notaries=[applicant.pk, juror.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "notaries" in response.context["adminform"].form.errors
    assert not sales_round.notaries.exists()
    response = client.post(url, round_data(municipality, notaries=[notary_here.pk]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(sales_round.notaries.all()) == [notary_here]
