"""Retention rules in plain Python (klushuis/privacy/rules.py), without a database."""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from klushuis.privacy import rules

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31))
retentions = st.builds(
    rules.Retention,
    unsuccessful_months=st.integers(0, 120),
    objection_weeks=st.integers(0, 52),
    draft_inactive_months=st.integers(0, 120),
    account_inactive_years=st.integers(1, 10),
    account_warning_days=st.integers(1, 90),
    access_log_months=st.integers(1, 120),
    contract_years_after_release=st.integers(0, 50),
)
statuses = st.sampled_from(
    [
        "draft",
        "submitted",
        "eligible",
        "in_draw",
        "offered",
        "accepted",
        "contracted",
        "reserve",
        *sorted(rules.UNSUCCESSFUL),
    ]
)


def test_the_defaults_are_the_ones_the_documentation_cites():
    assert rules.Retention(12, 6, 12, 3, 30, 24, 20) == rules.DEFAULTS


def test_a_month_later_is_the_months_last_day_when_the_day_does_not_exist():
    assert rules.add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert rules.add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert rules.add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert rules.add_months(date(2027, 3, 31), -1) == date(2027, 2, 28)


@given(days, st.integers(-600, 600), st.integers(-600, 600))
def test_adding_months_never_goes_backwards(day, a, b):
    low, high = sorted((a, b))
    assert rules.add_months(day, low) <= rules.add_months(day, high)


@given(statuses, days, retentions, days)
def test_an_unsuccessful_application_is_never_due_before_its_objection_period_and_months(
    status, final_on, retention, today
):
    due = rules.unsuccessful_due(
        status=status, allocation_final_on=final_on, retention=retention, today=today
    )
    if due:
        assert status in rules.UNSUCCESSFUL
        assert today >= final_on + timedelta(weeks=retention.objection_weeks)
        assert today >= rules.add_months(final_on, retention.unsuccessful_months)


@given(statuses, days, retentions, days, st.integers(0, 5000))
def test_once_due_an_application_stays_due(status, final_on, retention, today, later):
    def due(day):
        return rules.unsuccessful_due(
            status=status, allocation_final_on=final_on, retention=retention, today=day
        )

    if due(today):
        assert due(today + timedelta(days=later))


@given(statuses, retentions, days)
def test_nothing_is_due_while_the_allocation_is_not_final(status, retention, today):
    assert not rules.unsuccessful_due(
        status=status, allocation_final_on=None, retention=retention, today=today
    )


def test_the_worked_example_of_the_privacy_page():
    # Allocation final on 1 March 2027: objection period to 12 April, then 12 months.
    final_on = date(2027, 3, 1)
    assert rules.unsuccessful_removal_date(final_on, rules.DEFAULTS) == date(2028, 4, 12)


@given(days, retentions, days)
def test_a_draft_is_due_exactly_from_its_months_of_inactivity(last, retention, today):
    due = rules.draft_due(last_activity=last, retention=retention, today=today)
    assert due == (today >= rules.add_months(last, retention.draft_inactive_months))


@given(days, st.one_of(st.none(), days), retentions, days)
def test_an_account_is_never_removed_without_a_warning_sent_long_enough_before(
    last_seen, warned_on, retention, today
):
    step = rules.account_step(
        last_seen=last_seen, warned_on=warned_on, retention=retention, today=today
    )
    if step == rules.REMOVE:
        assert warned_on is not None
        assert warned_on >= last_seen  # a login after the warning cancels it
        assert today >= warned_on + timedelta(days=retention.account_warning_days)
        assert today >= rules.add_years(last_seen, retention.account_inactive_years)


@given(days, retentions, st.integers(0, 4000))
def test_an_inactive_account_is_first_warned_then_removed(last_seen, retention, wait):
    today = rules.add_years(last_seen, retention.account_inactive_years) + timedelta(days=wait)
    assert (
        rules.account_step(last_seen=last_seen, warned_on=None, retention=retention, today=today)
        == rules.WARN
    )
    later = today + timedelta(days=retention.account_warning_days)
    assert (
        rules.account_step(last_seen=last_seen, warned_on=today, retention=retention, today=later)
        == rules.REMOVE
    )


@given(days, retentions, days)
def test_the_access_log_cutoff_is_where_entries_become_due(today, retention, at):
    cutoff = rules.access_log_cutoff(retention, today)
    assert rules.access_log_due(at=at, retention=retention, today=today) == (at < cutoff)


@given(st.one_of(st.none(), days), retentions, days)
def test_a_contract_is_listed_only_after_its_release_and_the_limitation_period(
    released_on, retention, today
):
    listed = rules.contract_may_be_listed(released_on=released_on, retention=retention, today=today)
    if listed:
        assert released_on is not None
        assert today >= rules.add_years(released_on, retention.contract_years_after_release)
    if released_on is None:
        assert not listed


def test_the_proposer_never_approves_their_own_list():
    assert not rules.approver_may_decide(proposer_id=5, approver_id=5)
    assert rules.approver_may_decide(proposer_id=5, approver_id=6)
    assert rules.list_move_allowed("proposed", "approved", rules.AUTHORISED)
    assert not rules.list_move_allowed("proposed", "carried_out", rules.SYSTEM)
    assert not rules.list_move_allowed("approved", "carried_out", rules.AUTHORISED)


def test_a_longer_setting_never_removes_sooner():
    base = rules.DEFAULTS
    final_on = date(2027, 3, 1)
    longer = replace(base, unsuccessful_months=base.unsuccessful_months + 6)
    assert rules.unsuccessful_removal_date(final_on, longer) > rules.unsuccessful_removal_date(
        final_on, base
    )
