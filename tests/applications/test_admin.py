import csv
import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from applications import services
from applications.models import Applicant, Application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(complete_application, applicant):
    services.application_submit(application=complete_application, actor=applicant)
    complete_application.refresh_from_db()
    return complete_application


def test_staff_see_the_queue_of_their_rounds_only(client_for, bureau_staff, outsider, submitted):
    url = reverse("admin:applications_application_changelist")
    assert submitted.reference in client_for(bureau_staff).get(url).content.decode()
    assert submitted.reference not in client_for(outsider).get(url).content.decode()
    change = reverse("admin:applications_application_change", args=[submitted.pk])
    assert client_for(outsider).get(change).status_code == 302  # "does not exist"


def test_the_review_page_shows_findings_documents_and_history(client_for, bureau_staff, submitted):
    url = reverse("admin:applications_application_change", args=[submitted.pk])
    html = client_for(bureau_staff).get(url).content.decode()
    assert reverse("applications:financing_statement", args=[submitted.reference]) in html
    assert "Kaaistraat 1" in html
    assert "✓" in html
    assert reverse("admin:applications_application_decide", args=[submitted.pk]) in html


def test_the_automatic_checks_are_marked_by_tick_or_cross_without_a_bullet(
    client_for, bureau_staff, submitted
):
    url = reverse("admin:applications_application_change", args=[submitted.pk])
    html = client_for(bureau_staff).get(url).content.decode()
    assert re.search(r'<ul class="finding-list"><li class="finding-ok">✓ ', html)
    assert 'href="/static/css/admin.css"' in html
    css = (settings.BASE_DIR / "static" / "css" / "admin.css").read_text()
    assert re.search(r"ul\.finding-list li \{[^}]*list-style: none", css)


def test_the_empty_row_for_a_new_staff_note_shows_no_moment(client_for, bureau_staff, submitted):
    url = reverse("admin:applications_application_change", args=[submitted.pk])
    client = client_for(bureau_staff)

    def moments():
        html = client.get(url).content.decode()
        cells = re.findall(r'<td class="field-written_at">\s*<p>(.*?)</p>', html, re.S)
        return [cell.strip() for cell in cells]

    # The empty row (and the admin's template for another one): no "now" under "When".
    assert set(moments()) == {"-"}
    services.note_add(application=submitted, author=bureau_staff, text="Gebeld met de bank.")
    written, *empty = moments()
    assert re.fullmatch(r"\d{1,2} \w+ \d{4} \d{2}:\d{2}", written)
    assert set(empty) == {"-"}


def test_staff_decide_with_a_required_reason(client_for, bureau_staff, submitted):
    client = client_for(bureau_staff)
    url = reverse("admin:applications_application_decide", args=[submitted.pk])
    response = client.post(url, {"decision": "eligible", "reason": ""})
    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    response = client.post(url, {"decision": "eligible", "reason": "Alles in orde."})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "eligible"
    assert submitted.history.last().reason == "Alles in orde."
    assert submitted.history.last().actor == bureau_staff


def test_the_auditor_cannot_decide(client_for, auditor, submitted):
    url = reverse("admin:applications_application_decide", args=[submitted.pk])
    assert client_for(auditor).post(url, {"decision": "eligible", "reason": "x"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_bulk_decisions_need_a_reason_and_skip_what_cannot_change(
    client_for, bureau_staff, submitted, open_round, other_applicant
):
    draft = services.application_start(user=other_applicant, sales_round=open_round)
    client = client_for(bureau_staff)
    url = reverse("admin:applications_application_changelist")
    ids = [str(submitted.pk), str(draft.pk)]
    page = client.post(url, {"action": "decide_in_bulk", "_selected_action": ids})
    assert page.status_code == 200  # the intermediate page asks for the decision and reason
    client.post(
        url,
        {
            "action": "decide_in_bulk",
            "_selected_action": ids,
            "decision": "eligible",
            "reason": "Voldoet aan de regels.",
        },
    )
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert (submitted.status, draft.status) == ("eligible", "draft")


def test_exports_as_csv_and_excel(client_for, bureau_staff, submitted):
    client = client_for(bureau_staff)
    url = reverse("admin:applications_application_changelist")
    data = {"action": "export_csv", "_selected_action": [str(submitted.pk)]}
    response = client.post(url, data)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][0] == "kenmerk"
    assert rows[1][0] == submitted.reference
    assert rows[1][-1] == "HVS-1 > HVS-2"

    response = client.post(url, {**data, "action": "export_xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(row=2, column=1).value == submitted.reference


def test_exported_cells_cannot_run_as_formulas(client_for, bureau_staff, submitted):
    Application.objects.filter(pk=submitted.pk).update(financing_provider="=HYPERLINK(1)")
    response = client_for(bureau_staff).post(
        reverse("admin:applications_application_changelist"),
        {"action": "export_csv", "_selected_action": [str(submitted.pk)]},
    )
    assert "'=HYPERLINK(1)" in b"".join(response.streaming_content).decode("utf-8-sig")


def test_buyers_never_reach_the_review(client_for, applicant, submitted):
    url = reverse("admin:applications_application_change", args=[submitted.pk])
    response = client_for(applicant).get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_the_export_reads_applications_in_chunks_not_one_query_each(
    client_for, bureau_staff, open_round, django_assert_max_num_queries
):
    users = UserFactory.create_batch(120)
    for user in users:
        application = Application.objects.create(sales_round=open_round, user=user)
        Applicant.objects.create(
            application=application,
            role="main",
            given_names="A",
            surname=user.email,
            date_of_birth="1990-01-01",
            email=user.email,
        )
    client = client_for(bureau_staff)
    url = reverse("admin:applications_application_changelist")
    ids = [str(pk) for pk in Application.objects.values_list("pk", flat=True)]
    # 15: the session, the user, the second-factor device, permissions, the export's own, and
    # the access log's two (the rows counted, the entry written).
    with django_assert_max_num_queries(15):
        response = client.post(url, {"action": "export_csv", "_selected_action": ids})
        body = b"".join(response.streaming_content)
    assert body.count(b"\n") == 121
