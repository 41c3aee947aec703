from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import Application, StatusChange
from applications.selectors import eligibility_findings
from properties.models import SalesRound
from tests.applications.conftest import fill_in
from tests.factories import PropertyFactory

pytestmark = pytest.mark.django_db


def test_starting_twice_gives_the_same_application(open_round, applicant):
    first = services.application_start(user=applicant, sales_round=open_round)
    second = services.application_start(user=applicant, sales_round=open_round)
    assert first.pk == second.pk
    assert Application.objects.count() == 1
    assert first.status == "draft"


def test_nobody_starts_an_application_outside_the_window(open_round, applicant):
    SalesRound.objects.filter(pk=open_round.pk).update(closes_at=timezone.now())
    open_round.refresh_from_db()
    with pytest.raises(ValidationError, match="niet open"):
        services.application_start(user=applicant, sales_round=open_round)


def test_a_complete_application_is_submitted_with_the_figures_the_buyer_saw(
    complete_application, applicant, outbox, committed
):
    with committed():
        services.application_submit(application=complete_application, actor=applicant)
    complete_application.refresh_from_db()
    assert complete_application.status == "submitted"
    assert complete_application.submitted_at is not None
    for preference in complete_application.preferences.all():
        assert preference.figures_seen == preference.property.current_figures
    change = StatusChange.objects.get(application=complete_application)
    assert (change.from_status, change.to_status, change.actor) == ("draft", "submitted", applicant)
    assert change.findings  # the automatic checks at that moment are kept
    assert len(outbox) == 1
    assert complete_application.reference in outbox[0].body
    assert "Kaaistraat 1" in outbox[0].body


def test_the_buyers_submit_button_reads_the_application_once_under_its_lock(
    client_for, complete_application, applicant, django_assert_num_queries
):
    """The submit request, double-clicked: its queries are counted (a burst at the deadline is
    this request), and the second click records nothing again."""
    client = client_for(applicant)
    client.get(reverse("applications:detail", args=[complete_application.reference]))
    url = reverse("applications:submit", args=[complete_application.reference])
    # Session, user (with whether they hold a permission); BEGIN, the application locked, the
    # applicants, the homes with figures and plans, whether another klushuis was bought, the
    # figures seen, the history row, the status, the outbox row; COMMIT.
    with django_assert_num_queries(12):
        assert client.post(url).status_code == 302
    # Session, user; BEGIN, the application locked, its homes' figures; COMMIT.
    with django_assert_num_queries(6):
        assert client.post(url).status_code == 302
    assert complete_application.history.filter(to_status="submitted").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_transition_on_a_row_the_caller_locked_needs_the_callers_transaction(
    complete_application, applicant
):
    with pytest.raises(RuntimeError, match="transaction"):
        services.application_transition(
            application=complete_application, to="submitted", actor=applicant, locked=True
        )
    complete_application.refresh_from_db()
    assert complete_application.status == "draft"


def test_homes_the_financing_does_not_cover_drop_out_with_a_message(
    open_round, applicant, homes, outbox, committed
):
    application = services.application_start(user=applicant, sales_round=open_round)
    # 240,000 covers home 1 (150,000 + 90,000) but not home 2 (200,000 + 90,000).
    fill_in(application, applicant, homes[:2], mortgage=220000)
    with committed():
        services.application_submit(application=application, actor=applicant)
    covered = dict(application.preferences.values_list("property__reference", "covered"))
    assert covered == {"HVS-1": True, "HVS-2": False}
    assert "Kaaistraat 2 (niet gedekt door uw financiering" in outbox[0].body


def test_an_incomplete_application_is_refused_with_what_is_missing(open_round, applicant):
    application = services.application_start(user=applicant, sales_round=open_round)
    with pytest.raises(ValidationError) as error:
        services.application_submit(application=application, actor=applicant)
    assert any("stap 1" in message for message in error.value.messages)
    assert any("stap 6" in message for message in error.value.messages)
    application.refresh_from_db()
    assert application.status == "draft"


def test_the_deadline_is_enforced_on_the_server(complete_application, applicant, open_round):
    SalesRound.objects.filter(pk=open_round.pk).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )
    complete_application.sales_round.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.application_submit(application=complete_application, actor=applicant)
    assert error.value.code == "window_closed"
    complete_application.refresh_from_db()
    assert complete_application.status == "draft"


def test_a_submitted_application_can_be_changed_until_the_deadline(
    complete_application, applicant, homes
):
    services.application_submit(application=complete_application, actor=applicant)
    services.application_save_preferences(application=complete_application, properties=[homes[2]])
    complete_application.refresh_from_db()
    assert complete_application.status == "submitted"
    assert list(complete_application.preferences.values_list("property", flat=True)) == [
        homes[2].pk
    ]


def test_withdraw_and_reopen(complete_application, applicant):
    services.application_withdraw(application=complete_application, actor=applicant)
    assert complete_application.status == "withdrawn"
    services.application_reopen(application=complete_application, actor=applicant)
    complete_application.refresh_from_db()
    assert complete_application.status == "draft"


def test_staff_decide_with_a_reason_the_buyer_reads(
    complete_application, applicant, bureau_staff, outbox, committed
):
    services.application_submit(application=complete_application, actor=applicant)
    with pytest.raises(ValidationError):
        services.application_decide(
            application=complete_application, eligible=True, reason=" ", actor=bureau_staff
        )
    with committed():
        services.application_decide(
            application=complete_application,
            eligible=False,
            reason="Te jong.",
            actor=bureau_staff,
        )
    complete_application.refresh_from_db()
    assert complete_application.status == "ineligible"
    assert "Te jong." in outbox[-1].body


def test_a_decision_on_a_draft_is_refused(complete_application, bureau_staff):
    with pytest.raises(ValidationError, match="kan niet"):
        services.application_decide(
            application=complete_application, eligible=True, reason="ok", actor=bureau_staff
        )


def test_duplicates_in_a_household_are_found_on_email_or_name_and_birth_date(
    open_round, applicant, other_applicant, homes
):
    first = fill_in(
        services.application_start(user=applicant, sales_round=open_round), applicant, homes[:1]
    )
    services.application_submit(application=first, actor=applicant)
    # The other account names the same person (Anna de Vries, 1990-05-01) as its applicant.
    second = fill_in(
        services.application_start(user=other_applicant, sales_round=open_round),
        other_applicant,
        homes[:1],
    )
    check = next(f for f in eligibility_findings(second) if f.code == "one_per_household")
    assert not check.ok
    assert first.reference in check.params["references"]


def test_the_preferences_cannot_name_a_home_outside_the_round(open_round, applicant):
    stranger = PropertyFactory()
    application = services.application_start(user=applicant, sales_round=open_round)
    with pytest.raises(ValidationError):
        services.application_save_preferences(application=application, properties=[stranger])
