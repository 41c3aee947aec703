"""Aftercare's personal data under klushuis.privacy (issue 17): named in the privacy statement,
handed to the buyer in their download, named as kept on a deletion request, and destroyed with
the contract file it belongs to."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from aftercare import exemptions, penalties
from aftercare import rules as aftercare_rules
from aftercare.models import Case, DefaultNotice, Evidence, Exemption, PenaltyClaim
from contracts import privacy as contract_privacy
from contracts.models import Contract, Letter
from contracts.services import letter_render
from klushuis.privacy import rules
from klushuis.privacy.services import my_data_export, my_data_kept, statement_rows
from tests.aftercare.conftest import accepted, transfer, transferred  # noqa: F401
from tests.aftercare.test_services import fill_notice
from tests.applications.conftest import pdf_upload


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


def test_exemptions_notices_claims_and_their_letters_go_with_the_contract_file(
    accepted,  # noqa: F811
    bureau_staff,
    municipal_staff,
    django_capture_on_commit_callbacks,
):
    """Issue #16: what came after the sale (the buyer's documents, decisions, notices of
    default, penalty claims and their letters in the archive) is destroyed with the file."""
    contract = transfer(accepted, bureau_staff, days_ago=400)
    case = Case.objects.get(contract=contract)
    asked = exemptions.exemption_request(
        case=case,
        actor=case.buyer,
        ground=aftercare_rules.ILLNESS,
        explanation="Ziek.",
        documents=[pdf_upload()],
    )
    exemptions.exemption_propose(
        exemption=asked, actor=bureau_staff, outcome=aftercare_rules.REFUSAL, reasons="Nee."
    )
    notice = penalties.default_notice_send(
        obligation=case.obligations.get(kind=aftercare_rules.RENOVATION_START),
        actor=bureau_staff,
        facts="Niet begonnen.",
        method="email",
        sent_on=timezone.localdate() - timedelta(days=40),
    )
    penalties.penalty_claim_record(case=case, actor=municipal_staff, notice=notice)
    # The buyer's download carries them, with the document and the letters' PDFs.
    letter_render(Letter.objects.get(kind="exemption_decision").pk)
    (section,) = [
        s
        for s in my_data_export(case.buyer)
        if isinstance(s.data, dict) and "obligations" in s.data
    ]
    assert section.data["exemptions"][0]["reasons"] == "Nee."
    assert section.data["notices_of_default"][0]["facts"] == "Niet begonnen."
    assert len(section.data["penalty_claims"]) == 1
    assert any("/ontheffing/" in name for name, _file in section.files)
    assert any("/brieven/" in name for name, _file in section.files)
    document = asked.documents.get()
    stored = document.file.storage, document.file.name
    assert stored[0].exists(stored[1])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        counts = contract_privacy._destroy({"key": contract.pk})
    assert counts["aftercare_files"] >= 3  # the document and the two letters
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Exemption.objects.exists()
    assert not DefaultNotice.objects.exists()
    assert not PenaltyClaim.objects.exists()
    assert not Letter.objects.filter(kind__in=["exemption_decision", "default_notice"]).exists()
    assert not stored[0].exists(stored[1])
