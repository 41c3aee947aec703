"""Resales reported by the buyer or a notary, and the release with its statement (issue #16):
through the services, with who may do what."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from aftercare import exemptions, penalties, release, rules, services
from aftercare.models import Case, PenaltyClaim, Release, ReleaseChange
from contracts import privacy as contract_privacy
from contracts.extensions import RELEASED_ON
from contracts.models import Kind, Letter
from contracts.services.letters import letter_stored
from klushuis.privacy.services import destruction_list_propose
from properties import rules as property_rules
from tests.aftercare.conftest import transfer
from tests.applications.test_races import _concurrently


@pytest.fixture
def case(accepted, bureau_staff):
    """Transferred ten days ago."""
    return Case.objects.get(contract=transfer(accepted, bureau_staff, days_ago=10))


def _released_by_exemption(case, proposer, approver, outcome=rules.RELEASE_WITHOUT_PAYMENT):
    asked = exemptions.exemption_request(
        case=case,
        actor=case.buyer,
        ground=rules.PARTNER_DIED,
        explanation="Mijn partner is overleden; ik kan de woning niet alleen houden.",
    )
    proposed = exemptions.exemption_propose(
        exemption=asked, actor=proposer, outcome=outcome, reasons="Overlijden partner, akte gezien."
    )
    return exemptions.exemption_approve(exemption=proposed, actor=approver)


def _report(case, actor, **kwargs):
    values = {
        "sold_on": timezone.localdate() - timedelta(days=1),
        "price": Decimal("310000.00"),
        "notary_name": "mr. P. Kade",
    }
    values.update(kwargs)
    return release.resale_report(case=case, actor=actor, **values)


# --- Resale reports ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_buyer_reports_and_staff_confirm_with_the_computation(case, bureau_staff):
    report = _report(case, case.buyer)
    assert report.status == rules.REPORTED
    assert report.reporter == rules.BUYER
    assert not case.resales.exists()  # only staff record the resale
    confirmed = release.resale_report_confirm(report=report, actor=bureau_staff)
    assert confirmed.status == rules.CONFIRMED
    resale = confirmed.resale
    # During the occupancy term (not even started) and without an exemption: a breach.
    assert resale.verdict == "breach"
    assert resale.price == Decimal("310000.00")
    assert "purchase_price" in resale.computation
    with pytest.raises(ValidationError):
        release.resale_report_confirm(report=report, actor=bureau_staff)


@pytest.mark.django_db
def test_a_notary_of_the_municipality_reports_and_others_may_not(
    case, notary_here, notary_elsewhere, other_applicant, outsider
):
    assert case in release.cases_for_notary(notary_here)
    report = _report(case, notary_here)
    assert report.reporter == rules.NOTARY
    assert list(release.cases_for_notary(notary_elsewhere)) == []
    for actor in (notary_elsewhere, other_applicant, outsider):
        with pytest.raises(ValidationError):
            _report(case, actor)


@pytest.mark.django_db
def test_a_report_with_mistakes_says_what_is_wrong(case):
    with pytest.raises(ValidationError) as error:
        _report(
            case,
            case.buyer,
            sold_on=timezone.localdate() + timedelta(days=3),
            price=Decimal(0),
            notary_name=" ",
        )
    assert set(error.value.error_dict) == {"sold_on", "price", "notary_name"}


@pytest.mark.django_db
def test_a_second_report_of_the_same_sale_is_set_aside_with_reasons(
    case, bureau_staff, notary_here
):
    _report(case, case.buyer)
    second = _report(case, notary_here)
    with pytest.raises(ValidationError):
        release.resale_report_set_aside(report=second, actor=bureau_staff, reasons=" ")
    with pytest.raises(ValidationError):
        release.resale_report_set_aside(report=second, actor=case.buyer, reasons="Dubbel.")
    aside = release.resale_report_set_aside(report=second, actor=bureau_staff, reasons="Dubbel.")
    assert aside.status == rules.SET_ASIDE
    assert aside.resale is None


# --- The release ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_home_in_its_renovation_cannot_be_released(case, bureau_staff):
    with pytest.raises(ValidationError) as error:
        release.release_propose(case=case, actor=bureau_staff)
    assert error.value.code == "not_ready"


@pytest.mark.django_db
def test_release_after_an_exemption_needs_a_second_person_and_issues_the_statement_once(
    case,
    bureau_staff,
    municipal_staff,
    outsider,
    auditor,
    outbox,
    django_capture_on_commit_callbacks,
):
    _released_by_exemption(case, bureau_staff, municipal_staff)
    for actor in (case.buyer, outsider, auditor):
        with pytest.raises(ValidationError):
            release.release_propose(case=case, actor=actor)
    proposed = release.release_propose(case=case, actor=bureau_staff, note="Ontheffing verleend.")
    assert proposed.basis == rules.EXEMPTION_RELEASE
    with pytest.raises(ValidationError):
        release.release_propose(case=case, actor=municipal_staff)  # one proposal at a time
    # Never the proposer, never the buyer, never staff of another municipality.
    for actor in (bureau_staff, case.buyer, outsider, auditor):
        with pytest.raises(ValidationError):
            release.release_approve(release=proposed, actor=actor)
    assert RELEASED_ON.answer(contract=case.contract) is None
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approved = release.release_approve(release=proposed, actor=municipal_staff)
    today = timezone.localdate()
    assert approved.status == rules.APPROVED
    assert approved.released_on == today
    statement = letter_stored(approved.statement)
    assert statement.kind == Kind.RELEASE_STATEMENT
    assert statement.rendering == Letter.Rendering.DONE
    assert len(statement.sha256) == 64
    assert statement.pdf.open("rb").read(4) == b"%PDF"
    assert statement.data["head"]["signatory"]["name"] == "mr. J. de Boer"
    assert statement.data["values"]["kenmerk_overeenkomst"] == case.contract.reference
    case.refresh_from_db()
    assert case.released_on == today
    assert case.property.status == property_rules.RELEASED
    assert not case.obligations.filter(status=rules.OPEN).exists()
    assert services.reminders_send(today=today + timedelta(days=3000)) == 0
    # The contract file's retention runs from the release.
    assert RELEASED_ON.answer(contract=case.contract) == today
    assert [m.to for m in outbox][-1] == [case.buyer.email]
    # Issued once: a second approval is refused, and there is one statement.
    with pytest.raises(ValidationError):
        release.release_approve(release=approved, actor=municipal_staff)
    with pytest.raises(ValidationError):
        release.release_propose(case=case, actor=bureau_staff)
    assert Letter.objects.filter(kind=Kind.RELEASE_STATEMENT).count() == 1
    assert [c.to_status for c in ReleaseChange.objects.filter(release=approved)] == [
        rules.PROPOSED,
        rules.APPROVED,
    ]
    # No more resale reports once released.
    with pytest.raises(ValidationError):
        _report(case, case.buyer)


@pytest.mark.django_db
def test_release_with_the_payment_waits_until_it_is_paid(case, bureau_staff, municipal_staff):
    _released_by_exemption(case, bureau_staff, municipal_staff, rules.RELEASE_WITH_PAYMENT)
    with pytest.raises(ValidationError) as error:
        release.release_propose(case=case, actor=bureau_staff)
    assert error.value.code == "unpaid"
    report = _report(case, case.buyer)
    resale = release.resale_report_confirm(report=report, actor=bureau_staff).resale
    assert resale.verdict == "exempt"
    assert resale.payment_due > 0
    with pytest.raises(ValidationError):
        release.release_propose(case=case, actor=bureau_staff)
    exemptions.resale_payment_record(
        resale=resale, actor=bureau_staff, paid_on=timezone.localdate()
    )
    assert release.release_propose(case=case, actor=bureau_staff).status == rules.PROPOSED


@pytest.mark.django_db
def test_an_open_penalty_claim_holds_the_release_back(case, bureau_staff, municipal_staff):
    """A statement a later notary relies on leaves nothing open: a claimed penalty is paid,
    reduced and paid, or waived before the home is released."""
    _released_by_exemption(case, bureau_staff, municipal_staff)
    # Set-up: the claim's row as `penalty_claim_record` makes it (that service needs a notice
    # whose term has passed, which is tested in test_penalties); every later step goes through
    # the services.
    claim = PenaltyClaim.objects.create(
        case=case,
        obligation=case.obligations.get(kind=rules.COMPLETION),
        computation={},
        amount=Decimal("10250.00"),
        amount_due=Decimal("10250.00"),
        claimed_by=bureau_staff,
    )

    def held_back():
        with pytest.raises(ValidationError) as error:
            release.release_propose(case=case, actor=bureau_staff)
        assert error.value.code == "claim_open"

    held_back()  # claimed
    claim = penalties.penalty_claim_propose(
        claim=claim,
        actor=bureau_staff,
        proposal=rules.REDUCE,
        amount=Decimal("2500.00"),
        reasons="Alsnog nagekomen.",
    )
    held_back()  # reduction proposed
    claim = penalties.penalty_claim_approve(claim=claim, actor=municipal_staff)
    assert claim.status == rules.REDUCED
    held_back()  # reduced, not yet paid
    penalties.penalty_claim_pay(
        claim=claim, actor=bureau_staff, paid_on=timezone.localdate(), amount=Decimal("2500.00")
    )
    assert release.release_propose(case=case, actor=bureau_staff).status == rules.PROPOSED


@pytest.mark.django_db
def test_the_second_person_may_refuse_the_release(case, bureau_staff, municipal_staff):
    _released_by_exemption(case, bureau_staff, municipal_staff)
    proposed = release.release_propose(case=case, actor=bureau_staff)
    with pytest.raises(ValidationError):
        release.release_refuse(release=proposed, actor=municipal_staff, reasons="")
    refused = release.release_refuse(release=proposed, actor=municipal_staff, reasons="Te vroeg.")
    assert refused.status == rules.REFUSED
    case.refresh_from_db()
    assert case.released_on is None
    # A new proposal may follow.
    assert release.release_propose(case=case, actor=municipal_staff).status == rules.PROPOSED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="races are tested on PostgreSQL")
def test_two_approvals_at_once_give_one_release(case, bureau_staff, municipal_staff, superuser):
    _released_by_exemption(case, bureau_staff, municipal_staff)
    proposed = release.release_propose(case=case, actor=bureau_staff)
    approvers = iter([municipal_staff, superuser])
    results, errors = _concurrently(
        2, lambda: release.release_approve(release=proposed, actor=next(approvers))
    )
    assert len(results) == 1, errors
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert Release.objects.filter(case=case, status=rules.APPROVED).count() == 1
    assert Letter.objects.filter(kind=Kind.RELEASE_STATEMENT).count() == 1
    assert ReleaseChange.objects.filter(to_status=rules.APPROVED).count() == 1


@pytest.mark.django_db
def test_the_release_date_starts_the_contract_files_retention(
    case, bureau_staff, municipal_staff, django_capture_on_commit_callbacks
):
    """Privacy proposes a contract file for destruction only from the release; once listed
    and destroyed, the release, its statement, the resale and the exemptions go with it."""
    _released_by_exemption(case, bureau_staff, municipal_staff, rules.RELEASE_WITH_PAYMENT)
    resale = release.resale_report_confirm(
        report=_report(case, case.buyer), actor=bureau_staff
    ).resale
    exemptions.resale_payment_record(resale=resale, actor=bureau_staff, paid_on=resale.sold_on)
    proposed = release.release_propose(case=case, actor=bureau_staff)
    with django_capture_on_commit_callbacks(execute=True):
        release.release_approve(release=proposed, actor=municipal_staff)
    assert (
        destruction_list_propose(
            organisation=case.municipality, category_key="contract_files", actor=bureau_staff
        )
        is None
    )  # released today: the limitation periods run for years
    Case.objects.filter(pk=case.pk).update(released_on=date(2000, 1, 1))
    listed = destruction_list_propose(
        organisation=case.municipality, category_key="contract_files", actor=bureau_staff
    )
    assert [item["reference"] for item in listed.items] == [case.contract.reference]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        contract_privacy._destroy({"key": case.contract_id})
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Release.objects.exists()
    assert not Letter.objects.filter(kind=Kind.RELEASE_STATEMENT).exists()
