"""Who may move an application, tested through the one service that moves it
(`application_transition`): every move from every status, by every kind of actor."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from applications import rules, services
from applications.models import Application, StatusChange
from tests.factories import UserFactory

ACTORS = ["buyer", "other_buyer", "staff", "auditor", "system"]
# What each actor is for the table; an auditor and another buyer are nothing it names.
CAPACITY = {"buyer": rules.BUYER, "staff": rules.STAFF, "system": rules.SYSTEM}


@pytest.fixture
def actors(applicant, other_applicant, municipal_staff, auditor):
    return {
        "buyer": applicant,
        "other_buyer": other_applicant,
        "staff": municipal_staff,
        "auditor": auditor,
        "system": None,
    }


def _in_status(sales_round, user, status) -> Application:
    # Test data starts in the status under test; only the service under test moves it.
    return Application.objects.create(sales_round=sales_round, user=user, status=status)


def _move(application, to, actor):
    """The service's answer: None when it moved, else the refusal's code. Rolled back, so
    the next move starts from the same row."""
    before = application.status
    fresh = Application.objects.get(pk=application.pk)
    try:
        with transaction.atomic():
            services.application_transition(application=fresh, to=to, actor=actor)
            moved = Application.objects.get(pk=application.pk)
            assert moved.status == to
            assert StatusChange.objects.filter(application=application, to_status=to).exists()
            raise _Undo
    except _Undo:
        return None
    except ValidationError as error:
        assert Application.objects.get(pk=application.pk).status == before
        return error.code


class _Undo(Exception):
    pass


def test_municipal_staff_hold_every_permission_the_table_asks_of_staff(municipal_staff):
    # So that "staff" below is staff for every staff move, and a refusal is the table's.
    assert all(municipal_staff.has_perm(p) for p in rules.STAFF_PERMISSIONS.values())


@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize("current", rules.STATUSES)
def test_a_move_is_made_only_by_whom_the_table_names(open_round, actors, current, who):
    application = _in_status(open_round, actors["buyer"], current)
    for target in rules.STATUSES:
        if target == current:
            continue
        outcome = _move(application, target, actors[who])
        allowed = rules.who_may(current, target)
        if not allowed:
            assert outcome == "transition", (current, target, who)
        elif CAPACITY.get(who) in allowed:
            assert outcome is None, (current, target, who)
        else:
            assert outcome == "actor", (current, target, who)


# The rules themselves, written out on their own (not read from the table): each would fail
# if the table or the service gave the move to someone else.


def test_a_buyer_cannot_decide_on_their_own_application(open_round, applicant):
    application = _in_status(open_round, applicant, "submitted")
    assert _move(application, "eligible", applicant) == "actor"


def test_an_auditor_reads_but_cannot_decide(open_round, applicant, auditor):
    application = _in_status(open_round, applicant, "submitted")
    assert _move(application, "eligible", auditor) == "actor"


def test_staff_cannot_submit_withdraw_or_accept_for_a_buyer(open_round, applicant, municipal_staff):
    assert (
        _move(_in_status(open_round, applicant, "draft"), "submitted", municipal_staff) == "actor"
    )
    assert _move(_in_status_again(open_round, "submitted"), "withdrawn", municipal_staff) == "actor"
    assert _move(_in_status_again(open_round, "offered"), "accepted", municipal_staff) == "actor"


def _in_status_again(sales_round, status):
    # One application per buyer and round: a fresh buyer for each further case.
    return _in_status(sales_round, UserFactory(), status)


def test_another_buyer_cannot_withdraw_someone_elses_application(
    open_round, applicant, other_applicant
):
    application = _in_status(open_round, applicant, "submitted")
    assert _move(application, "withdrawn", other_applicant) == "actor"
    assert _move(application, "withdrawn", applicant) is None


def test_the_code_never_accepts_or_declines_an_offer_for_a_buyer(open_round, applicant):
    application = _in_status(open_round, applicant, "offered")
    assert _move(application, "accepted", None) == "actor"
    assert _move(application, "declined", None) == "actor"
    assert _move(application, "offer_expired", None) is None


def test_a_sent_agreement_ends_the_application_only_by_its_dissolution(
    open_round, applicant, municipal_staff
):
    # The dissolution is recorded on the agreement, with who made it; the application follows.
    application = _in_status(open_round, applicant, "contracted")
    for target in ["draft", "submitted", "eligible", "accepted", "declined", "not_selected"]:
        assert _move(application, target, municipal_staff) == "transition"
    assert _move(application, "withdrawn", applicant) == "actor"
    assert _move(application, "withdrawn", municipal_staff) == "actor"
    assert _move(application, "withdrawn", None) is None


def test_moves_of_many_at_once_are_the_systems_only(open_round, applicant, other_applicant):
    first = _in_status(open_round, applicant, "offered")
    second = _in_status(open_round, other_applicant, "offered")
    # Accepting is the buyer's own answer: never a bulk move.
    with pytest.raises(ValidationError):
        services.application_transition_many(
            ids=[first.pk, second.pk], to="accepted", reason="bulk"
        )
    assert set(Application.objects.values_list("status", flat=True)) == {"offered"}
    services.application_transition_many(ids=[first.pk, second.pk], to="reserve", reason="ok")
    assert set(Application.objects.values_list("status", flat=True)) == {"reserve"}
