"""A home's status moves only through property_transition, by the table and by whom it names.

Every move the table lacks and every move by someone it does not name is tried through the
service, so these tests fail if the service lets one through (they do not restate the table).
"""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

import properties
from properties import rules
from properties.models import Property, PropertyStatusChange
from properties.services import property_transition
from tests.factories import PropertyFactory

pytestmark = pytest.mark.django_db

STATUSES = list(rules.PROPERTY_STATUSES)
CAPACITIES = [rules.BUYER, rules.STAFF, rules.SYSTEM]

NOT_IN_TABLE = [
    (current, target)
    for current in STATUSES
    for target in STATUSES
    if current != target and (current, target) not in rules.PROPERTY_TRANSITIONS
]
BY_THE_WRONG_ONE = [
    (current, target, capacity)
    for (current, target), allowed in rules.PROPERTY_TRANSITIONS.items()
    for capacity in CAPACITIES
    if capacity not in allowed
]
BY_THE_RIGHT_ONE = [
    (current, target, capacity)
    for (current, target), allowed in rules.PROPERTY_TRANSITIONS.items()
    for capacity in sorted(allowed)
]


@pytest.fixture
def actor_for(municipal_staff, applicant):
    """The actor of each capacity: staff of the seller, a buyer, or the code itself (None)."""
    return {rules.STAFF: municipal_staff, rules.BUYER: applicant, rules.SYSTEM: None}.get


def _home(status, municipality):
    return PropertyFactory(municipality=municipality, status=status)


@pytest.mark.parametrize(("current", "target"), NOT_IN_TABLE)
@pytest.mark.parametrize("capacity", [rules.STAFF, rules.SYSTEM])
def test_a_move_the_table_lacks_is_refused_to_anybody(
    current, target, capacity, municipality, actor_for
):
    home = _home(current, municipality)
    before = PropertyStatusChange.objects.filter(property=home).count()
    with pytest.raises(ValidationError) as refused:
        property_transition(property=home, to=target, actor=actor_for(capacity))
    assert refused.value.code == "transition"
    home.refresh_from_db()
    assert home.status == current
    assert PropertyStatusChange.objects.filter(property=home).count() == before


@pytest.mark.parametrize(("current", "target", "capacity"), BY_THE_WRONG_ONE)
def test_a_move_by_someone_the_table_does_not_name_is_refused(
    current, target, capacity, municipality, actor_for
):
    home = _home(current, municipality)
    with pytest.raises(ValidationError) as refused:
        property_transition(property=home, to=target, actor=actor_for(capacity))
    assert refused.value.code == "actor"
    home.refresh_from_db()
    assert home.status == current


@pytest.mark.parametrize(("current", "target", "capacity"), BY_THE_RIGHT_ONE)
def test_a_move_the_table_allows_is_made_and_kept_in_the_history(
    current, target, capacity, municipality, actor_for
):
    home = _home(current, municipality)
    actor = actor_for(capacity)
    property_transition(property=home, to=target, actor=actor, reason="Waarom")
    home.refresh_from_db()
    assert home.status == target
    change = PropertyStatusChange.objects.filter(property=home).order_by("at", "pk").last()
    assert (change.from_status, change.to_status, change.actor, change.reason) == (
        current,
        target,
        actor,
        "Waarom",
    )


def test_staff_without_the_permission_to_change_homes_cannot_move_one(municipality, auditor):
    home = _home(rules.PUBLISHED, municipality)
    with pytest.raises(ValidationError) as refused:
        property_transition(property=home, to=rules.DRAFT, actor=auditor)
    assert refused.value.code == "actor"


def test_a_home_without_figures_is_not_published(municipality, municipal_staff):
    home = _home(rules.DRAFT, municipality)
    Property.objects.filter(pk=home.pk).update(current_figures=None)
    home.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        property_transition(property=home, to=rules.PUBLISHED, actor=municipal_staff)
    assert refused.value.code == "figures"


def test_a_move_to_the_status_a_home_has_changes_nothing(municipality, municipal_staff):
    home = _home(rules.PUBLISHED, municipality)
    before = PropertyStatusChange.objects.filter(property=home).count()
    property_transition(property=home, to=rules.PUBLISHED, actor=municipal_staff)
    assert PropertyStatusChange.objects.filter(property=home).count() == before


def test_nothing_in_properties_but_its_transition_service_writes_a_status():
    """The one write path: no other module of the app assigns `status` or updates it."""
    root = Path(properties.__file__).parent
    writes = re.compile(r"\.status\s*=(?!=)|update\([^)]*\bstatus\s*=")
    found = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "migrations" not in path.parts and writes.search(path.read_text())
    ]
    assert found == ["services.py"]
    source = (root / "services.py").read_text()
    assert len(writes.findall(source)) == 2  # in property_transition: the row and the caller's
