"""The klushuur services: who may do what, the journey from offer to rent schedule, the change
register and the reminders."""

import io
from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from klushuur import exports, rules, selectors, services
from klushuur.documents import addendum_render
from klushuur.models import Addendum, AgreementJob, Application, Change, StatusChange
from tests.factories import UserFactory
from tests.klushuur.world import allocate, build, jpeg

pytestmark = pytest.mark.django_db


def _stub_pdf(html):
    assert "Klushuuraddendum" in html
    return b"%PDF-1.7\n% stub\n"


@pytest.fixture
def world(db):
    return build()


@pytest.fixture
def agreement(world, django_capture_on_commit_callbacks):
    with (
        mock.patch("klushuis.pdf.render_pdf", _stub_pdf),
        django_capture_on_commit_callbacks(execute=True),
    ):
        application = allocate(world)
    return application.agreement


def test_publishing_needs_staff_of_the_corporation(world):
    world.home_offer.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.offer_transition(offer=world.home_offer, to="closed", actor=world.other_staff)
    assert refused.value.code == "actor"
    with pytest.raises(ValidationError) as refused:
        services.offer_transition(offer=world.home_offer, to="draft", actor=world.staff)
    assert refused.value.code == "transition"


def test_only_tenants_of_the_complex_opt_in(world):
    with pytest.raises(ValidationError) as refused:
        services.application_submit(
            offer=world.complex_offer, user=world.applicant, jobs=[world.painting], choices={}
        )
    assert refused.value.code == "not_tenant"
    with pytest.raises(ValidationError) as refused:
        services.application_submit(
            offer=world.complex_offer, user=world.existing_tenant, jobs=[world.painting], choices={}
        )
    assert refused.value.code == "choice"
    opt_in = services.application_submit(
        offer=world.complex_offer,
        user=world.existing_tenant,
        jobs=[world.painting],
        choices={str(world.painting.pk): "Grachtengroen"},
    )
    assert opt_in.home == world.complex_home


def test_a_job_outside_the_offer_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        services.application_submit(
            offer=world.home_offer, user=world.applicant, jobs=[world.painting], choices={}
        )
    assert refused.value.code == "jobs"


def test_the_decision_records_its_basis_and_the_others_are_not_allocated(world):
    other = services.application_submit(
        offer=world.home_offer, user=UserFactory(), jobs=[world.bathroom], choices={}
    )
    with pytest.raises(ValidationError):
        services.application_decide(
            application=other, actor=world.staff, allocate=True, rule="", ranking=1, reason="x"
        )
    with pytest.raises(PermissionDenied):
        services.application_decide(
            application=other,
            actor=world.other_staff,
            allocate=True,
            rule="r",
            ranking=1,
            reason="x",
        )
    with mock.patch("klushuis.pdf.render_pdf", _stub_pdf):
        application = allocate(world)
    assert application.status == "allocated"
    assert application.allocation_rule.startswith("Woonruimteverdeling")
    assert application.decided_by == world.staff
    other.refresh_from_db()
    assert other.status == "not_allocated"
    assert StatusChange.objects.get(subject="application", subject_id=other.pk).actor is None
    world.home.refresh_from_db()
    assert world.home.tenant == world.applicant
    world.home_offer.refresh_from_db()
    assert world.home_offer.status == "closed"
    jobs = {j.job: j for j in application.agreement.jobs.all()}
    assert jobs[world.kitchen].choice == "Keuken Eiken"
    assert jobs[world.bathroom].choice == ""
    assert jobs[world.kitchen].compensation_amount == Decimal("45.00")


def test_the_journey_to_the_rent_schedule(world, agreement):
    addendum = agreement.addenda.get()
    assert addendum.rendering == Addendum.Rendering.DONE
    assert len(addendum.sha256) == 64
    assert {j["name"]: j["choice"] for j in addendum.data["jobs"]}["Eigen keuken plaatsen"] == (
        "Keuken Eiken"
    )
    kitchen = agreement.jobs.get(job=world.kitchen)
    with pytest.raises(ValidationError) as refused:
        services.job_report(job=kitchen, actor=world.applicant, report="Klaar", photos=[jpeg()])
    assert refused.value.code == "unsigned"
    with pytest.raises(ValidationError) as refused:
        services.addendum_sign(addendum=addendum, actor=world.staff)
    assert refused.value.code == "order"
    services.addendum_sign(addendum=addendum, actor=world.applicant)
    with pytest.raises(PermissionDenied):
        services.addendum_sign(addendum=addendum, actor=world.other_staff)
    services.addendum_sign(addendum=addendum, actor=world.staff)
    with pytest.raises(ValidationError) as refused:
        services.job_report(job=kitchen, actor=world.staff, report="Klaar", photos=[jpeg()])
    assert refused.value.code == "actor"
    services.job_report(job=kitchen, actor=world.applicant, report="Klaar", photos=[jpeg()])
    with pytest.raises(ValidationError) as refused:
        services.job_inspect(job=kitchen, actor=world.applicant, accept=True, remarks="")
    assert refused.value.code == "actor"
    services.job_inspect(job=kitchen, actor=world.staff, accept=False, remarks="Kastje scheef")
    services.job_report(job=kitchen, actor=world.applicant, report="Hersteld", photos=[jpeg()])
    accepted = services.job_inspect(job=kitchen, actor=world.staff, accept=True, remarks="Netjes")
    starts = rules.compensation_starts(accepted.accepted_on)
    schedule = selectors.rent_schedule(agreement)
    reduced = [m for m in schedule if m.reduction]
    assert len(reduced) == 24
    assert reduced[0].month == starts
    assert reduced[0].rent == Decimal("567.50")
    csv = exports.schedule_csv(agreement).decode("utf-8-sig")
    assert "kale_huur" in csv
    assert ";612.50;45.00;567.50;" in csv
    assert exports.schedule_xlsx(agreement)[:2] == b"PK"


def test_a_new_version_of_the_addendum_must_be_signed_again(world, agreement):
    first = agreement.addenda.get()
    services.addendum_sign(addendum=first, actor=world.applicant)
    with mock.patch("klushuis.pdf.render_pdf", _stub_pdf):
        second = services.addendum_new_version(agreement=agreement)
        addendum_render(second.pk)
    with pytest.raises(ValidationError) as refused:
        services.addendum_sign(addendum=first, actor=world.staff)
    assert refused.value.code == "old"
    assert not services.agreement_signed(agreement)


def test_changes_registered_or_requested_and_the_register_passes_on(world):
    tenant, home = world.existing_tenant, world.complex_home
    inside = services.change_submit(
        home=home, tenant=tenant, description="Laminaat", location="inside", easy_to_undo=True
    )
    assert inside.status == "registered"
    outside = services.change_submit(
        home=home,
        tenant=tenant,
        description="Zonnescherm",
        location="outside",
        easy_to_undo=True,
        requested_on=date(2026, 3, 2),
    )
    assert outside.status == "requested"  # the lease requires consent for the outside
    assert services.change_court_from(outside) == date(2026, 4, 29)
    with pytest.raises(PermissionDenied):
        services.change_submit(
            home=home, tenant=world.applicant, description="x", location="inside", easy_to_undo=True
        )
    with pytest.raises(ValidationError) as refused:
        services.change_answer(change=outside, actor=world.staff, consent=False, reasons=" ")
    assert refused.value.code == "reasons"
    services.change_answer(
        change=outside, actor=world.staff, consent=True, reasons="Kleur volgens het complex."
    )
    home.tenant = world.applicant  # a new tenant: the register stays with the home
    home.save()
    assert list(selectors.changes_of_home(home)) == [inside, outside] or set(
        selectors.changes_of_home(home)
    ) == {inside, outside}
    ended = services.change_end_inspection(
        change=outside, actor=world.staff, outcome="taken_over", amount=Decimal("150")
    )
    assert ended.end_compensation == Decimal("150.00")


def test_the_reminder_is_sent_once_before_the_court_date(
    world, outbox, django_capture_on_commit_callbacks
):
    change = services.change_submit(
        home=world.complex_home,
        tenant=world.existing_tenant,
        description="Dakkapel",
        location="outside",
        easy_to_undo=False,
        requested_on=timezone.localdate() - timedelta(weeks=7),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.changes_remind_due() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.changes_remind_due() == 0
    assert [m.to for m in outbox] == [[world.staff.email]]
    change.refresh_from_db()
    assert change.reminded_on == timezone.localdate()
    assert Change.objects.get(pk=change.pk).status == "requested"


def test_an_applicant_withdraws_only_their_own(world):
    application = services.application_submit(
        offer=world.home_offer,
        user=world.applicant,
        jobs=[world.kitchen],
        choices={str(world.kitchen.pk): "Keuken Eiken"},
    )
    with pytest.raises(ValidationError):
        services.application_withdraw(application=application, actor=world.existing_tenant)
    services.application_withdraw(application=application, actor=world.applicant)
    assert Application.objects.get(pk=application.pk).status == "withdrawn"


def test_the_addendum_renders_as_a_real_pdf(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = allocate(world)
    addendum = application.agreement.addenda.get()
    assert addendum.rendering == Addendum.Rendering.DONE, addendum.error
    with addendum.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_the_reminder_command_is_idempotent(world, outbox, django_capture_on_commit_callbacks):
    services.change_submit(
        home=world.complex_home,
        tenant=world.existing_tenant,
        description="Schuur",
        location="outside",
        easy_to_undo=False,
        requested_on=timezone.localdate() - timedelta(weeks=9),
    )
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_klushuur_changes", stdout=out)
        call_command("remind_klushuur_changes", stdout=out)
    assert out.getvalue().split() == ["1", "reminded", "0", "reminded"]
    assert len(outbox) == 1


@pytest.mark.parametrize("status", [s for s, _label in AgreementJob.Status.choices])
def test_every_job_move_by_every_actor_goes_through_the_table(world, agreement, status):
    """From each status, each target, by the tenant, staff, other staff and the system: the
    service makes exactly the moves the table names for that actor."""
    job = agreement.jobs.get(job=world.kitchen)
    actors = {
        rules.TENANT: world.applicant,
        rules.STAFF: world.staff,
        "outsider": world.other_staff,
        rules.SYSTEM: None,
    }
    for target, _label in AgreementJob.Status.choices:
        if target == status:
            continue
        for capacity, actor in actors.items():
            # Set-up: each status as the starting point, so every move is tried from it.
            AgreementJob.objects.filter(pk=job.pk).update(status=status)
            job.refresh_from_db()
            allowed = rules.may_move(rules.JOB_TRANSITIONS, status, target, {capacity})
            if allowed:
                services._move(job, target, actor=actor)
                assert AgreementJob.objects.get(pk=job.pk).status == target
                continue
            known = (status, target) in rules.JOB_TRANSITIONS
            with pytest.raises(ValidationError) as refused:
                services._move(job, target, actor=actor)
            assert refused.value.code == ("actor" if known else "transition")


def test_staff_make_a_new_version_until_work_was_reported(world, agreement):
    with pytest.raises(PermissionDenied):
        services.addendum_regenerate(agreement=agreement, actor=world.other_staff)
    with mock.patch("klushuis.pdf.render_pdf", _stub_pdf):
        second = services.addendum_regenerate(agreement=agreement, actor=world.staff)
        addendum_render(second.pk)
    assert second.number == 2
    second.refresh_from_db()
    services.addendum_sign(addendum=second, actor=world.applicant)
    services.addendum_sign(addendum=second, actor=world.staff)
    kitchen = agreement.jobs.get(job=world.kitchen)
    services.job_report(job=kitchen, actor=world.applicant, report="Klaar", photos=[jpeg()])
    with pytest.raises(ValidationError) as refused:
        services.addendum_regenerate(agreement=agreement, actor=world.staff)
    assert refused.value.code == "work"


def test_the_complex_lease_clause_counts_for_its_homes(world):
    home = world.complex_home
    home.outside_needs_consent = False
    home.save()
    change = services.change_submit(
        home=home,
        tenant=world.existing_tenant,
        description="Plantenbak aan de gevel",
        location="outside",
        easy_to_undo=True,
    )
    assert change.status == "requested"  # the complex's lease asks consent for the outside


def test_the_tenant_is_told_the_decision_and_the_inspection(
    world, outbox, django_capture_on_commit_callbacks
):
    with (
        mock.patch("klushuis.pdf.render_pdf", _stub_pdf),
        django_capture_on_commit_callbacks(execute=True),
    ):
        agreement = allocate(world).agreement
    assert [m.to for m in outbox] == [[world.applicant.email]]
    assert "toegewezen" in outbox[0].subject + outbox[0].body or "allocated" in outbox[0].body
    addendum = agreement.addenda.get()
    services.addendum_sign(addendum=addendum, actor=world.applicant)
    services.addendum_sign(addendum=addendum, actor=world.staff)
    kitchen = agreement.jobs.get(job=world.kitchen)
    services.job_report(job=kitchen, actor=world.applicant, report="Klaar", photos=[jpeg()])
    with django_capture_on_commit_callbacks(execute=True):
        services.job_inspect(job=kitchen, actor=world.staff, accept=True, remarks="Mooi")
    assert len(outbox) == 2
    assert "Mooi" in outbox[1].body
