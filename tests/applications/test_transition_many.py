"""Moves of many applications at once (`application_transition_many`, the lottery's freeze).

Issue #19 made them one array parameter and one INSERT ... SELECT on PostgreSQL; these tests
hold the result to what one StatusChange per row through bulk_create gave: the same history
rows, in the same order, and the same statuses. They run on either database; the comparison of
the two ways of writing history needs PostgreSQL.
"""

import json

import pytest
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import services
from applications.lottery import services as lottery
from applications.models import Application, StatusChange
from tests.factories import UserFactory

from .conftest import close_round, make_applications

HISTORY_FIELDS = ("application_id", "from_status", "to_status", "reason", "findings", "actor_id")


def _in_status(sales_round, status) -> Application:
    # Test data starts in the status under test; only the service under test moves it.
    return Application.objects.create(sales_round=sales_round, user=UserFactory(), status=status)


def _history(ids):
    return list(
        StatusChange.objects.filter(application_id__in=ids)
        .order_by("pk")
        .values_list(*HISTORY_FIELDS, "at")
    )


@pytest.mark.django_db
def test_a_move_of_many_writes_one_history_row_each_in_the_order_of_the_applications(
    open_round,
):
    eligible = [_in_status(open_round, "eligible") for _ in range(4)]
    other = _in_status(open_round, "eligible")
    ids = [a.pk for a in reversed(eligible)]  # the order given does not matter
    before = timezone.now()
    assert services.application_transition_many(ids=ids, to="in_draw", reason="Loting") == 4
    history = _history([a.pk for a in [*eligible, other]])
    assert [row[:-1] for row in history] == [
        (a.pk, "eligible", "in_draw", "Loting", [], None) for a in eligible
    ]
    moments = {row[-1] for row in history}
    assert len(moments) == 1
    assert moments.pop() >= before
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert [statuses[a.pk] for a in eligible] == ["in_draw"] * 4
    assert statuses[other.pk] == "eligible"
    assert {a.updated_at for a in Application.objects.filter(pk__in=ids)} == {history[0][-1]}


@pytest.mark.django_db
def test_ids_in_filters_like_pk_in(open_round):
    made = [_in_status(open_round, "eligible") for _ in range(3)]
    wanted = [made[2].pk, made[0].pk, 10**9]
    assert set(Application.objects.filter(services.ids_in("pk", wanted))) == {made[0], made[2]}
    assert not Application.objects.filter(services.ids_in("pk", [])).exists()


@pytest.mark.django_db
def test_postgresqls_insert_select_writes_what_bulk_create_writes(open_round, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the INSERT ... SELECT is PostgreSQL's")
    made = [_in_status(open_round, status) for status in ("eligible", "offered", "eligible")]
    rows = sorted((a.pk, a.status) for a in made)
    at = timezone.now()
    services._history_many(rows, to="in_draw", reason='Loting "één" 100%', at=at)
    fast = _history([a.pk for a in made])
    StatusChange.objects.all().delete()
    monkeypatch.setattr(connection, "vendor", "elsewhere")
    services._history_many(rows, to="in_draw", reason='Loting "één" 100%', at=at)
    monkeypatch.undo()
    assert _history([a.pk for a in made]) == fast
    assert [row[:3] for row in fast] == [(pk, status, "in_draw") for pk, status in rows]


@pytest.mark.django_db
def test_the_freeze_moves_exactly_its_entries_with_their_history(lottery_round, bureau_staff):
    apps = make_applications(lottery_round, 5, bureau_staff)
    close_round(lottery_round)
    for application in apps[:4]:
        services.application_decide(
            application=application, eligible=True, reason="In orde", actor=bureau_staff
        )
    services.application_decide(
        application=apps[4], eligible=False, reason="Nee", actor=bureau_staff
    )
    # One eligible application without a covered preference is no entry and stays eligible.
    apps[3].preferences.update(covered=False)
    frozen = lottery.lottery_freeze(sales_round=lottery_round, actor=bureau_staff)

    snapshot = json.loads(frozen.canonical)
    entries = sorted(apps[:3], key=lambda a: a.reference)
    assert [e["ref"] for e in snapshot["entries"]] == [a.reference for a in entries]
    assert frozen.entry_count == 3
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert [statuses[a.pk] for a in apps] == ["in_draw"] * 3 + ["eligible", "ineligible"]
    moved = StatusChange.objects.filter(to_status="in_draw").order_by("pk")
    assert [(c.application_id, c.from_status, c.reason, c.findings, c.actor_id) for c in moved] == [
        (pk, "eligible", _("Entered in the lottery"), [], None)
        for pk in sorted(a.pk for a in entries)
    ]
    assert len({c.at for c in moved}) == 1
