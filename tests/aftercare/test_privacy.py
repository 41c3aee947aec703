"""Aftercare's personal data under klushuis.privacy (issue 17): named in the privacy statement,
handed to the buyer in their download, named as kept on a deletion request, and destroyed with
the contract file it belongs to."""

from django.db import transaction

from aftercare.models import Case, Evidence
from contracts import privacy as contract_privacy
from contracts.models import Contract
from klushuis.privacy import rules
from klushuis.privacy.services import my_data_export, my_data_kept, statement_rows
from tests.aftercare.conftest import accepted, transferred  # noqa: F401
from tests.aftercare.test_services import fill_notice


def test_the_statement_names_aftercare_with_the_contract_files_retention():
    rows = {row["key"]: row for row in statement_rows(rules.DEFAULTS)}
    row = rows["aftercare"]
    assert str(rules.DEFAULTS.contract_years_after_release) in str(row["retention"])
    assert "BSN" in str(row["legal_basis"])


def test_the_buyer_downloads_their_aftercare_and_is_told_it_is_kept(transferred):  # noqa: F811
    case = Case.objects.get(contract=transferred)
    buyer = case.buyer
    fill_notice(case, buyer)
    sections = [
        s for s in my_data_export(buyer) if isinstance(s.data, dict) and "obligations" in s.data
    ]
    (section,) = sections
    assert section.data["contract"] == transferred.reference
    assert len(section.files) == case.items.count()
    assert any(str(case.property) in str(reason) for reason in my_data_kept(buyer))


def test_the_aftercare_goes_with_the_contract_file_it_belongs_to(
    transferred,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    case = Case.objects.get(contract=transferred)
    notice = fill_notice(case, case.buyer)
    stored = [(e.file.storage, e.file.name) for e in Evidence.objects.filter(notice=notice)]
    assert stored
    assert all(storage.exists(name) for storage, name in stored)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        counts = contract_privacy._destroy({"key": transferred.pk})
    assert counts["aftercare_files"] == len(stored)
    assert counts["versions"] >= 1
    assert not Contract.objects.filter(pk=transferred.pk).exists()
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not any(storage.exists(name) for storage, name in stored)
