"""Terms count from the right day (issue #14, item 4): the deposit and the financing condition
from the handover of the agreement signed by both, never from the day the draft was made and
never inside the cooling-off period; the renovation's deadlines from the transfer."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from contracts import cooling_off, rules, selectors, services
from contracts.services import generation
from tests.applications.conftest import pdf_upload
from tests.contracts.conftest import pdf_text

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _sign(contract, staff, handed_over_at):
    # Sent and signed by the buyer before the handover: the services keep events in order.
    with time_machine.travel(handed_over_at - timedelta(hours=1), tick=False):
        services.contract_send(contract=contract, actor=staff)
        contract.refresh_from_db()
        services.contract_render(contract.sent_version_id)
        services.contract_record_buyer_signature(contract=contract, actor=staff)
    return services.contract_record_seller_signature(
        contract=contract,
        actor=staff,
        signed_copy=pdf_upload("getekend.pdf"),
        handed_over_at=handed_over_at,
    )


def test_a_draft_made_on_day_d_and_signed_ten_days_later_counts_from_the_signing(
    accepted, bureau_staff
):
    made = accepted.created_at.astimezone(AMSTERDAM).date()
    assert accepted.deposit_due is None  # not a date yet: "N dagen na ondertekening"
    draft = selectors.latest_version(accepted)
    generation.contract_render(draft.pk)
    draft.refresh_from_db()
    with draft.pdf.open("rb") as handle:
        text = " ".join(pdf_text(handle.read()).split())
    assert "de 14e dag na ondertekening door beide partijen" in text
    assert "de 42e dag na ondertekening door beide partijen" in text

    later = datetime.combine(made + timedelta(days=10), datetime.min.time(), AMSTERDAM)
    with time_machine.travel(later.replace(hour=12), tick=False):
        contract = _sign(accepted, bureau_staff, later.replace(hour=11))
    assert contract.deposit_due == made + timedelta(days=10 + 14)
    assert contract.financing_condition_ends == made + timedelta(days=10 + 42)


def test_no_deadline_falls_inside_the_cooling_off_period(accepted, bureau_staff):
    template = generation.library_install(accepted.municipality)["purchase_agreement"]
    template.deposit_days = 1
    template.financing_condition_days = 2
    template.save()
    generation.contract_render(services.contract_regenerate(contract=accepted).pk)
    friday = datetime(2027, 1, 15, 11, 0, tzinfo=AMSTERDAM)  # the period ends Tuesday 19 Jan
    with time_machine.travel(friday + timedelta(hours=1), tick=False):
        contract = _sign(accepted, bureau_staff, friday)
    last_day = selectors.cooling_off_state(contract)["last_day"]
    assert last_day == date(2027, 1, 19)
    assert contract.deposit_due > last_day
    assert contract.financing_condition_ends > last_day


def test_the_renovation_deadlines_are_fixed_at_the_transfer(accepted, bureau_staff):
    handed = datetime(2027, 1, 15, 11, 0, tzinfo=AMSTERDAM)
    with time_machine.travel(handed + timedelta(hours=1), tick=False):
        contract = _sign(accepted, bureau_staff, handed)
    transferred = datetime(2027, 3, 31, 10, 0, tzinfo=AMSTERDAM)
    with time_machine.travel(transferred, tick=False):
        contract = services.contract_transfer(contract=contract, actor=bureau_staff)
    sales_round = contract.offer.sales_round
    assert (contract.renovation_start_by, contract.renovation_completed_by) == (
        rules.renovation_deadlines(
            date(2027, 3, 31),
            sales_round.renovation_start_months,
            sales_round.renovation_completion_months,
        )
    )


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31)),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=60),
)
def test_the_terms_never_end_inside_the_cooling_off_period(handed_over, deposit, financing):
    moment = datetime.combine(handed_over, datetime.min.time(), AMSTERDAM).replace(hour=12)
    last_day = cooling_off.cooling_off_last_day(moment, decree_days=())
    due, ends = rules.dates_after_signing(
        handed_over, deposit_days=deposit, financing_days=financing, cooling_off_last_day=last_day
    )
    assert due > last_day
    assert ends > last_day
    assert due >= handed_over + timedelta(days=deposit)
