"""Notices of default and penalty claims (issue #16, items 2 and 3): the notice's term comes
from the signed version and runs from the day it was sent; its letter is issued once; the
penalty is claimed from the computation once the term passed, one breach one penalty; a
payment, or a reduction or waiver approved by a second authorised person."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from aftercare import penalties, rules, sanctions, selectors
from aftercare.models import Case, DefaultNotice, PenaltyClaim, PenaltyClaimChange
from contracts.models import Kind, Letter
from contracts.services import generation, letter_render
from klushuis.templatetags.portal import euro
from tests.aftercare.conftest import transfer
from tests.applications.test_races import _concurrently

DAILY_ROUND = {
    "penalty_amount": Decimal(10250),
    "penalty_percentage": None,
    "penalty_daily_amount": Decimal(50),
    "penalty_cap": Decimal(25000),
}


@pytest.fixture
def case(accepted, bureau_staff):
    """A home transferred 400 days ago, with EUR 10,250 plus EUR 50 a day up to EUR 25,000
    in its signed version: the start of the renovation is overdue."""
    sales_round = accepted.offer.sales_round
    for name, value in DAILY_ROUND.items():
        setattr(sales_round, name, value)
    sales_round.save()
    version = generation.contract_regenerate(contract=accepted)
    generation.contract_render(version.pk)
    return Case.objects.get(contract=transfer(accepted, bureau_staff, days_ago=400))


def start(case):
    return case.obligations.get(kind=rules.RENOVATION_START)


def send(case, actor, *, days_ago=30, facts="Geen bouwactiviteiten waargenomen."):
    obligation = start(case)
    return penalties.default_notice_send(
        obligation=obligation,
        actor=actor,
        facts=facts,
        method=DefaultNotice.Method.REGISTERED_POST,
        sent_on=timezone.localdate() - timedelta(days=days_ago),
    )


@pytest.mark.django_db
def test_the_notice_gives_the_signed_term_and_its_letter_is_issued_once(case, bureau_staff):
    obligation = start(case)
    assert obligation.due_on < timezone.localdate()
    notice = send(case, bureau_staff, facts="Op 3 maart: <script>alert(1)</script> niets.")
    days = case.contract.sent_version.data["penalties"]["notice_days"]
    assert notice.notice_days == days
    assert notice.comply_by == notice.sent_on + timedelta(days=days)
    assert notice.consequence["article"] == "Boetebeding"
    letter = notice.letter
    assert letter.kind == Kind.DEFAULT_NOTICE
    assert letter.related == notice
    # A second click for the same breach adds nothing.
    with pytest.raises(ValidationError):
        send(case, bureau_staff)
    assert Letter.objects.filter(kind=Kind.DEFAULT_NOTICE).count() == 1
    # Rendered once, stored with its hash; the facts are data, escaped.
    rendered = letter_render(letter.pk)
    assert rendered.sha256
    assert len(rendered.sha256) == 64
    from contracts.services.letters import letter_context  # noqa: PLC0415 - the HTML only here

    html = str(letter_context(rendered)["blocks_by_section"])
    assert "&lt;script&gt;" in html
    assert "<script>" not in html
    assert "10.250" in html  # the consequence: the penalty of the signed version
    assert letter_render(letter.pk) is None  # done: never rendered again


@pytest.mark.django_db
def test_only_staff_of_the_municipality_send_a_notice(case, outsider, auditor, other_applicant):
    for actor in (case.buyer, outsider, auditor, other_applicant):
        with pytest.raises(ValidationError):
            send(case, actor)
    assert not DefaultNotice.objects.exists()


@pytest.mark.django_db
def test_a_notice_is_for_an_overdue_deadline_sent_after_it(case, bureau_staff):
    obligation = start(case)
    for sent_on in (obligation.due_on, timezone.localdate() + timedelta(days=1)):
        with pytest.raises(ValidationError):
            penalties.default_notice_send(
                obligation=obligation,
                actor=bureau_staff,
                facts="x",
                method="email",
                sent_on=sent_on,
            )
    with pytest.raises(ValidationError):
        send(case, bureau_staff, facts="  ")
    occupancy_like = case.obligations.get(kind=rules.COMPLETION)  # not overdue yet
    with pytest.raises(ValidationError):
        penalties.default_notice_send(
            obligation=occupancy_like,
            actor=bureau_staff,
            facts="x",
            method="email",
            sent_on=timezone.localdate(),
        )


@pytest.mark.django_db
def test_no_claim_while_the_term_runs(case, bureau_staff):
    notice = send(case, bureau_staff, days_ago=1)
    assert selectors.claimable_breaches(case) == []
    with pytest.raises(ValidationError):
        penalties.penalty_claim_record(case=case, actor=bureau_staff, notice=notice)


@pytest.mark.django_db
def test_one_breach_one_penalty_a_later_claim_adds_the_difference(case, bureau_staff):
    notice = send(case, bureau_staff, days_ago=40)
    late = 40 - notice.notice_days
    first = penalties.penalty_claim_record(case=case, actor=bureau_staff, notice=notice)
    assert first.amount == Decimal(10250) + 50 * late
    assert first.computation["days"] == late
    assert first.computation["already_claimed"] == "0.00"
    # Nothing more today: the whole penalty so far is claimed.
    with pytest.raises(ValidationError):
        penalties.penalty_claim_record(case=case, actor=bureau_staff, notice=notice)
    # 30 days on, only the 30 days are added.
    later = timezone.localdate() + timedelta(days=30)
    computed = selectors.claim_computation(notice=notice, already_claimed=first.amount, today=later)
    assert computed.amount == Decimal(50 * 30)
    # Never above the cap, whatever is claimed in between.
    far = selectors.claim_computation(
        notice=notice, already_claimed=first.amount, today=later + timedelta(days=5000)
    )
    assert far.full == Decimal(25000)
    assert first.amount + far.amount == Decimal(25000)


@pytest.mark.django_db
def test_a_met_or_extended_deadline_is_no_longer_claimable(case, bureau_staff):
    notice = send(case, bureau_staff, days_ago=40)
    obligation = start(case)
    from aftercare import services  # noqa: PLC0415 - the one test that moves the deadline

    services.obligation_reschedule(
        obligation=obligation,
        due_on=timezone.localdate() + timedelta(days=30),
        actor=bureau_staff,
        reason="Verlenging.",
    )
    assert selectors.claim_computation(notice=DefaultNotice.objects.get(pk=notice.pk)) is None
    assert selectors.claimable_breaches(case) == []


@pytest.mark.django_db
def test_payment_reduction_and_waiver_with_four_eyes(case, bureau_staff, municipal_staff, outsider):
    notice = send(case, bureau_staff, days_ago=40)
    claim = penalties.penalty_claim_record(case=case, actor=bureau_staff, notice=notice)
    # The buyer and staff elsewhere do nothing to a claim.
    for actor in (case.buyer, outsider):
        with pytest.raises(ValidationError):
            penalties.penalty_claim_propose(
                claim=claim, actor=actor, proposal=rules.WAIVE, reasons="x"
            )
    with pytest.raises(ValidationError):
        penalties.penalty_claim_propose(
            claim=claim, actor=bureau_staff, proposal=rules.REDUCE, reasons="x", amount=claim.amount
        )
    with pytest.raises(ValidationError):
        penalties.penalty_claim_propose(
            claim=claim, actor=bureau_staff, proposal=rules.WAIVE, reasons=" "
        )
    proposed = penalties.penalty_claim_propose(
        claim=claim,
        actor=bureau_staff,
        proposal=rules.REDUCE,
        reasons="Ernstige ziekte van koper.",
        amount=Decimal(5000),
    )
    # Never the proposer, never the buyer.
    for actor in (bureau_staff, case.buyer):
        with pytest.raises(ValidationError):
            penalties.penalty_claim_approve(claim=proposed, actor=actor)
    reduced = penalties.penalty_claim_approve(claim=proposed, actor=municipal_staff)
    assert reduced.status == rules.REDUCED
    assert reduced.amount_due == Decimal(5000)
    assert reduced.amount == claim.amount  # what was claimed stays as claimed
    # The payment is of the amount due, on a day between the claim and today.
    with pytest.raises(ValidationError):
        penalties.penalty_claim_pay(
            claim=reduced, actor=bureau_staff, paid_on=timezone.localdate(), amount=Decimal(4000)
        )
    with pytest.raises(ValidationError):
        penalties.penalty_claim_pay(
            claim=reduced,
            actor=bureau_staff,
            paid_on=timezone.localdate() + timedelta(days=1),
            amount=Decimal(5000),
        )
    paid = penalties.penalty_claim_pay(
        claim=reduced, actor=bureau_staff, paid_on=timezone.localdate(), amount=Decimal(5000)
    )
    assert paid.status == rules.PAID
    assert [c.to_status for c in paid.history.all()] == [
        rules.CLAIMED,
        rules.REDUCTION_PROPOSED,
        rules.REDUCED,
        rules.PAID,
    ]
    with pytest.raises(ValidationError):
        penalties.penalty_claim_pay(
            claim=paid, actor=bureau_staff, paid_on=timezone.localdate(), amount=Decimal(5000)
        )


@pytest.mark.django_db
def test_a_refused_waiver_leaves_the_claim_standing(case, bureau_staff, municipal_staff):
    notice = send(case, bureau_staff, days_ago=40)
    claim = penalties.penalty_claim_record(case=case, actor=bureau_staff, notice=notice)
    proposed = penalties.penalty_claim_propose(
        claim=claim, actor=municipal_staff, proposal=rules.WAIVE, reasons="Coulance."
    )
    with pytest.raises(ValidationError):
        penalties.penalty_claim_refuse_proposal(claim=proposed, actor=bureau_staff, reasons=" ")
    standing = penalties.penalty_claim_refuse_proposal(
        claim=proposed, actor=bureau_staff, reasons="Geen bijzondere omstandigheden."
    )
    assert standing.status == rules.CLAIMED
    assert standing.amount_due == claim.amount
    waived_later = penalties.penalty_claim_approve(
        claim=penalties.penalty_claim_propose(
            claim=standing, actor=bureau_staff, proposal=rules.WAIVE, reasons="Overlijden."
        ),
        actor=municipal_staff,
    )
    assert waived_later.status == rules.WAIVED
    assert waived_later.amount_due == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="races are tested on PostgreSQL")
def test_two_approvals_at_once_give_one_decision(case, bureau_staff, municipal_staff, superuser):
    notice = send(case, bureau_staff, days_ago=40)
    claim = penalties.penalty_claim_record(case=case, actor=bureau_staff, notice=notice)
    proposed = penalties.penalty_claim_propose(
        claim=claim, actor=bureau_staff, proposal=rules.WAIVE, reasons="Overlijden partner."
    )
    approvers = iter([municipal_staff, superuser])
    results, errors = _concurrently(
        2, lambda: penalties.penalty_claim_approve(claim=proposed, actor=next(approvers))
    )
    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert PenaltyClaimChange.objects.filter(claim=claim, to_status=rules.WAIVED).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="races are tested on PostgreSQL")
def test_two_claims_at_once_claim_the_penalty_once(case, bureau_staff, municipal_staff):
    notice = send(case, bureau_staff, days_ago=40)
    actors = iter([bureau_staff, municipal_staff])
    results, errors = _concurrently(
        2,
        lambda: penalties.penalty_claim_record(case=case, actor=next(actors), notice=notice),
    )
    assert len(results) == 1
    assert len(errors) == 1
    assert PenaltyClaim.objects.count() == 1


@pytest.mark.django_db
def test_the_case_page_shows_the_computation_and_staff_claim_through_it(
    case, client_for, bureau_staff, municipal_staff, outsider
):
    act = "admin:aftercare_case_act"
    page_url = reverse("admin:aftercare_case_change", args=[case.pk])
    staff = client_for(bureau_staff)
    obligation = start(case)
    # A mistake: no facts, a date in the future. The page comes back with what was typed.
    sent_on = timezone.localdate() - timedelta(days=40)
    page = staff.post(
        reverse(act, args=[case.pk, "default_notice"]),
        {"obligation": obligation.pk, "facts": "", "method": "bailiff", "sent_on": "2999-01-01"},
    )
    assert page.status_code == 200
    assert 'value="2999-01-01"' in page.content.decode()
    assert not DefaultNotice.objects.exists()
    response = staff.post(
        reverse(act, args=[case.pk, "default_notice"]),
        {
            "obligation": obligation.pk,
            "facts": "Bij bezoek op 1 april geen werkzaamheden.",
            "method": "bailiff",
            "sent_on": sent_on.isoformat(),
        },
    )
    assert response.status_code == 302
    notice = DefaultNotice.objects.get()
    html = staff.get(page_url).content.decode()
    computed = sanctions.penalty_due(
        case.contract.sent_version.data["penalties"],
        days=(timezone.localdate() - notice.comply_by).days,
        price=None,
    )
    assert computed.amount == Decimal(10250) + 50 * computed.days
    assert 'id="penalty-computation"' in html
    assert euro(computed.amount) in html
    # Staff of another municipality cannot act on this case.
    claim_url = reverse(act, args=[case.pk, "claim"])
    assert client_for(outsider).post(claim_url, {"breach": f"notice-{notice.pk}"}).status_code in (
        403,
        404,
    )
    staff = client_for(bureau_staff)  # one test client: log the staff member in again
    assert staff.post(claim_url, {"breach": f"notice-{notice.pk}"}).status_code == 302
    claim = PenaltyClaim.objects.get()
    assert claim.amount == computed.amount
    # Propose a waiver without reasons: refused, kept; then with reasons.
    propose = reverse(act, args=[case.pk, "claim_propose"])
    page = staff.post(propose, {"claim": claim.pk, "proposal": "waive", "reasons": ""})
    assert page.status_code == 200
    staff.post(propose, {"claim": claim.pk, "proposal": "waive", "reasons": "Overlijden."})
    approve = reverse(act, args=[case.pk, "claim_approve"])
    staff.post(approve, {"claim": claim.pk, "decision": "approve"})
    claim.refresh_from_db()
    assert claim.status == rules.REDUCTION_PROPOSED  # the proposer's own approval refused
    client_for(municipal_staff).post(approve, {"claim": claim.pk, "decision": "approve"})
    claim.refresh_from_db()
    assert claim.status == rules.WAIVED
    assert claim.decided_by == municipal_staff
    # The buyer sees the notice, its letter and the claim on their page.
    buyer_page = client_for(case.buyer).get(reverse("aftercare:home", args=[case.pk]))
    text = buyer_page.content.decode()
    assert reverse("aftercare:letter", args=[notice.letter_id]) in text
    assert "Kwijtgescholden" in text or "Waived" in text


@pytest.mark.django_db
def test_the_letter_is_for_its_buyer_and_staff_and_reading_it_is_logged(
    case, client_for, bureau_staff, other_applicant, outsider
):
    from klushuis.privacy.models import AccessLogEntry  # noqa: PLC0415 - only here

    notice = send(case, bureau_staff)
    url = reverse("aftercare:letter", args=[notice.letter_id])
    response = client_for(case.buyer).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert not AccessLogEntry.objects.exists()  # the buyer reading their own letter
    assert client_for(bureau_staff).get(url).status_code == 200
    assert AccessLogEntry.objects.filter(user=bureau_staff, what="letter").count() == 1
    for user in (other_applicant, outsider):
        assert client_for(user).get(url).status_code == 404
