"""The agreement's events happen in order, through the services: no signature before the
agreement was sent, no handover before the buyer signed, no transfer before the handover or
the end of the cooling-off period, and nothing in the future. A refusal changes nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from contracts import selectors, services
from tests.applications.conftest import pdf_upload

pytestmark = pytest.mark.django_db


def _sent(contract, staff, at):
    with time_machine.travel(at, tick=False):
        services.contract_send(contract=contract, actor=staff)
    contract.refresh_from_db()
    services.contract_render(contract.sent_version_id)
    return contract


def _seller(contract, staff, *, handed_over_at, signed_at=None):
    return services.contract_record_seller_signature(
        contract=contract,
        actor=staff,
        signed_copy=pdf_upload("getekend.pdf"),
        handed_over_at=handed_over_at,
        signed_at=signed_at,
    )


def _status(contract):
    contract.refresh_from_db()
    return contract.status


def test_the_buyer_cannot_have_signed_before_the_agreement_was_sent(accepted, bureau_staff):
    contract = _sent(accepted, bureau_staff, timezone.now() - timedelta(days=2))
    with pytest.raises(ValidationError, match="voordat de koopovereenkomst is verstuurd"):
        services.contract_record_buyer_signature(
            contract=contract, actor=bureau_staff, signed_at=timezone.now() - timedelta(days=3)
        )
    assert _status(contract) == "sent"


def test_the_buyers_signature_cannot_be_in_the_future(accepted, bureau_staff):
    contract = _sent(accepted, bureau_staff, timezone.now() - timedelta(days=2))
    with pytest.raises(ValidationError, match="kan niet in de toekomst liggen"):
        services.contract_record_buyer_signature(
            contract=contract, actor=bureau_staff, signed_at=timezone.now() + timedelta(days=1)
        )
    assert _status(contract) == "sent"


def test_the_buyer_may_sign_any_time_after_it_was_sent(accepted, bureau_staff):
    contract = _sent(accepted, bureau_staff, timezone.now() - timedelta(days=2))
    signed_at = timezone.now() - timedelta(days=1)
    contract = services.contract_record_buyer_signature(
        contract=contract, actor=bureau_staff, signed_at=signed_at
    )
    assert contract.status == "signed_by_buyer"
    assert contract.buyer_signed_at == signed_at


@pytest.mark.parametrize("which", ["signature", "handover"])
def test_the_municipality_cannot_sign_or_hand_over_before_the_buyer_signed(
    which, accepted, bureau_staff
):
    contract = _sent(accepted, bureau_staff, timezone.now() - timedelta(days=5))
    services.contract_record_buyer_signature(
        contract=contract, actor=bureau_staff, signed_at=timezone.now() - timedelta(days=2)
    )
    too_early = timezone.now() - timedelta(days=3)
    moments = {"signed_at": too_early if which == "signature" else None}
    moments["handed_over_at"] = too_early if which == "handover" else timezone.now()
    with pytest.raises(ValidationError, match="voordat de koper"):
        _seller(contract, bureau_staff, **moments)
    assert _status(contract) == "signed_by_buyer"


@pytest.mark.parametrize("which", ["signed_at", "handed_over_at"])
def test_the_municipalitys_signature_and_the_handover_cannot_be_in_the_future(
    which, accepted, bureau_staff
):
    contract = _sent(accepted, bureau_staff, timezone.now() - timedelta(days=5))
    services.contract_record_buyer_signature(contract=contract, actor=bureau_staff)
    moments = {"signed_at": None, "handed_over_at": timezone.now()}
    moments[which] = timezone.now() + timedelta(hours=2)
    with pytest.raises(ValidationError, match="kan niet in de toekomst liggen"):
        _seller(contract, bureau_staff, **moments)
    assert _status(contract) == "signed_by_buyer"


def test_a_handover_typed_in_the_minute_the_buyer_signed_is_accepted(accepted, bureau_staff):
    """The admin's form takes minutes: 14:05 follows a signature recorded at 14:05:30."""
    contract = _sent(accepted, bureau_staff, timezone.now() - timedelta(days=5))
    signed_at = (timezone.now() - timedelta(days=1)).replace(second=30)
    services.contract_record_buyer_signature(
        contract=contract, actor=bureau_staff, signed_at=signed_at
    )
    contract = _seller(contract, bureau_staff, handed_over_at=signed_at.replace(second=0))
    assert contract.status == "signed_by_seller"


def _handed_over(accepted, staff, days_ago):
    contract = _sent(accepted, staff, timezone.now() - timedelta(days=days_ago + 2))
    handed_over_at = timezone.now() - timedelta(days=days_ago)
    services.contract_record_buyer_signature(
        contract=contract, actor=staff, signed_at=handed_over_at - timedelta(days=1)
    )
    return _seller(contract, staff, handed_over_at=handed_over_at)


def test_the_transfer_cannot_be_before_the_cooling_off_period_ended(accepted, bureau_staff):
    contract = _handed_over(accepted, bureau_staff, 40)
    ends_at = selectors.cooling_off_state(contract)["ends_at"]
    with pytest.raises(ValidationError, match="voordat de bedenktijd voorbij was"):
        services.contract_transfer(
            contract=contract, actor=bureau_staff, transferred_at=ends_at - timedelta(hours=1)
        )
    assert _status(contract) == "signed_by_seller"
    contract = services.contract_transfer(
        contract=contract, actor=bureau_staff, transferred_at=ends_at
    )
    assert contract.status == "transferred"


def test_the_transfer_cannot_be_before_the_handover(accepted, bureau_staff):
    contract = _handed_over(accepted, bureau_staff, 40)
    # Without a cooling-off period (art. 7:2 lid 2 BW) only the handover bounds it.
    type(contract).objects.filter(pk=contract.pk).update(cooling_off_applies=False)
    with pytest.raises(ValidationError, match="voordat de getekende koopovereenkomst"):
        services.contract_transfer(
            contract=contract,
            actor=bureau_staff,
            transferred_at=contract.handed_over_at - timedelta(days=1),
        )
    assert _status(contract) == "signed_by_seller"


def test_the_transfer_cannot_be_in_the_future(accepted, bureau_staff):
    contract = _handed_over(accepted, bureau_staff, 40)
    with pytest.raises(ValidationError, match="kan niet in de toekomst liggen"):
        services.contract_transfer(
            contract=contract,
            actor=bureau_staff,
            transferred_at=timezone.now() + timedelta(days=1),
        )
    assert _status(contract) == "signed_by_seller"
