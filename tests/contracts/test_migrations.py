"""The data migration that brings the homes of earlier sales right (contracts 0007)."""

import importlib
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps as django_apps
from django.utils import timezone

from contracts import services
from contracts.models import Contract, ContractStatusChange
from properties.models import Property
from tests.applications.conftest import pdf_upload

pytestmark = pytest.mark.django_db

migration = importlib.import_module("contracts.migrations.0007_homes_follow_their_sales")


def _as_before_the_sale_moved_homes(home):
    """Homes of sales made before issue 13 stayed "in a sales round". Today's services move
    the home with the sale (and refuse sold -> in_round), so this legacy state, which only the
    migration under test reads, can be made only by writing it: test set-up, never code."""
    Property.objects.filter(pk=home.pk).update(status="in_round")
    home.history.all().delete()


def _transferred(contract, staff):
    # Sent and signed by the buyer before the handover 40 days ago (events in order).
    with time_machine.travel(timezone.now() - timedelta(days=41), tick=False):
        services.contract_send(contract=contract, actor=staff)
        contract.refresh_from_db()
        services.contract_render(contract.sent_version_id)
        services.contract_record_buyer_signature(contract=contract, actor=staff)
    services.contract_record_seller_signature(
        contract=contract,
        actor=staff,
        signed_copy=pdf_upload("getekend.pdf"),
        handed_over_at=timezone.now() - timedelta(days=40),
    )
    return services.contract_transfer(contract=contract, actor=staff)


def test_a_home_with_an_accepted_offer_becomes_allocated_with_history(accepted):
    home = accepted.property
    _as_before_the_sale_moved_homes(home)
    migration.homes_follow_their_sales(django_apps, None)
    home.refresh_from_db()
    assert home.status == "allocated"
    assert [(h.from_status, h.to_status, h.actor) for h in home.history.all()] == [
        ("in_round", "allocated", None)
    ]


def test_a_transferred_home_becomes_sold_with_history(accepted, bureau_staff):
    contract = _transferred(accepted, bureau_staff)
    home = contract.property
    _as_before_the_sale_moved_homes(home)
    migration.homes_follow_their_sales(django_apps, None)
    home.refresh_from_db()
    assert home.status == "sold"
    assert [(h.from_status, h.to_status) for h in home.history.all()] == [("in_round", "sold")]


def test_a_dissolved_sale_leaves_its_home_alone_and_a_second_run_changes_nothing(
    accepted, bureau_staff
):
    services.contract_dissolve_by_staff(
        contract=accepted, actor=bureau_staff, reason="Test", kind="agreement"
    )
    home = accepted.property
    _as_before_the_sale_moved_homes(home)
    migration.homes_follow_their_sales(django_apps, None)
    migration.homes_follow_their_sales(django_apps, None)
    home.refresh_from_db()
    assert home.status == "in_round"
    assert not home.history.exists()


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("Bedenktijd (art. 7:2 BW)", "cooling_off_online"),
        ("Brief ontvangen: ontbinding binnen de bedenktijd", "cooling_off_letter"),
        ("Financieringsvoorbehoud ingeroepen", "financing_condition"),
        ("Verzuim na ingebrekestelling", "default"),
        ("In onderling overleg", "agreement"),
    ],
)
def test_an_old_dissolution_gets_its_kind_from_its_reason(accepted, bureau_staff, reason, kind):
    services.contract_dissolve_by_staff(
        contract=accepted, actor=bureau_staff, reason="Test", kind="agreement"
    )
    Contract.objects.filter(pk=accepted.pk).update(dissolution_kind="")
    ContractStatusChange.objects.filter(contract=accepted, to_status="dissolved").update(
        reason=reason
    )
    kinds = importlib.import_module("contracts.migrations.0009_dissolution_kind")
    kinds.kinds_from_reasons(django_apps, None)
    accepted.refresh_from_db()
    assert accepted.dissolution_kind == kind
