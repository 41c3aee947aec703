"""After the sale (2), issue #16: the computations read the version the buyer signed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from aftercare import exemptions, rules, selectors
from aftercare.models import Case, Evidence, Obligation
from contracts.services import generation
from tests.aftercare.conftest import transfer
from tests.aftercare.test_services import fill_notice, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(accepted, bureau_staff):
    sales_round = accepted.offer.sales_round
    sales_round.penalty_amount = Decimal(10250)
    sales_round.penalty_percentage = None
    sales_round.penalty_daily_amount = Decimal(50)
    sales_round.penalty_cap = Decimal(25000)
    sales_round.anti_speculation = "profit_share"
    sales_round.anti_speculation_percentage = 50
    sales_round.anti_speculation_years = 5
    sales_round.save()
    version = generation.contract_regenerate(contract=accepted)
    generation.contract_render(version.pk)
    contract = transfer(accepted, bureau_staff)
    return Case.objects.get(contract=contract)


def test_the_signed_version_carries_the_figures_aftercare_computes_from(case):
    data = case.contract.sent_version.data
    assert data["anti_speculation"] == {
        "method": "profit_share",
        "years": 5,
        "percentage": "50",
        "amount": None,
    }
    price = case.property.current_figures.purchase_price
    assert Decimal(data["purchase_price"]) == price
    # A later change to the round does not change what the case computes.
    assert data["penalties"]["general"]["daily"] == "50.00"
    case.sales_round.anti_speculation_percentage = 90
    case.sales_round.save()
    verdict, payment = selectors.resale_computation(
        case, resale_price=price, sold_on=timezone.localdate()
    )
    assert verdict == "breach"  # the occupancy term has not even started
    assert payment.percentage == Decimal(50)


def test_the_penalty_for_an_overdue_deadline(case):
    completion = case.obligations.get(kind=rules.COMPLETION)
    assert selectors.penalty_for_obligation(completion, today=completion.due_on) is None
    late = selectors.penalty_for_obligation(
        completion, today=completion.due_on + timedelta(days=100)
    )
    assert late.amount == Decimal("15250.00")
    assert late.days == 100
    # After a notice of default the days count from the end of its term.
    sent = completion.due_on + timedelta(days=10)
    notice_days = case.contract.sent_version.data["penalties"]["notice_days"]
    after_notice = selectors.penalty_for_obligation(
        completion, today=completion.due_on + timedelta(days=100), notice_sent_on=sent
    )
    assert after_notice.days == 100 - 10 - notice_days
    capped = selectors.penalty_for_obligation(
        completion, today=completion.due_on + timedelta(days=1000)
    )
    assert capped.amount == Decimal("25000.00")
    assert capped.capped


def test_profit_counts_the_invoices_of_the_accepted_notice(case, bureau_staff):
    notice = fill_notice(case, case.buyer)
    item = case.items.first()
    invoice = Evidence.objects.create(
        notice=notice,
        item=item,
        kind=Evidence.Kind.INVOICE,
        file=photo().name,
        amount=Decimal("40000"),
    )
    assert selectors.renovation_costs(case) == 0  # not accepted yet
    notice.status = rules.ACCEPTED  # as the inspection would leave it
    notice.save(update_fields=["status"])
    assert selectors.renovation_costs(case) == invoice.amount


@pytest.fixture
def sold_case(accepted, bureau_staff):
    """Transferred 800 days ago; the occupancy term ended ten days ago; 50% profit share."""
    sales_round = accepted.offer.sales_round
    sales_round.anti_speculation = "profit_share"
    sales_round.anti_speculation_percentage = 50
    sales_round.anti_speculation_years = 5
    sales_round.save()
    version = generation.contract_regenerate(contract=accepted)
    generation.contract_render(version.pk)
    case = Case.objects.get(contract=transfer(accepted, bureau_staff, days_ago=800))
    Obligation.objects.create(
        case=case, kind=rules.OCCUPANCY, due_on=timezone.localdate() - timedelta(days=10)
    )
    return case


def test_a_resale_within_the_period_computes_and_records_the_payment(
    sold_case, bureau_staff, client_for
):
    from django.urls import reverse  # noqa: PLC0415 - only this page test needs it

    case = sold_case
    price = selectors.purchase_price(case)
    with pytest.raises(ValidationError):
        exemptions.resale_record(
            case=case, actor=case.buyer, sold_on=timezone.localdate(), price=price
        )
    response = client_for(bureau_staff).post(
        reverse("admin:aftercare_case_act", args=[case.pk, "resale"]),
        {"sold_on": timezone.localdate().isoformat(), "price": str(price + 60000)},
    )
    assert response.status_code == 302
    resale = case.resales.get()
    assert resale.verdict == "payment_due"
    assert resale.payment_due == Decimal("30000.00")  # half of the 60,000 profit
    assert resale.computation["profit"] == "60000.00"
    page = client_for(bureau_staff).get(reverse("admin:aftercare_case_change", args=[case.pk]))
    assert "act-resale-paid" in page.content.decode()
    exemptions.resale_payment_record(
        resale=resale, actor=bureau_staff, paid_on=timezone.localdate()
    )
    with pytest.raises(ValidationError):
        exemptions.resale_payment_record(
            resale=resale, actor=bureau_staff, paid_on=timezone.localdate()
        )


def test_a_resale_during_occupancy_without_an_exemption_is_a_breach(case, bureau_staff):
    resale = exemptions.resale_record(
        case=case, actor=bureau_staff, sold_on=timezone.localdate(), price=Decimal(300000)
    )
    assert resale.verdict == "breach"
    assert resale.payment_due == 0
