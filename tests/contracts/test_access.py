"""Who may open the contract PDFs and template previews in the admin (issue 12, row 1).

The admin's own login check lets in every staff account; these files carry buyers' names,
birth data and addresses, so each view also asks for the contracts permission."""

import pytest
from django.urls import reverse

from contracts.models import DocumentTemplate
from klushuis.accounts import roles
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
