"""Exemptions (issue #16, item 2): the buyer asks, staff decide with reasons, a grant needs a
second authorised person (four eyes), a new deadline moves the obligation."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from aftercare import exemptions, rules
from aftercare.models import Case, ExemptionChange
from tests.applications.test_races import _concurrently


@pytest.fixture
def case(transferred):
    return Case.objects.get(contract=transferred)


def ask(case, **kwargs):
    completion = case.obligations.get(kind=rules.COMPLETION)
    return exemptions.exemption_request(
        case=case,
        actor=case.buyer,
        ground=rules.ILLNESS,
        explanation="Na een operatie kan ik de verbouwing niet op tijd afmaken.",
        obligation=completion,
        **kwargs,
    )


@pytest.mark.django_db
def test_a_new_deadline_needs_a_second_person_and_moves_the_obligation(
    case, bureau_staff, municipal_staff, outbox, django_capture_on_commit_callbacks
):
    request = ask(case)
    new_due = case.obligations.get(kind=rules.COMPLETION).due_on + timedelta(days=90)
    proposed = exemptions.exemption_propose(
        exemption=request,
        actor=bureau_staff,
        outcome=rules.NEW_DEADLINE,
        reasons="Medische verklaring overgelegd.",
        new_due_on=new_due,
    )
    assert proposed.status == rules.PROPOSED
    # Not the one who proposed, not the buyer who asked.
    for actor in (bureau_staff, case.buyer):
        with pytest.raises(ValidationError):
            exemptions.exemption_approve(exemption=proposed, actor=actor)
    with django_capture_on_commit_callbacks(execute=True):
        granted = exemptions.exemption_approve(exemption=proposed, actor=municipal_staff)
    assert granted.status == rules.GRANTED
    assert granted.decided_by == municipal_staff
    completion = case.obligations.get(kind=rules.COMPLETION)
    assert completion.due_on == new_due
    assert completion.history.filter(due_on=new_due).exists()
    assert [c.to_status for c in ExemptionChange.objects.filter(exemption=request)] == [
        rules.PROPOSED,
        rules.GRANTED,
    ]
    assert len(outbox) == 1
    assert case.buyer.email in outbox[0].to
    # Decided once: no second approval.
    with pytest.raises(ValidationError):
        exemptions.exemption_approve(exemption=granted, actor=municipal_staff)


@pytest.mark.django_db
def test_a_refusal_is_one_decision_with_reasons(case, bureau_staff):
    request = ask(case)
    with pytest.raises(ValidationError):
        exemptions.exemption_propose(
            exemption=request, actor=bureau_staff, outcome=rules.REFUSAL, reasons=" "
        )
    refused = exemptions.exemption_propose(
        exemption=request, actor=bureau_staff, outcome=rules.REFUSAL, reasons="Geen stukken."
    )
    assert refused.status == rules.REFUSED
    assert refused.reasons == "Geen stukken."


@pytest.mark.django_db
def test_the_second_person_may_refuse_the_proposal(case, bureau_staff, municipal_staff):
    request = ask(case)
    proposed = exemptions.exemption_propose(
        exemption=request,
        actor=bureau_staff,
        outcome=rules.RELEASE_WITHOUT_PAYMENT,
        reasons="Overlijden partner.",
    )
    refused = exemptions.exemption_refuse_proposal(
        exemption=proposed, actor=municipal_staff, reasons="Geen grond voor ontheffing."
    )
    assert refused.status == rules.REFUSED
    assert refused.outcome == rules.REFUSAL


@pytest.mark.django_db
def test_only_the_buyer_asks_and_only_staff_of_the_municipality_decide(
    case, bureau_staff, outsider, other_applicant, auditor
):
    for actor in (bureau_staff, other_applicant, outsider):
        with pytest.raises(ValidationError):
            exemptions.exemption_request(
                case=case, actor=actor, ground=rules.OTHER_GROUND, explanation="x"
            )
    with pytest.raises(ValidationError):
        exemptions.exemption_request(
            case=case, actor=case.buyer, ground=rules.OTHER_GROUND, explanation="  "
        )
    request = ask(case)
    for actor in (case.buyer, outsider, auditor):
        with pytest.raises(ValidationError):
            exemptions.exemption_propose(
                exemption=request, actor=actor, outcome=rules.REFUSAL, reasons="Nee."
            )
    # A new deadline must lie after today.
    with pytest.raises(ValidationError):
        exemptions.exemption_propose(
            exemption=request,
            actor=bureau_staff,
            outcome=rules.NEW_DEADLINE,
            reasons="Ja.",
            new_due_on=timezone.localdate(),
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="races are tested on PostgreSQL")
def test_two_approvals_at_once_give_one_decision(case, bureau_staff, municipal_staff, superuser):
    request = ask(case)
    new_due = timezone.localdate() + timedelta(days=400)
    proposed = exemptions.exemption_propose(
        exemption=request,
        actor=bureau_staff,
        outcome=rules.NEW_DEADLINE,
        reasons="Ziekte.",
        new_due_on=new_due,
    )
    approvers = iter([municipal_staff, superuser])
    results, errors = _concurrently(
        2, lambda: exemptions.exemption_approve(exemption=proposed, actor=next(approvers))
    )
    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert ExemptionChange.objects.filter(exemption=request, to_status=rules.GRANTED).count() == 1
    completion = case.obligations.get(kind=rules.COMPLETION)
    assert completion.history.filter(due_on=new_due).count() == 1


@pytest.mark.django_db
def test_the_walk_through_the_pages(
    case, client_for, bureau_staff, municipal_staff, other_applicant
):
    from django.urls import reverse  # noqa: PLC0415 - only this page test needs it

    buyer = client_for(case.buyer)
    url = reverse("aftercare:exemption", args=[case.pk])
    # Refused: what was typed is kept.
    page = buyer.post(url, {"exemption-ground": "illness", "exemption-explanation": ""})
    assert page.status_code == 200
    completion = case.obligations.get(kind=rules.COMPLETION)
    typed = {
        "exemption-ground": "illness",
        "exemption-obligation": completion.pk,
        "exemption-explanation": "Ik ben lange tijd ziek geweest.",
    }
    assert buyer.post(url, typed).status_code == 302
    assert client_for(other_applicant).post(url, typed).status_code == 404
    act = "admin:aftercare_case_act"
    new_due = completion.due_on + timedelta(days=60)
    response = client_for(bureau_staff).post(
        reverse(act, args=[case.pk, "exemption_decide"]),
        {"outcome": "new_deadline", "new_due_on": new_due.isoformat(), "reasons": "Arts."},
    )
    assert response.status_code == 302
    page = client_for(bureau_staff).get(reverse("admin:aftercare_case_change", args=[case.pk]))
    assert "act-exemption-approve" in page.content.decode()
    # Four eyes: the proposer's own approval is refused on the page.
    client_for(bureau_staff).post(
        reverse(act, args=[case.pk, "exemption_approve"]), {"decision": "approve"}
    )
    assert case.exemptions.get().status == rules.PROPOSED
    client_for(municipal_staff).post(
        reverse(act, args=[case.pk, "exemption_approve"]), {"decision": "approve"}
    )
    assert case.exemptions.get().status == rules.GRANTED
    html = client_for(case.buyer).get(reverse("aftercare:home", args=[case.pk])).content.decode()
    assert "Arts." in html
