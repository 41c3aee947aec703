from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import Application
from properties.models import SalesRound
from tests.applications.conftest import pdf_upload

pytestmark = pytest.mark.django_db


def test_a_buyer_applies_step_by_step_in_the_browser_forms(
    client_for, applicant, open_round, homes
):
    client = client_for(applicant)
    response = client.post(reverse("applications:start", args=[open_round.slug]))
    application = Application.objects.get()
    ref = application.reference
    assert response.url == reverse("applications:step", args=[ref, 1])

    # Step 1 starts filled in with what the account knows.
    page = client.get(response.url).content.decode()
    assert f'value="{applicant.email}"' in page

    def post(step, data):
        return client.post(reverse("applications:step", args=[ref, step]), data)

    assert post(
        1,
        {
            "main-given_names": "Anna",
            "main-surname": "de Vries",
            "main-date_of_birth": "1990-05-01",
            "main-email": applicant.email,
            "main-phone": "",
        },
    ).url == reverse("applications:step", args=[ref, 2])
    assert (
        post(
            2,
            {
                "adults": "2",
                "children": "0",
                "current_housing": "private_rental",
                "lives_or_works_locally": "on",
            },
        ).status_code
        == 302
    )
    assert post(3, {"choice_1": str(homes[1].pk), "choice_2": str(homes[0].pk)}).status_code == 302
    statement_date = (timezone.localdate() - timedelta(days=5)).isoformat()
    assert (
        post(
            4,
            {
                "max_mortgage": "300000",
                "own_funds": "10000",
                "financing_provider": "De Bank",
                "financing_date": statement_date,
                "financing_statement": pdf_upload(),
            },
        ).status_code
        == 302
    )
    application.refresh_from_db()
    plan = {
        "description": "Alles opknappen",
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
    for pref in application.preferences.all():
        data.update({f"plan-{pref.pk}-{k}": v for k, v in plan.items()})
    assert post(5, data).status_code == 302
    assert post(
        6,
        {
            "declares_self_occupancy": "on",
            "declares_no_letting": "on",
            "declares_no_other_klushuis": "on",
        },
    ).url == reverse("applications:detail", args=[ref])

    response = client.post(reverse("applications:submit", args=[ref]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"
    assert [p.property for p in application.preferences.all()] == [homes[1], homes[0]]
    dashboard = client.get(reverse("applications:dashboard")).content.decode()
    assert ref in dashboard


def test_validation_errors_keep_what_was_typed(client_for, applicant, open_round):
    client = client_for(applicant)
    application = services.application_start(user=applicant, sales_round=open_round)
    response = client.post(
        reverse("applications:step", args=[application.reference, 1]),
        {
            "main-given_names": "Anna",
            "main-surname": "de Vries",
            "main-date_of_birth": "2999-01-01",
            "main-email": "anna@example.test",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="de Vries"' in html
    assert "toekomst" in html


def test_a_page_left_open_past_the_deadline_is_refused_and_keeps_the_input(
    client_for, applicant, open_round
):
    client = client_for(applicant)
    application = services.application_start(user=applicant, sales_round=open_round)
    url = reverse("applications:step", args=[application.reference, 2])
    assert client.get(url).status_code == 200
    SalesRound.objects.filter(pk=open_round.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.post(
        url, {"adults": "3", "children": "2", "current_housing": "private_rental"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Er is niets gewijzigd" in html
    assert 'value="3"' in html
    application.refresh_from_db()
    assert application.adults == 1


def test_another_buyer_cannot_see_edit_or_download_anything(
    client_for, complete_application, other_applicant
):
    client = client_for(other_applicant)
    ref = complete_application.reference
    plan = complete_application.preferences.first().plan
    plan.drawings.save("t.pdf", pdf_upload(), save=True)
    urls = [
        reverse("applications:detail", args=[ref]),
        *[reverse("applications:step", args=[ref, n]) for n in range(1, 7)],
        reverse("applications:withdraw", args=[ref]),
        reverse("applications:financing_statement", args=[ref]),
        reverse("applications:drawings", args=[ref, plan.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for url in [
        reverse("applications:submit", args=[ref]),
        reverse("applications:withdraw", args=[ref]),
        reverse("applications:reopen", args=[ref]),
        reverse("applications:step", args=[ref, 2]),
    ]:
        assert client.post(url, {"confirm": "on", "adults": "5"}).status_code == 404, url
    complete_application.refresh_from_db()
    assert complete_application.status == "draft"
    assert complete_application.adults == 2


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("applicant", 200),
        ("bureau_staff", 200),
        ("municipal_staff", 200),
        ("auditor", 200),
        ("outsider", 404),
        ("other_applicant", 404),
    ],
)
def test_the_financing_statement_is_served_only_to_the_owner_and_staff_in_scope(
    request, client_for, complete_application, who, status
):
    user = request.getfixturevalue(who)
    response = client_for(user).get(
        reverse("applications:financing_statement", args=[complete_application.reference])
    )
    assert response.status_code == status
    if status == 200:
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_uploads_are_stored_privately_under_generated_names(complete_application, settings):
    name = complete_application.financing_statement.name
    assert "verklaring" not in name
    assert str(settings.MEDIA_ROOT) not in complete_application.financing_statement.path


def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_lost(client_for, applicant, open_round):
    application = services.application_start(user=applicant, sales_round=open_round)
    response = client_for(applicant).post(
        reverse("applications:step", args=[application.reference, 4]),
        {
            "max_mortgage": "300000",
            "own_funds": "1000",
            "financing_provider": "De Bank",
            "financing_date": timezone.localdate().isoformat(),
            "financing_statement": SimpleUploadedFile("v.pdf", b"GIF89a...."),
        },
    )
    assert response.status_code == 200
    assert "geen PDF" in response.content.decode()
    assert 'value="De Bank"' in response.content.decode()


def test_withdrawing_asks_for_confirmation(client_for, applicant, complete_application):
    client = client_for(applicant)
    url = reverse("applications:withdraw", args=[complete_application.reference])
    assert client.post(url, {}).status_code == 200
    complete_application.refresh_from_db()
    assert complete_application.status == "draft"
    assert client.post(url, {"confirm": "on"}).status_code == 302
    complete_application.refresh_from_db()
    assert complete_application.status == "withdrawn"


def test_the_overview_links_each_plans_drawings_and_starts_its_history_with_a_capital(
    client_for, applicant, complete_application
):
    plan = complete_application.preferences.first().plan
    plan.drawings.save("tekening.pdf", pdf_upload("tekening.pdf"))
    client = client_for(applicant)
    page = client.get(
        reverse("applications:detail", args=[complete_application.reference])
    ).content.decode()
    # The buyer can check on the overview which drawings they sent, as with the statement.
    link = reverse("applications:drawings", args=[complete_application.reference, plan.pk])
    assert f'href="{link}"' in page
    assert client.get(link).status_code == 200
    # Every line of the history reads as the others do ("Ingediend", "Toegelaten").
    assert ": Begonnen</li>" in page


@pytest.mark.parametrize("refusal", ["deadline", "incomplete"])
def test_a_refused_submit_shows_why_on_the_municipalitys_page_and_changes_nothing(
    client_for, complete_application, applicant, open_round, refusal
):
    """The submit reads the application only under its lock; a refusal renders the overview
    again, branded, with the reason (after the deadline 403, incomplete 400)."""
    if refusal == "deadline":
        SalesRound.objects.filter(pk=open_round.pk).update(
            closes_at=timezone.now() - timedelta(seconds=1)
        )
    else:
        complete_application.preferences.all().delete()
    response = client_for(applicant).post(
        reverse("applications:submit", args=[complete_application.reference])
    )
    assert response.status_code == (403 if refusal == "deadline" else 400)
    page = response.content.decode()
    assert "Uw inschrijving is niet ingediend" in page
    assert ("Er is niets gewijzigd" if refusal == "deadline" else "stap 3") in page
    assert response.context["request"].branding == open_round.municipality
    complete_application.refresh_from_db()
    assert complete_application.status == "draft"
    assert not complete_application.history.filter(to_status="submitted").exists()
