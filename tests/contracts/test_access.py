"""Who may open the contract PDFs and template previews in the admin (issue 12, row 1).

The admin's own login check lets in every staff account; these files carry buyers' names,
birth data and addresses, so each view also asks for the contracts permission."""

import pytest
from django.urls import reverse

from contracts.models import Clause, DocumentTemplate
from contracts.services import clause_revise
from klushuis.accounts import roles
from tests.contracts.conftest import pdf_text
from tests.factories import StaffFactory


def _urls(contract):
    template = DocumentTemplate.objects.get(
        municipality=contract.municipality, kind="purchase_agreement"
    )
    return [
        reverse("admin:contracts_contract_version_pdf", args=[contract.pk, 1]),
        reverse("admin:contracts_contract_notary_pdf", args=[contract.pk]),
        reverse("admin:contracts_contract_signed_pdf", args=[contract.pk]),
        reverse("admin:contracts_documenttemplate_preview", args=[template.pk]),
    ]


@pytest.mark.parametrize("role", [roles.JUROR, roles.NOTARY])
def test_a_juror_or_notary_of_the_municipality_opens_no_contract_pdf(accepted, client_for, role):
    staff = StaffFactory(role=role, organisation=accepted.municipality)
    client = client_for(staff)
    for url in _urls(accepted):
        assert client.get(url).status_code in (403, 404), url


def test_staff_without_any_role_open_no_contract_pdf(accepted, client_for):
    client = client_for(StaffFactory(organisation=accepted.municipality))
    for url in _urls(accepted):
        assert client.get(url).status_code in (403, 404), url


def test_sales_staff_and_the_auditor_open_the_agreement(
    accepted, bureau_staff, auditor, client_for
):
    version, _notary, _signed, preview = _urls(accepted)
    for user in (bureau_staff, auditor):
        client = client_for(user)
        assert client.get(version).status_code == 200
        assert client.get(preview).status_code == 200


def _template_data(municipality, clause):
    return {
        "municipality": municipality.pk,
        "kind": "offer_letter",
        "name": "Aanbiedingsbrief",
        "seller_address": "",
        "signatory_name": "",
        "signatory_title": "",
        "notary": "",
        "deposit_percentage": "10",
        "deposit_days": "14",
        "financing_condition_days": "42",
        "transfer_days": "90",
        "return_days": "14",
        "notice_days": "8",
        "default_penalty_percentage": "10",
        "default_daily_penalty_percentage": "0.3",
        "default_penalty_cap_percentage": "10",
        "inspection_weeks": "6",
        "templateclause_set-TOTAL_FORMS": "1",
        "templateclause_set-INITIAL_FORMS": "0",
        "templateclause_set-MIN_NUM_FORMS": "0",
        "templateclause_set-MAX_NUM_FORMS": "1000",
        "templateclause_set-0-order": "1",
        "templateclause_set-0-clause": clause.pk,
    }


def test_a_new_template_offers_and_takes_only_its_own_municipalitys_clauses(
    client_for, bureau_staff, superuser, municipality, other_municipality
):
    ours = Clause.objects.create(municipality=municipality, key="eigen")
    theirs = Clause.objects.create(municipality=other_municipality, key="vreemd")
    url = reverse("admin:contracts_documenttemplate_add")
    page = client_for(bureau_staff).get(url)
    offered = set(
        page.context["inline_admin_formsets"][0].formset.form.base_fields["clause"].queryset
    )
    assert ours in offered
    assert theirs not in offered

    # A platform administrator sees every clause; the server still holds the template to one.
    response = client_for(superuser).post(url, _template_data(municipality, theirs))
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "clause" in formset.errors[0]
    assert not DocumentTemplate.objects.filter(municipality=municipality).exists()
    assert client_for(superuser).post(url, _template_data(municipality, ours)).status_code == 302
    assert list(DocumentTemplate.objects.get(municipality=municipality).clauses.all()) == [ours]


def test_previews_show_a_sample_buyer_never_a_real_one(accepted, bureau_staff, client_for):
    buyer = accepted.application.applicants.first()
    real = [buyer.full_name, "Zwolle", "Lijnbaan", accepted.application.reference]
    client = client_for(bureau_staff)
    for kind in ("purchase_agreement", "offer_letter", "notary_instruction"):
        template = DocumentTemplate.objects.get(municipality=accepted.municipality, kind=kind)
        url = reverse("admin:contracts_documenttemplate_preview", args=[template.pk])
        text = " ".join(pdf_text(client.get(url).content).split())
        assert "Voorbeeld" in text, kind
        assert not [word for word in real if word in text], kind

    clause = Clause.objects.get(municipality=accepted.municipality, key="koopsom")
    clause_revise(clause=clause, title="Partijen", body="Koper: {koper}.", actor=bureau_staff)
    page = client.get(reverse("admin:contracts_clause_change", args=[clause.pk]))
    html = page.content.decode()
    assert "Koper: J. Voorbeeld." in html
    assert buyer.full_name not in html
