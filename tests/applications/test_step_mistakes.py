"""A buyer's ordinary mistakes on every step: the page comes back (200) with the error beside
its field, everything typed still there, and an uploaded file held, so that posting the
corrected form without the file saves it (issue 11)."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import Application, RenovationPlan
from klushuis.uploads.forms import HeldUploadsMixin, held_uploads_form
from klushuis.uploads.models import HeldUpload
from tests.applications.conftest import pdf_upload

pytestmark = pytest.mark.django_db


def error_beside(html: str, field_id: str, text: str) -> bool:
    """The error is rendered with the field (crispy's invalid-feedback under the input)."""
    match = re.search(rf'id="error_1_{re.escape(field_id)}"[^>]*>(.*?)</', html, re.S)
    return bool(match) and text in match.group(1)


def held_token(html: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}__held" value="([^"]+)"', html)
    assert match, f"no held upload for {name}"
    return match.group(1)


@pytest.fixture
def application(applicant, open_round):
    return services.application_start(user=applicant, sales_round=open_round)


@pytest.fixture
def post(client_for, applicant, application):
    client = client_for(applicant)

    def post(step, data):
        return client.post(reverse("applications:step", args=[application.reference, step]), data)

    return post


def recent(days=5):
    return (timezone.localdate() - timedelta(days=days)).isoformat()


FINANCING = {
    "max_mortgage": "250000",
    "own_funds": "20000",
    "financing_provider": "De Bank",
}


def test_step_1_a_birth_date_in_the_future_keeps_the_names(post):
    response = post(
        1,
        {
            "main-given_names": "Anna",
            "main-surname": "de Vries",
            "main-date_of_birth": "2999-01-01",
            "main-email": "anna@example.test",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert error_beside(html, "id_main-date_of_birth", "toekomst")
    assert 'href="#id_main-date_of_birth"' in html  # the summary at the top links to it
    assert 'value="de Vries"' in html
    assert 'value="anna@example.test"' in html


def test_step_2_shows_only_real_answers_and_keeps_the_counts_on_a_mistake(post, application):
    response = post(2, {"adults": "2", "children": "3", "leaves_social_rental": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "---------" not in html
    assert 'value="" checked' not in html
    assert error_beside(html, "id_current_housing", "verplicht")
    assert 'value="2"' in html
    assert 'value="3"' in html


def test_step_3_a_gap_in_the_choices_keeps_the_choices(post, homes):
    response = post(3, {"choice_1": str(homes[0].pk), "choice_3": str(homes[1].pk)})
    assert response.status_code == 200
    html = response.content.decode()
    assert error_beside(html, "id_choice_3", "zonder lege plekken")
    assert f'<option value="{homes[1].pk}" selected>' in html


def test_step_4_a_mistake_without_an_upload_keeps_the_figures(post):
    response = post(4, {**FINANCING, "financing_date": "2999-01-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert error_beside(html, "id_financing_date", "toekomst")
    assert error_beside(html, "id_financing_statement", "verplicht")
    assert 'value="250000"' in html
    assert 'value="De Bank"' in html


def test_step_4_an_upload_is_held_when_another_field_is_refused_and_used_afterwards(
    post, application
):
    response = post(
        4,
        {
            **FINANCING,
            "financing_date": recent(400),
            "financing_statement": pdf_upload("mijn-verklaring.pdf"),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert error_beside(html, "id_financing_date", "zes maanden")
    # Not claimed as saved: held, by its own name, viewable, and the field is not refused.
    assert "Opgeslagen verklaring" not in html
    assert "Geüpload, nog niet opgeslagen" in html
    assert "mijn-verklaring.pdf" in html
    assert not error_beside(html, "id_financing_statement", "verplicht")
    token = held_token(html, "financing_statement")
    application.refresh_from_db()
    assert not application.financing_statement

    response = post(
        4, {**FINANCING, "financing_date": recent(), "financing_statement__held": token}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.financing_statement
    assert application.financing_statement.read().startswith(b"%PDF")
    assert not HeldUpload.objects.exists()


def test_step_4_shows_saved_amounts_as_they_were_typed(post, client_for, applicant, application):
    Application.objects.filter(pk=application.pk).update(
        max_mortgage=Decimal("250000.00"), own_funds=Decimal("12500.50")
    )
    url = reverse("applications:step", args=[application.reference, 4])
    html = client_for(applicant).get(url).content.decode()
    assert 'name="max_mortgage" value="250000"' in html
    assert 'name="own_funds" value="12500.50"' in html  # cents stay


def test_step_4_a_file_that_is_not_a_pdf_is_refused_beside_its_field(post):
    not_a_pdf = SimpleUploadedFile("v.pdf", b"GIF89a....")
    response = post(4, {**FINANCING, "financing_date": recent(), "financing_statement": not_a_pdf})
    assert response.status_code == 200
    html = response.content.decode()
    assert error_beside(html, "id_financing_statement", "geen PDF")
    assert not HeldUpload.objects.exists()


@pytest.fixture
def with_homes(application, homes):
    services.application_save_preferences(application=application, properties=homes[:2])
    return list(application.preferences.all())


def plan_data(preferences, changes=None):
    plan = {
        "description": "Dak en gevel herstellen",
        "budget_structure": "30000",
        "budget_envelope": "30000",
        "budget_installations": "20000",
        "budget_sustainability": "10000",
        "budget_interior": "5000",
        "budget_other": "0",
        "planned_start": "2027-03-01",
        "planned_completion": "2028-01-01",
        "own_work_share": "25",
        "contractor": "",
    }
    data = {}
    for pref in preferences:
        values = {**plan, **(changes or {}).get(pref.pk, {})}
        data.update({f"plan-{pref.pk}-{k}": v for k, v in values.items()})
    return data


def test_step_5_a_budget_below_the_minimum_after_an_upload_keeps_everything(post, with_homes):
    first, second = with_homes
    data = plan_data(with_homes, {first.pk: {"budget_structure": "1000"}})
    data[f"plan-{first.pk}-drawings"] = pdf_upload("tekening-1.pdf")
    data[f"plan-{second.pk}-drawings"] = pdf_upload("tekening-2.pdf")
    response = post(5, data)
    assert response.status_code == 200
    html = response.content.decode()
    address = first.property.address
    # The error names the home; the server shows the same total as the live one would.
    assert f"Uw budget voor {address} (€\xa066.000)" in html
    assert "data-budget-sum>€\xa066.000<" in html
    assert html.count("Geüpload, nog niet opgeslagen") == 2
    assert 'value="Dak en gevel herstellen"' not in html  # a textarea keeps it as text
    assert html.count("Dak en gevel herstellen") >= 2
    assert f'<legend class="card-header h4 mb-0">Plan voor keuze 1: {address}</legend>' in html
    assert not RenovationPlan.objects.exists()

    tokens = {p.pk: held_token(html, f"plan-{p.pk}-drawings") for p in with_homes}
    corrected = plan_data(with_homes)
    for pk, token in tokens.items():
        corrected[f"plan-{pk}-drawings__held"] = token
    assert post(5, corrected).status_code == 302
    plans = RenovationPlan.objects.order_by("preference__rank")
    assert [bool(p.drawings) for p in plans] == [True, True]
    assert not HeldUpload.objects.exists()


def test_step_5_a_mistake_without_an_upload_is_shown_beside_the_field(post, with_homes):
    first, _second = with_homes
    data = plan_data(with_homes, {first.pk: {"planned_completion": "2026-01-01"}})
    response = post(5, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert error_beside(html, f"id_plan-{first.pk}-planned_completion", "later klaar")


def test_step_5_shows_saved_budgets_as_they_were_typed(
    post, with_homes, client_for, applicant, application
):
    first, second = with_homes
    data = plan_data(with_homes, {second.pk: {"budget_other": "1250.50"}})
    assert post(5, data).status_code == 302

    url = reverse("applications:step", args=[application.reference, 5])
    html = client_for(applicant).get(url).content.decode()

    assert f'name="plan-{first.pk}-budget_structure" value="30000"' in html
    assert f'name="plan-{first.pk}-budget_other" value="0"' in html
    assert f'name="plan-{second.pk}-budget_other" value="1250.50"' in html  # cents stay
    assert ".00" not in "".join(re.findall(r'name="plan-[^"]*budget_[^"]*" value="[^"]*"', html))
    # The total the page starts with is unaffected.
    assert "data-budget-sum>€\xa095.000<" in html
    assert "data-budget-sum>€\xa096.250,50<" in html


def test_step_6_a_missing_declaration_keeps_the_ticked_ones(post):
    response = post(6, {"declares_self_occupancy": "on", "declares_no_letting": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert error_beside(html, "id_declares_no_other_klushuis", "akkoord")
    assert re.search(r'name="declares_self_occupancy"[^>]*checked', html)


def test_a_held_file_of_one_step_cannot_be_used_by_another_buyer(
    client_for, other_applicant, open_round, post
):
    response = post(
        4, {**FINANCING, "financing_date": recent(400), "financing_statement": pdf_upload()}
    )
    token = held_token(response.content.decode(), "financing_statement")
    other = services.application_start(user=other_applicant, sales_round=open_round)
    client = client_for(other_applicant)
    response = client.post(
        reverse("applications:step", args=[other.reference, 4]),
        {**FINANCING, "financing_date": recent(), "financing_statement__held": token},
    )
    assert response.status_code == 200
    assert error_beside(response.content.decode(), "id_financing_statement", "verplicht")
    assert client.get(reverse("uploads:held", args=[token])).status_code == 404
    assert not Application.objects.get(pk=other.pk).financing_statement


class PlanAdminForm(HeldUploadsMixin, forms.ModelForm):
    class Meta:
        model = RenovationPlan
        fields = ["description", "drawings"]


def test_a_model_form_built_by_someone_else_holds_and_then_saves_the_file(
    applicant, complete_application
):
    plan = RenovationPlan.objects.filter(preference__application=complete_application).first()
    # As ModelAdmin.get_form would return it: instantiated without extra arguments.
    form_class = held_uploads_form(PlanAdminForm, user=applicant, scope=f"admin:plan:{plan.pk}")
    refused = form_class({"description": ""}, {"drawings": pdf_upload("t.pdf")}, instance=plan)
    assert not refused.is_valid()
    token = refused.data["drawings__held"]
    assert 'name="drawings__held"' in str(refused["drawings"])

    form = form_class({"description": "Nieuw", "drawings__held": token}, {}, instance=plan)
    assert form.is_valid(), form.errors
    form.save()
    form.release_held_uploads()
    plan.refresh_from_db()
    assert plan.drawings.read().startswith(b"%PDF")
    assert not HeldUpload.objects.exists()


def test_continue_opens_the_first_incomplete_step(client_for, applicant, application, homes):
    services.application_save_applicants(
        application=application,
        main={
            "given_names": "Anna",
            "surname": "de Vries",
            "date_of_birth": "1990-05-01",
            "email": applicant.email,
            "phone": "",
        },
        co=None,
    )
    services.application_save_fields(
        application=application, fields={"adults": 1, "current_housing": "private_rental"}
    )
    services.application_save_preferences(application=application, properties=homes[:1])
    client = client_for(applicant)
    step_4 = reverse("applications:step", args=[application.reference, 4])
    detail = client.get(reverse("applications:detail", args=[application.reference]))
    assert f'href="{step_4}">Ga verder met uw inschrijving' in detail.content.decode()
    dashboard = client.get(reverse("applications:dashboard")).content.decode()
    assert f'href="{step_4}">Ga verder met uw inschrijving' in dashboard


@pytest.mark.parametrize(
    ("adults", "children", "text"),
    [
        (2, 1, "2 volwassenen en 1 kind;"),
        (1, 0, "1 volwassene en geen kinderen;"),
        (1, 3, "1 volwassene en 3 kinderen;"),
    ],
)
def test_the_household_is_counted_in_words_that_agree(
    client_for, applicant, application, adults, children, text
):
    services.application_save_fields(
        application=application,
        fields={"adults": adults, "children": children, "current_housing": "private_rental"},
    )
    page = client_for(applicant).get(reverse("applications:detail", args=[application.reference]))
    assert text in page.content.decode()
