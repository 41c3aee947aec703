from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from contracts import services
from tests.applications.conftest import frozen_round, lottery_round, notary, pdf_upload  # noqa: F401
from tests.contracts.conftest import accepted  # noqa: F401


def transfer(contract, staff, *, days_ago: int = 0):
    """Sent, signed by both and handed over, then transferred `days_ago` days ago (after the
    cooling-off period), all through the services in order."""
    end = timezone.now() - timedelta(days=days_ago)
    with time_machine.travel(end - timedelta(days=30), tick=False):
        services.contract_send(contract=contract, actor=staff)
    contract.refresh_from_db()
    services.contract_render(contract.sent_version_id)
    handed = end - timedelta(days=20)
    with time_machine.travel(handed, tick=False):
        services.contract_record_buyer_signature(contract=contract, actor=staff)
        services.contract_record_seller_signature(
            contract=contract,
            actor=staff,
            signed_copy=pdf_upload("getekend.pdf"),
            handed_over_at=handed,
        )
    with time_machine.travel(end, tick=False):
        services.contract_transfer(contract=contract, actor=staff)
    contract.refresh_from_db()
    return contract


@pytest.fixture
def transferred(accepted, bureau_staff):  # noqa: F811
    return transfer(accepted, bureau_staff)
