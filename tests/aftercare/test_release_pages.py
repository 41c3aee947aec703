"""The pages of resale reports, the release and the court dossier (issue #16), walked with the
test client as the people involved use them; forms with mistakes keep what was typed."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from aftercare import dossier, exemptions, rules
from aftercare.models import Case
from klushuis.privacy.models import AccessLogEntry
from tests.aftercare.conftest import transfer

ACT = "admin:aftercare_case_act"


@pytest.fixture
def case(accepted, bureau_staff):
    return Case.objects.get(contract=transfer(accepted, bureau_staff, days_ago=10))


def _exemption_release(case, proposer, approver):
    asked = exemptions.exemption_request(
        case=case, actor=case.buyer, ground=rules.PARTNER_DIED, explanation="Overleden."
    )
    proposed = exemptions.exemption_propose(
        exemption=asked,
        actor=proposer,
        outcome=rules.RELEASE_WITHOUT_PAYMENT,
        reasons="Akte van overlijden gezien.",
    )
    return exemptions.exemption_approve(exemption=proposed, actor=approver)


@pytest.mark.django_db
def test_the_buyer_reports_a_sale_and_a_mistake_keeps_what_was_typed(
    case, client_for, other_applicant, bureau_staff
):
    buyer = client_for(case.buyer)
    url = reverse("aftercare:resale_report", args=[case.pk])
    wrong = {
        "resale-sold_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
        "resale-price": "295000",
        "resale-notary_name": "mr. P. Kade",
    }
    page = buyer.post(url, wrong)
    assert page.status_code == 200
    html = page.content.decode()
    assert "error-summary" in html
    assert 'value="mr. P. Kade"' in html
    assert 'value="295000"' in html
    right = {**wrong, "resale-sold_on": timezone.localdate().isoformat()}
    assert client_for(other_applicant).post(url, right).status_code == 404
    buyer = client_for(case.buyer)
    assert buyer.post(url, right).status_code == 302
    html = buyer.get(reverse("aftercare:home", args=[case.pk])).content.decode()
    assert "mr. P. Kade" in html
    # Staff see it on the case page and confirm it: the resale with its computation.
    staff = client_for(bureau_staff)
    page = staff.get(reverse("admin:aftercare_case_change", args=[case.pk])).content.decode()
    assert "act-report-confirm" in page
    assert staff.post(reverse(ACT, args=[case.pk, "report_confirm"])).status_code == 302
    resale = case.resales.get()
    assert resale.verdict == "breach"
    buyer = client_for(case.buyer)
    html = buyer.get(reverse("aftercare:home", args=[case.pk])).content.decode()
    assert str(resale.get_verdict_display()) in html


@pytest.mark.django_db
def test_a_notary_lists_the_homes_of_their_municipality_and_reports(
    case, client_for, notary_here, notary_elsewhere, bureau_staff
):
    notary = client_for(notary_here)
    page = notary.get(reverse("aftercare:notary_homes"))
    assert page.status_code == 200
    assert case.property.reference in page.content.decode()
    assert case.buyer.full_name not in page.content.decode()
    url = reverse("aftercare:notary_report", args=[case.pk])
    form = notary.get(url)
    assert notary_here.full_name in form.content.decode()  # the notary's name filled in
    typed = {"resale-sold_on": "", "resale-price": "312500", "resale-notary_name": "mr. Kade"}
    page = notary.post(url, typed)
    assert page.status_code == 200
    assert 'value="312500"' in page.content.decode()
    typed["resale-sold_on"] = timezone.localdate().isoformat()
    assert notary.post(url, typed).status_code == 302
    assert case.resale_reports.get().reporter == rules.NOTARY
    elsewhere = client_for(notary_elsewhere)
    assert (
        case.property.reference
        not in elsewhere.get(reverse("aftercare:notary_homes")).content.decode()
    )
    assert client_for(notary_elsewhere).get(url).status_code == 404
    assert client_for(case.buyer).get(reverse("aftercare:notary_homes")).status_code == 403


@pytest.mark.django_db
def test_release_walked_in_the_admin_and_the_buyer_downloads_the_statement(
    case, client_for, bureau_staff, municipal_staff, django_capture_on_commit_callbacks
):
    _exemption_release(case, bureau_staff, municipal_staff)
    proposer = client_for(bureau_staff)
    change = reverse("admin:aftercare_case_change", args=[case.pk])
    assert "act-release-propose" in proposer.get(change).content.decode()
    assert proposer.post(reverse(ACT, args=[case.pk, "release_propose"]), {}).status_code == 302
    # The proposer's own approval is refused on the page; a refusal needs reasons.
    proposer.post(
        reverse(ACT, args=[case.pk, "release_decide"]), {"release_decision-decision": "approve"}
    )
    assert case.releases.get().status == rules.PROPOSED
    approver = client_for(municipal_staff)
    page = approver.post(
        reverse(ACT, args=[case.pk, "release_decide"]), {"release_decision-decision": "refuse"}
    )
    assert page.status_code == 200
    assert case.releases.get().status == rules.PROPOSED
    with django_capture_on_commit_callbacks(execute=True):
        response = approver.post(
            reverse(ACT, args=[case.pk, "release_decide"]), {"release_decision-decision": "approve"}
        )
    assert response.status_code == 302
    release = case.releases.get()
    assert release.status == rules.APPROVED
    buyer = client_for(case.buyer)
    html = buyer.get(reverse("aftercare:home", args=[case.pk])).content.decode()
    assert release.statement.data["head"]["reference"] in html
    assert "mr. J. de Boer" in html
    statement = buyer.get(reverse("aftercare:statement", args=[case.pk]))
    assert statement.status_code == 200
    assert statement.content.startswith(b"%PDF")
    release.statement.refresh_from_db()
    assert len(release.statement.sha256) == 64
    # The buyer's page shows the hash a later notary checks the statement against.
    html = buyer.get(reverse("aftercare:home", args=[case.pk])).content.decode()
    assert release.statement.sha256 in html
    assert client_for(bureau_staff).get(change).status_code == 200


@pytest.mark.django_db
def test_the_court_dossier_has_every_section_and_is_access_logged(
    case, client_for, bureau_staff, municipal_staff, outsider, django_capture_on_commit_callbacks
):
    _exemption_release(case, bureau_staff, municipal_staff)
    context = dossier.dossier_context(case)
    keys = [section.key for section in context["sections"]]
    assert keys == [
        "contract",
        "obligations",
        "evidence",
        "inspections",
        "letters",
        "decisions",
        "default_notices",
        "penalty_claims",
        "resales",
        "release",
        "history",
    ]
    by_key = {section.key: section for section in context["sections"]}
    assert case.contract.reference in str(by_key["contract"].rows)
    assert by_key["obligations"].rows
    assert any("Akte van overlijden gezien." in str(row) for row in by_key["decisions"].rows)
    assert by_key["letters"].rows  # the offer letter at least, with its hash
    url = reverse("admin:aftercare_case_dossier", args=[case.pk])
    with mock.patch("klushuis.pdf.render_pdf", return_value=b"%PDF-1.7 stub"):
        response = client_for(bureau_staff).get(url)
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
        assert AccessLogEntry.objects.filter(
            what="court dossier", reference=case.contract.reference
        ).exists()
        assert client_for(outsider).get(url).status_code in (302, 404)
    history = client_for(bureau_staff).get(reverse("admin:aftercare_case_timeline", args=[case.pk]))
    assert history.status_code == 200
    assert "Exemption" in history.content.decode() or "Ontheffing" in history.content.decode()


@pytest.mark.django_db
def test_the_dossier_renders_as_a_pdf(case):
    assert dossier.dossier_pdf(case).startswith(b"%PDF")
