"""The klushuur pages: the public section, the tenant's own pages, and the admin scoped to the
corporation (its staff see their own corporation's records only)."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klushuur.models import Application, Change, JobPhoto
from tests.klushuur.world import at_work, build, jpeg

pytestmark = pytest.mark.django_db


def _stub_pdf(html):
    return b"%PDF-1.7\n% stub\n"


@pytest.fixture
def world(db):
    return build()


@pytest.fixture
def working(world):
    with mock.patch("klushuis.pdf.render_pdf", _stub_pdf):
        return world, *at_work(world)


def test_the_offers_are_public_and_in_dutch(client, world):
    page = client.get(reverse("klushuur:offer_list")).content.decode()
    assert "Vogelbuurt: schilder uw gevel" in page
    detail = client.get(reverse("klushuur:offer_detail", args=[world.home_offer.slug]))
    assert "Eigen keuken plaatsen" in detail.content.decode()
    assert "45,00" in detail.content.decode()


def test_apply_with_a_choice(client_for, world):
    client = client_for(world.applicant)
    url = reverse("klushuur:apply", args=[world.home_offer.slug])
    kitchen = world.kitchen.pk
    refused = client.post(url, {f"job_{kitchen}": "on", "motivation": "Timmerman"})
    assert refused.status_code == 200
    assert "Timmerman" in refused.content.decode()  # what was typed is kept
    assert not Application.objects.exists()
    done = client.post(
        url, {f"job_{kitchen}": "on", f"choice_{kitchen}": "Keuken Eiken", "motivation": "x"}
    )
    assert done.status_code == 302
    application = Application.objects.get()
    assert application.choices == {str(kitchen): "Keuken Eiken"}


def test_only_tenants_of_the_complex_may_opt_in(client_for, world):
    url = reverse("klushuur:apply", args=[world.complex_offer.slug])
    assert client_for(world.applicant).get(url).status_code == 404
    client = client_for(world.existing_tenant)
    painting = world.painting.pk
    response = client.post(url, {f"job_{painting}": "on", f"choice_{painting}": "Grachtengroen"})
    assert response.status_code == 302
    assert Application.objects.get().home == world.complex_home


def test_a_refused_report_keeps_the_photo(client_for, working):
    world, agreement, _kitchen, _change = working
    bathroom = agreement.jobs.get(job=world.bathroom)
    client = client_for(world.applicant)
    url = reverse("klushuur:report", args=[agreement.pk, bathroom.pk])
    prefix = f"job{bathroom.pk}"
    refused = client.post(url, {f"{prefix}-photo_1": jpeg("badkamer.jpg")})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "badkamer.jpg" in page
    token = page.split(f'name="{prefix}-photo_1__held" value="')[1].split('"')[0]
    done = client.post(url, {f"{prefix}-report": "Betegeld", f"{prefix}-photo_1__held": token})
    assert done.status_code == 302
    assert JobPhoto.objects.filter(job=bathroom).count() == 1


def test_a_report_refuses_what_is_not_a_photo(client_for, working):
    world, agreement, _kitchen, _change = working
    bathroom = agreement.jobs.get(job=world.bathroom)
    prefix = f"job{bathroom.pk}"
    fake = SimpleUploadedFile("foto.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = client_for(world.applicant).post(
        reverse("klushuur:report", args=[agreement.pk, bathroom.pk]),
        {f"{prefix}-report": "Klaar", f"{prefix}-photo_1": fake},
    )
    assert response.status_code == 200
    assert not JobPhoto.objects.filter(job=bathroom).exists()


def test_the_tenant_sees_the_schedule_and_exports_it(client_for, working):
    world, agreement, _kitchen, _change = working
    client = client_for(world.applicant)
    page = client.get(reverse("klushuur:agreement", args=[agreement.pk])).content.decode()
    assert "612,50" in page
    csv = client.get(reverse("klushuur:schedule", args=[agreement.pk, "csv"]))
    assert csv["Content-Type"].startswith("text/csv")
    assert (
        client_for(world.existing_tenant)
        .get(reverse("klushuur:agreement", args=[agreement.pk]))
        .status_code
        == 404
    )


def test_a_change_request_shows_the_court_date(client_for, world):
    client = client_for(world.existing_tenant)
    url = reverse("klushuur:home", args=[world.complex_home.pk])
    response = client.post(
        url, {"description": "Dakraam", "location": "outside", "easy_to_undo": ""}
    )
    assert response.status_code == 302
    change = Change.objects.get()
    assert change.status == "requested"
    assert "Dakraam" in client.get(url).content.decode()


def test_staff_see_only_their_corporation(client_for, working):
    world, agreement, _kitchen, _change = working
    own = client_for(world.staff)
    changelist = own.get(reverse("admin:klushuur_offer_changelist")).content.decode()
    assert world.home_offer.title in changelist
    page = own.get(reverse("admin:klushuur_agreement_change", args=[agreement.pk]))
    assert page.status_code == 200
    assert "Eigen keuken plaatsen" in page.content.decode()


def test_staff_of_another_corporation_see_nothing(client, client_for, working):
    world, agreement, kitchen, _change = working
    other = client_for(world.other_staff)
    assert (
        world.home_offer.title
        not in other.get(reverse("admin:klushuur_offer_changelist")).content.decode()
    )
    assert other.get(reverse("admin:klushuur_agreement_change", args=[agreement.pk])).url == (
        reverse("admin:index")
    )
    refused = other.post(
        reverse("admin:klushuur_agreement_act", args=[agreement.pk, "accept"]),
        {"job": kitchen.pk, "remarks": ""},
    )
    assert refused.status_code == 404
    kitchen.refresh_from_db()
    assert kitchen.status == "reported"


def test_staff_inspect_in_the_admin(client_for, working):
    world, agreement, kitchen, change = working
    own = client_for(world.staff)
    own.post(
        reverse("admin:klushuur_agreement_act", args=[agreement.pk, "accept"]),
        {"job": kitchen.pk, "remarks": "Netjes"},
    )
    kitchen.refresh_from_db()
    assert kitchen.status == "accepted"
    own.post(
        reverse("admin:klushuur_change_act", args=[change.pk, "answer"]),
        {"consent": "0", "reasons": "Past niet bij het complex."},
    )
    change.refresh_from_db()
    assert change.status == "refused"


def test_staff_export_the_rent_schedules_of_their_agreements(client_for, working):
    world, agreement, _kitchen, _change = working
    response = client_for(world.staff).post(
        reverse("admin:klushuur_agreement_changelist"),
        {"action": "export_schedules_csv", "_selected_action": [agreement.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert body.startswith("huurovereenkomst;adres;postcode;maand;kale_huur")
    assert "Merelstraat 12" in body
    page = client_for(world.staff).get(
        reverse("admin:klushuur_application_change", args=[agreement.application_id])
    )
    assert "Langste" in page.content.decode() or "Eerste in volgorde" in page.content.decode()


def test_staff_add_a_job_and_an_offer_in_the_admin(client_for, world):
    client = client_for(world.staff)
    response = client.post(
        reverse("admin:klushuur_job_add"),
        {
            "corporation": world.corporation.pk,
            "name": "Spouwmuurisolatie",
            "kind": "insulation",
            "location": "outside",
            "weeks_to_complete": "6",
            "consent_needed": "on",
            "materials_supplied": "on",
            "quality_requirements": "Volgens de instructie van de leverancier.",
            "compensation_kind": "rent_freeze",
            "compensation_amount": "0",
            "compensation_months": "0",
        },
    )
    assert response.status_code == 200  # a freeze needs months
    assert "onvolledig" in response.content.decode() or "incomplete" in response.content.decode()
    job_data = {
        "corporation": world.corporation.pk,
        "name": "Spouwmuurisolatie",
        "kind": "insulation",
        "location": "outside",
        "weeks_to_complete": "6",
        "consent_needed": "on",
        "materials_supplied": "on",
        "quality_requirements": "Volgens de instructie van de leverancier.",
        "compensation_kind": "rent_freeze",
        "compensation_amount": "0",
        "compensation_months": "24",
    }
    assert client.post(reverse("admin:klushuur_job_add"), job_data).status_code == 302
    job = world.corporation.klushuur_jobs.get(name="Spouwmuurisolatie")
    offer_data = {
        "corporation": world.corporation.pk,
        "title": "Lijsterlaan: isoleren",
        "slug": "lijsterlaan-isoleren",
        "complex": world.complex.pk,
        "description": "Isoleer uw spouwmuur.",
        "conditions": "Met materiaal van de corporatie.",
        "jobs": [job.pk],
    }
    assert client.post(reverse("admin:klushuur_offer_add"), offer_data).status_code == 302
    # Another corporation's complex is not offered.
    refused = client_for(world.other_staff).post(
        reverse("admin:klushuur_offer_add"), {**offer_data, "slug": "x"}
    )
    assert refused.status_code in (200, 403)
    assert not world.other_corporation.klushuur_offers.exists()


def test_register_interest(client_for, world):
    client = client_for(world.applicant)
    url = reverse("klushuur:interest")
    data = {
        "corporation": world.corporation.pk,
        "job_kinds": ["kitchen", "outside_painting"],
        "skills": "Schilder van beroep",
        "available_time": "Zaterdagen",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "available_time": "Vakantie"}).status_code == 302
    interest = world.applicant.klushuur_interests.get()
    assert interest.available_time == "Vakantie"
    assert interest.job_kinds == ["kitchen", "outside_painting"]
