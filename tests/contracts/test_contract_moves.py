"""Every move of a purchase agreement that is not allowed, by status and by who tries it,
through the services that make the moves (the table in contracts/rules.py is what the services
enforce; these tests say what a user would notice: the refusal, and nothing changed)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from contracts import services
from contracts.models import Contract
from tests.applications.conftest import pdf_upload

pytestmark = pytest.mark.django_db

LONG_AGO = timedelta(days=40)

MOVES = {
    "send": lambda c, actor: services.contract_send(contract=c, actor=actor),
    "buyer_signature": lambda c, actor: services.contract_record_buyer_signature(
        contract=c, actor=actor
    ),
    "seller_signature": lambda c, actor: services.contract_record_seller_signature(
        contract=c,
        actor=actor,
        signed_copy=pdf_upload("getekend.pdf"),
        handed_over_at=timezone.now() - LONG_AGO,
    ),
    "transfer": lambda c, actor: services.contract_transfer(contract=c, actor=actor),
    "dissolve_by_staff": lambda c, actor: services.contract_dissolve_by_staff(
        contract=c, actor=actor, reason="Financieringsvoorbehoud", kind="financing_condition"
    ),
    "dissolve_by_buyer": lambda c, actor: services.contract_dissolve_by_buyer(
        contract=c, actor=actor
    ),
    "withdraw_after_accepting": lambda c, actor: services.sale_withdraw(
        application=c.application, actor=actor
    ),
}

# Written out, not read from the table: what each status lets whom do. Everything else is
# refused. (Signed by both with the cooling-off period over: the buyer can no longer dissolve.)
ALLOWED = {
    ("draft", "send", "staff"),
    ("draft", "dissolve_by_staff", "staff"),
    ("draft", "withdraw_after_accepting", "buyer"),
    ("sent", "buyer_signature", "staff"),
    ("sent", "dissolve_by_staff", "staff"),
    ("signed_by_buyer", "seller_signature", "staff"),
    ("signed_by_buyer", "dissolve_by_staff", "staff"),
    ("signed_by_buyer", "dissolve_by_buyer", "buyer"),
    ("signed_by_seller", "transfer", "staff"),
    ("signed_by_seller", "dissolve_by_staff", "staff"),
}

STATUSES = ["draft", "sent", "signed_by_buyer", "signed_by_seller", "dissolved", "transferred"]
ACTORS = ["buyer", "staff", "other_buyer", "auditor", "system"]


def _bring_to(contract, status, staff) -> Contract:
    """The contract in `status`, through the services as staff would get it there."""
    if status == "draft":
        return contract
    if status == "dissolved":
        return services.contract_dissolve_by_staff(
            contract=contract, actor=staff, reason="Test", kind="agreement"
        )
    # Sent and signed by the buyer before the handover, which is long ago (events in order).
    with time_machine.travel(timezone.now() - LONG_AGO - timedelta(days=1), tick=False):
        services.contract_send(contract=contract, actor=staff)
        contract.refresh_from_db()
        services.contract_render(contract.sent_version_id)
        if status == "sent":
            return contract
        services.contract_record_buyer_signature(contract=contract, actor=staff)
    if status == "signed_by_buyer":
        return contract
    MOVES["seller_signature"](contract, staff)
    if status == "signed_by_seller":
        return contract
    return services.contract_transfer(contract=contract, actor=staff)


@pytest.mark.parametrize("actor_name", ACTORS)
@pytest.mark.parametrize("status", STATUSES)
def test_every_move_the_table_does_not_give_this_actor_is_refused(
    status, actor_name, accepted, bureau_staff, other_applicant, auditor
):
    contract = _bring_to(accepted, status, bureau_staff)
    contract.refresh_from_db()
    assert contract.status == status
    actor = {
        "buyer": contract.application.user,
        "staff": bureau_staff,
        "other_buyer": other_applicant,
        "auditor": auditor,
        "system": None,
    }[actor_name]
    let_through = []
    for name, move in MOVES.items():
        if (status, name, actor_name) in ALLOWED:
            continue
        try:
            with transaction.atomic():
                move(contract, actor)
        except ValidationError:
            pass
        else:
            let_through.append(name)
        contract.refresh_from_db()
        assert contract.status == status, name
    assert let_through == []


@pytest.mark.parametrize("move", ["send", "dissolve_by_staff", "transfer"])
def test_a_move_by_someone_the_table_does_not_name_says_so(move, accepted, bureau_staff, auditor):
    contract = _bring_to(
        accepted, {"transfer": "signed_by_seller"}.get(move, "draft"), bureau_staff
    )
    with pytest.raises(ValidationError) as refused:
        MOVES[move](contract, auditor)
    assert refused.value.code == "actor"


def test_only_the_buyer_uses_the_cooling_off_period(accepted, bureau_staff):
    """Staff may dissolve a signed agreement, but not in the buyer's name."""
    contract = _bring_to(accepted, "signed_by_buyer", bureau_staff)
    with pytest.raises(ValidationError) as refused:
        services.contract_dissolve_by_buyer(contract=contract, actor=bureau_staff)
    assert refused.value.code == "actor"
    services.contract_dissolve_by_buyer(contract=contract, actor=contract.application.user)
    contract.refresh_from_db()
    assert contract.status == "dissolved"
