"""The aftercare rules without a database: due dates, deemed acceptance, what is overdue."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from aftercare import rules
from aftercare.rules import Terms

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31))
terms_strategy = st.builds(
    Terms,
    renovation_start_months=st.integers(1, 12),
    renovation_completion_months=st.integers(13, 48),
    inspection_weeks=st.integers(1, 52),
    progress_report_months=st.integers(0, 12),
    reinspection_weeks=st.integers(1, 26),
    return_incomplete_days=st.integers(1, 30),
    brp_registration_days=st.integers(1, 120),
    brp_from_transfer=st.booleans(),
    occupancy_years=st.integers(2, 10),
    anti_speculation_years=st.one_of(st.none(), st.integers(1, 10)),
)
STANDARD = Terms(renovation_start_months=6, renovation_completion_months=24)


def test_a_standard_case():
    planned = rules.at_transfer(date(2026, 1, 31), STANDARD)
    assert [(p.kind, p.due) for p in planned] == [
        (rules.RENOVATION_START, date(2026, 7, 31)),
        (rules.COMPLETION, date(2028, 1, 31)),
    ]
    assert rules.at_acceptance(date(2028, 1, 10), STANDARD) == [
        rules.Planned(rules.BRP_REGISTRATION, date(2028, 2, 9)),
        rules.Planned(rules.OCCUPANCY, date(2030, 1, 10)),
    ]


def test_progress_reports_are_asked_until_the_completion_deadline():
    terms = Terms(
        renovation_start_months=3, renovation_completion_months=12, progress_report_months=4
    )
    planned = rules.at_transfer(date(2026, 3, 1), terms)
    reports = [p for p in planned if p.kind == rules.PROGRESS_REPORT]
    assert [(p.sequence, p.due) for p in reports] == [(1, date(2026, 7, 1)), (2, date(2026, 11, 1))]


def test_the_anti_speculation_period_and_brp_from_the_transfer_when_the_contract_says_so():
    terms = Terms(
        renovation_start_months=6,
        renovation_completion_months=24,
        anti_speculation_years=5,
        brp_from_transfer=True,
        brp_registration_days=60,
    )
    planned = {p.kind: p.due for p in rules.at_transfer(date(2026, 2, 28), terms)}
    assert planned[rules.ANTI_SPECULATION] == date(2031, 2, 28)
    assert planned[rules.BRP_REGISTRATION] == date(2026, 4, 29)
    assert [p.kind for p in rules.at_acceptance(date(2028, 1, 1), terms)] == [rules.OCCUPANCY]


def test_inspection_terms_and_the_return_of_an_incomplete_notice():
    assert rules.inspection_due(date(2027, 5, 3), STANDARD) == date(2027, 6, 14)
    assert rules.inspection_due(date(2027, 5, 3), STANDARD, reinspection=True) == date(2027, 5, 31)
    assert rules.return_by(date(2027, 5, 3), STANDARD) == date(2027, 5, 13)


def test_a_notice_is_complete_with_evidence_for_every_item():
    assert rules.notice_complete([1, 2, 3], [1, 2, 3, 3])
    assert not rules.notice_complete([1, 2, 3], [1, 3])
    assert not rules.notice_complete([], [])


def test_deemed_acceptance_starts_the_day_after_the_term():
    due = date(2027, 6, 14)
    assert not rules.deemed_accepted(inspection_due=due, inspected=False, today=due)
    assert rules.deemed_accepted(inspection_due=due, inspected=False, today=due + timedelta(1))
    assert not rules.deemed_accepted(inspection_due=due, inspected=True, today=date(2030, 1, 1))


def test_shown_states():
    due = date(2027, 6, 14)
    kw = {"kind": rules.COMPLETION, "due": due}
    assert rules.shown_state(**kw, status=rules.OPEN, done_on=None, today=due) == rules.DUE
    assert rules.shown_state(**kw, status=rules.OPEN, done_on=None, today=date(2027, 1, 1)) == (
        rules.UPCOMING
    )
    assert rules.shown_state(**kw, status=rules.OPEN, done_on=None, today=due + timedelta(1)) == (
        rules.OVERDUE
    )
    assert rules.shown_state(**kw, status=rules.MET, done_on=due, today=date(2030, 1, 1)) == (
        rules.DONE
    )
    assert rules.shown_state(
        **kw, status=rules.MET, done_on=due + timedelta(1), today=date(2030, 1, 1)
    ) == (rules.DONE_LATE)
    assert rules.shown_state(
        kind=rules.OCCUPANCY, due=due, status=rules.OPEN, done_on=None, today=due + timedelta(1)
    ) == (rules.ENDED)


def test_month_bounds():
    assert rules.month_bounds(date(2028, 2, 14)) == (date(2028, 2, 1), date(2028, 2, 29))
    assert rules.month_bounds(date(2027, 12, 31)) == (date(2027, 12, 1), date(2027, 12, 31))


def test_mails_before_and_after_the_due_date():
    due = date(2027, 6, 14)
    kw = {"kind": rules.COMPLETION, "status": rules.OPEN, "due": due}
    assert rules.mails_due(**kw, today=due - timedelta(15)) == []
    assert rules.mails_due(**kw, today=due - timedelta(14)) == [rules.REMINDER]
    assert rules.mails_due(**kw, today=due + timedelta(1)) == [rules.OVERDUE_MAIL]
    assert rules.mails_due(**kw, today=due + timedelta(15)) == [
        rules.OVERDUE_MAIL,
        rules.ESCALATION,
    ]
    assert rules.mails_due(**(kw | {"status": rules.MET}), today=due + timedelta(15)) == []
    assert rules.mails_due(**(kw | {"kind": rules.INSPECTION}), today=due + timedelta(15)) == []


def test_the_tables_name_who_moves():
    assert rules.may_move(rules.NOTICE_TRANSITIONS, rules.DRAFT, rules.SUBMITTED, rules.BUYER)
    assert not rules.may_move(rules.NOTICE_TRANSITIONS, rules.DRAFT, rules.SUBMITTED, rules.STAFF)
    assert rules.may_move(
        rules.NOTICE_TRANSITIONS, rules.SUBMITTED, rules.DEEMED_ACCEPTED, rules.SYSTEM
    )
    assert not rules.may_move(
        rules.NOTICE_TRANSITIONS, rules.SUBMITTED, rules.DEEMED_ACCEPTED, rules.STAFF
    )
    assert not rules.may_move(rules.OBLIGATION_TRANSITIONS, rules.MET, rules.OPEN, rules.STAFF)


def test_terms_round_trip_as_data():
    terms = Terms(
        renovation_start_months=6, renovation_completion_months=24, anti_speculation_years=5
    )
    assert Terms.from_data(terms.as_data() | {"unknown": 1}) == terms


# --- Properties -----------------------------------------------------------------------------


@given(transfer=days, terms=terms_strategy)
def test_every_obligation_at_transfer_lies_after_it_and_in_order(transfer, terms):
    planned = rules.at_transfer(transfer, terms)
    dues = [p.due for p in planned]
    assert dues == sorted(dues)
    assert all(due > transfer for due in dues)
    kinds = [p.kind for p in planned]
    assert kinds.count(rules.RENOVATION_START) == 1
    assert kinds.count(rules.COMPLETION) == 1
    start = next(p.due for p in planned if p.kind == rules.RENOVATION_START)
    completion = next(p.due for p in planned if p.kind == rules.COMPLETION)
    assert start < completion
    reports = [p for p in planned if p.kind == rules.PROGRESS_REPORT]
    assert all(p.due < completion for p in reports)
    assert [p.sequence for p in reports] == list(range(1, len(reports) + 1))
    assert bool(reports) == (terms.progress_report_months < terms.renovation_completion_months) * (
        terms.progress_report_months > 0
    )
    assert (rules.ANTI_SPECULATION in kinds) == bool(terms.anti_speculation_years)
    assert (rules.BRP_REGISTRATION in kinds) == terms.brp_from_transfer


@given(accepted=days, terms=terms_strategy)
def test_occupancy_lasts_its_years_from_acceptance_and_brp_is_due_once(accepted, terms):
    planned = rules.at_acceptance(accepted, terms)
    occupancy = next(p for p in planned if p.kind == rules.OCCUPANCY)
    assert occupancy.due >= accepted + timedelta(days=365 * terms.occupancy_years)
    assert occupancy.due <= accepted + timedelta(days=366 * terms.occupancy_years)
    brp_here = [p for p in planned if p.kind == rules.BRP_REGISTRATION]
    brp_at_transfer = terms.brp_from_transfer
    assert len(brp_here) == (0 if brp_at_transfer else 1)


@given(complete_on=days, terms=terms_strategy, today=days)
def test_deemed_acceptance_follows_the_term_exactly(complete_on, terms, today):
    due = rules.inspection_due(complete_on, terms)
    assert due > complete_on
    assert rules.deemed_accepted(inspection_due=due, inspected=False, today=today) == (today > due)
    assert not rules.deemed_accepted(inspection_due=due, inspected=True, today=today)
    assert rules.deemed_acceptance_date(due) == due


@given(
    due=days,
    today=days,
    kind=st.sampled_from(rules.KINDS),
    status=st.sampled_from(rules.OBLIGATION_STATUSES),
)
def test_overdue_agrees_with_the_shown_state(due, today, kind, status):
    overdue = rules.is_overdue(kind=kind, status=status, due=due, today=today)
    shown = rules.shown_state(kind=kind, status=status, due=due, done_on=None, today=today)
    assert overdue == (shown == rules.OVERDUE)
    mails = rules.mails_due(kind=kind, status=status, due=due, today=today)
    if rules.OVERDUE_MAIL in mails:
        assert overdue
    assert not (rules.REMINDER in mails and rules.OVERDUE_MAIL in mails)


@given(today=days)
def test_month_bounds_hold_today(today):
    first, last = rules.month_bounds(today)
    assert first <= today <= last
    assert first.day == 1
    assert (last + timedelta(1)).day == 1
