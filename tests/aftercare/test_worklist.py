"""The worklist is a query on stored due dates; it must give what the rules give one by one."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftercare import rules, selectors
from aftercare.models import Case, Obligation, ObligationChange, SentMail

TODAY = date(2027, 3, 15)


@pytest.fixture
def case(transferred):
    return Case.objects.get(contract=transferred)


def _obligations(case, specs):
    ObligationChange.objects.filter(obligation__case=case).delete()
    Obligation.objects.filter(case=case).delete()
    made = []
    for kind, status, offset in specs:
        obligation = Obligation(case=case, kind=kind, due_on=TODAY + timedelta(days=offset))
        obligation.status = status  # test data: every combination, not a move
        made.append(obligation)
    return Obligation.objects.bulk_create(made)


spec = st.tuples(
    st.sampled_from(rules.KINDS),
    st.sampled_from(rules.OBLIGATION_STATUSES),
    st.integers(-60, 60),
)


@pytest.mark.django_db
def test_the_worklist_queries_agree_with_the_rules(case, bureau_staff):
    @given(specs=st.lists(spec, min_size=1, max_size=12))
    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    def check(specs):
        made = _obligations(case, specs)
        overdue = set(
            selectors.worklist(bureau_staff, selectors.OVERDUE, today=TODAY).values_list(
                "pk", flat=True
            )
        )
        expected = {
            o.pk
            for o in made
            if rules.is_overdue(kind=o.kind, status=o.status, due=o.due_on, today=TODAY)
        }
        assert overdue == expected
        _first, last = rules.month_bounds(TODAY)
        this_month = set(
            selectors.worklist(bureau_staff, selectors.DUE_THIS_MONTH, today=TODAY).values_list(
                "pk", flat=True
            )
        )
        assert this_month == {
            o.pk
            for o in made
            if rules.shown_state(
                kind=o.kind, status=o.status, due=o.due_on, done_on=None, today=TODAY
            )
            in (rules.DUE, rules.UPCOMING)
            and TODAY <= o.due_on <= last
        }

    check()


def test_the_worklist_filters_by_municipality_neighbourhood_and_round(case, bureau_staff):
    home = case.property
    filters = {
        "municipality": case.municipality_id,
        "neighbourhood": home.neighbourhood_id,
        "sales_round": case.sales_round_id,
    }
    far = case.obligations.order_by("-due_on").first().due_on + timedelta(days=1)
    assert selectors.worklist(bureau_staff, selectors.OVERDUE, filters=filters, today=far).count()
    other = {"sales_round": case.sales_round_id + 1000}
    assert not selectors.worklist(bureau_staff, selectors.OVERDUE, filters=other, today=far).count()


def test_the_command_sends_each_mail_once(case, outbox, django_capture_on_commit_callbacks):
    start = case.obligations.get(kind=rules.RENOVATION_START)
    with (
        time_machine.travel(start.due_on + timedelta(days=20), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("aftercare_due")
        call_command("aftercare_due")
    # Overdue and escalated, each once; nothing twice.
    assert SentMail.objects.filter(obligation=start).count() == 2
    keys = list(SentMail.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys))
    assert len([m for m in outbox if case.buyer.email in m.to]) == 1
