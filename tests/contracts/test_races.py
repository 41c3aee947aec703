"""The sale against the selection in one round, on PostgreSQL with real concurrent
transactions: everything that touches a round's offers locks round -> property -> offer ->
application -> contract (applications/offers/services.py, contracts/services/lifecycle.py)."""

import json
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from applications.lottery import services as lottery
from applications.models import Application, LotteryDraw, Offer
from applications.offers import services as offers
from contracts import services
from contracts.models import Contract
from tests.applications.test_races import _concurrently
from tests.contracts.conftest import accept

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="races are tested on PostgreSQL (CI)"
    ),
]


def _steer(sales_round, notary, staff):
    """Homes 0, 1, 2 offered to applications 0, 1, 2. Reserves: home 0 [3], home 1 [3, 4],
    home 2 [5]: the cascades after the dissolution and the decline compete for candidate 3."""
    draw = lottery.lottery_draw(sales_round=sales_round, public_value="1-2-3", actor=notary)
    apps = list(Application.objects.filter(sales_round=sales_round).order_by("reference"))
    homes = list(sales_round.properties.order_by("reference"))
    record = json.loads(draw.record)
    record["allocation"] = {homes[i].reference: apps[i].reference for i in range(3)}
    record["reserves"] = {
        homes[0].reference: [apps[3].reference],
        homes[1].reference: [apps[3].reference, apps[4].reference],
        homes[2].reference: [apps[5].reference],
    }
    LotteryDraw.objects.filter(pk=draw.pk).update(record=json.dumps(record))
    offers.offers_start(sales_round=sales_round, actor=staff)
    return apps, homes


@pytest.mark.parametrize("attempt", range(3))
def test_a_dissolution_a_decline_and_an_expiry_in_one_round_do_not_deadlock(
    attempt, frozen_round, notary, bureau_staff
):
    apps, homes = _steer(frozen_round, notary, bureau_staff)
    with mock.patch("contracts.services.generation._queue_render"):
        accept(Offer.objects.get(application=apps[0]))
    contract = Contract.objects.get(application=apps[0])
    declined = Offer.objects.get(application=apps[1])
    overdue = Offer.objects.get(application=apps[2])
    Offer.objects.filter(pk=overdue.pk).update(respond_before=timezone.now())

    actions = iter(
        [
            lambda: services.contract_dissolve_by_staff(
                contract=contract,
                actor=bureau_staff,
                reason="Financiering rond niet",
                kind="financing_condition",
            ),
            lambda: offers.offer_decline(offer=declined, actor=apps[1].user),
            lambda: offers.offers_expire_due(sales_round=frozen_round),
        ]
    )
    with mock.patch("contracts.services.generation._queue_render"):
        _results, errors = _concurrently(3, lambda: next(actions)())
    assert errors == []

    # Candidate 3 holds one offer (home 0 or 1), and the other home waits for their answer
    # (nobody is skipped); home 2 went to candidate 5. Never two live offers for a home.
    live = Offer.objects.filter(sales_round=frozen_round, status__in=["open", "accepted"])
    assert sorted(o.property_id for o in live) == sorted({o.property_id for o in live})
    held_by_3 = [o.property_id for o in live if o.application_id == apps[3].pk]
    assert len(held_by_3) == 1
    assert held_by_3[0] in (homes[0].pk, homes[1].pk)
    assert [o.application_id for o in live if o.property_id == homes[2].pk] == [apps[5].pk]
    assert not [o for o in live if o.application_id == apps[4].pk]
    # Every history complete: the offers', the applications', the home's and the contract's.
    ends = {
        apps[0].pk: [("open", "accepted"), ("accepted", "withdrawn")],
        apps[1].pk: [("open", "declined")],
        apps[2].pk: [("open", "expired")],
    }
    for application_id, moves in ends.items():
        offer = Offer.objects.get(application_id=application_id, source="allocation")
        assert [(h.from_status, h.to_status) for h in offer.history.all()] == moves
    assert Application.objects.get(pk=apps[0].pk).status == "withdrawn"
    assert Application.objects.get(pk=apps[1].pk).status == "declined"
    assert Application.objects.get(pk=apps[2].pk).status == "offer_expired"
    homes[0].refresh_from_db()
    assert homes[0].status == "in_round"
    assert list(homes[0].history.values_list("to_status", flat=True))[-2:] == [
        "allocated",
        "in_round",
    ]
    contract.refresh_from_db()
    assert contract.status == "dissolved"
    assert list(contract.history.values_list("to_status", flat=True)) == ["draft", "dissolved"]
