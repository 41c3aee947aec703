"""Every write of klushuur. One write path for all its statuses: `_move`, which checks the move
and who makes it against the table in `klushuur.rules`, writes the status and appends a
`StatusChange`. The named services below call it; side effects wait for the commit.
"""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klushuis import outbox
from klushuis.holiday_calendar.selectors import decree_days
from klushuis.organisations.selectors import organisation_ids_for_user
from klushuur import rules
from klushuur.models import (
    Addendum,
    Agreement,
    AgreementJob,
    Application,
    Change,
    Interest,
    JobPhoto,
    Offer,
    RentalHome,
    StatusChange,
)

PERMISSION = "klushuur.manage_klushuur"

TABLES = {
    Offer: ("offer", rules.OFFER_TRANSITIONS),
    Application: ("application", rules.APPLICATION_TRANSITIONS),
    AgreementJob: ("job", rules.JOB_TRANSITIONS),
    Change: ("change", rules.CHANGE_TRANSITIONS),
}


def corporation_of(record) -> int:
    if isinstance(record, Offer):
        return record.corporation_id
    if isinstance(record, Application):
        return record.offer.corporation_id
    if isinstance(record, AgreementJob):
        return record.agreement.home.corporation_id
    return record.home.corporation_id


def tenant_of(record) -> int | None:
    if isinstance(record, Application):
        return record.user_id
    if isinstance(record, AgreementJob):
        return record.agreement.tenant_id
    if isinstance(record, Change):
        return record.tenant_id
    return None


def is_corporation_staff(user, corporation_id: int) -> bool:
    """Staff with the klushuur permission who work for the corporation."""
    if user is None or not user.is_authenticated or not user.has_perm(PERMISSION):
        return False
    ids = organisation_ids_for_user(user)
    return ids is None or corporation_id in ids


def capacities(actor, record) -> set[str]:
    if actor is None:
        return {rules.SYSTEM}
    found = set()
    if tenant_of(record) == actor.pk:
        found.add(rules.TENANT)
    if is_corporation_staff(actor, corporation_of(record)):
        found.add(rules.STAFF)
    return found


def _move(record, to: str, *, actor, reason: str = ""):
    """The one write path of every klushuur status. Locks the row, refuses a move the table
    lacks (code "transition") or an actor it does not name (code "actor"), writes the status
    and appends the history. Moving to the status it has is a no-op."""
    model = type(record)
    subject, table = TABLES[model]
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=record.pk)
        if locked.status == to:
            return locked
        if (locked.status, to) not in table:
            raise ValidationError(
                _("This cannot go from %(from)s to %(to)s.")
                % {"from": locked.get_status_display(), "to": model.Status(to).label},
                code="transition",
            )
        if not rules.may_move(table, locked.status, to, capacities(actor, locked)):
            raise ValidationError(_("You may not make this change."), code="actor")
        StatusChange.objects.create(
            subject=subject,
            subject_id=locked.pk,
            from_status=locked.status,
            to_status=to,
            actor=actor,
            reason=reason,
        )
        locked.status = to
        locked.save(update_fields=["status"])
        record.status = to
    return locked


def history(record):
    subject, _table = TABLES[type(record)]
    return StatusChange.objects.filter(subject=subject, subject_id=record.pk)


# --- Offers ------------------------------------------------------------------------------------


def offer_transition(*, offer: Offer, to: str, actor, reason: str = "") -> Offer:
    """Publish or close an offer. Publishing records when; an offer needs jobs first."""
    if to == rules.OFFER_PUBLISHED and not offer.jobs.exists():
        raise ValidationError(_("An offer needs at least one job."), code="jobs")
    with transaction.atomic():
        moved = _move(offer, to, actor=actor, reason=reason)
        if to == rules.OFFER_PUBLISHED and moved.published_at is None:
            moved.published_at = timezone.now()
            moved.save(update_fields=["published_at"])
    return moved


# --- Interest and applications -----------------------------------------------------------------


def interest_register(*, user, corporation, job_kinds, skills: str, available_time: str):
    """Register (or update) someone's interest with a corporation. No side effects."""
    interest, _created = Interest.objects.update_or_create(
        user=user,
        corporation=corporation,
        defaults={"job_kinds": list(job_kinds), "skills": skills, "available_time": available_time},
    )
    return interest


def home_for_applicant(offer: Offer, user) -> RentalHome | None:
    """The home an application is for: the offered home, or for an offer to a complex the
    applicant's own home in it (only its tenants opt in); None if they have none there."""
    if offer.home_id:
        return offer.home
    return RentalHome.objects.filter(complex_id=offer.complex_id, tenant=user).first()


def application_submit(*, offer: Offer, user, jobs, choices: dict, motivation: str = ""):
    """Apply for an offered home, or opt in (a tenant of the offer's complex) to its jobs.
    Refuses (ValidationError) an offer not published, someone who is no tenant of the complex,
    no jobs, a job not in the offer, a choice not in the job's list, a second application."""
    if offer.status != rules.OFFER_PUBLISHED:
        raise ValidationError(_("This offer is not open."), code="closed")
    home = home_for_applicant(offer, user)
    if home is None:
        raise ValidationError(
            _("Only tenants of this complex can take part in this offer."), code="not_tenant"
        )
    jobs = list(jobs)
    offered = set(offer.jobs.values_list("pk", flat=True))
    if not jobs or any(job.pk not in offered for job in jobs):
        raise ValidationError(_("Choose at least one of the offer's jobs."), code="jobs")
    clean_choices = {}
    for job in jobs:
        options = job.choice_list()
        chosen = choices.get(str(job.pk), "")
        if options and chosen not in options:
            raise ValidationError(
                _("Choose one of the options for %(job)s.") % {"job": job.name}, code="choice"
            )
        if options:
            clean_choices[str(job.pk)] = chosen
    with transaction.atomic():
        if Application.objects.filter(offer=offer, user=user).exists():
            raise ValidationError(_("You have already applied for this offer."), code="twice")
        application = Application.objects.create(
            offer=offer, user=user, home=home, choices=clean_choices, motivation=motivation
        )
        application.jobs.set(jobs)
    return application


def application_withdraw(*, application: Application, actor) -> Application:
    return _move(application, rules.APP_WITHDRAWN, actor=actor, reason=_("Withdrawn"))


def application_decide(
    *, application: Application, actor, allocate: bool, rule: str, ranking, reason: str
) -> Application:
    """Record the corporation's allocation decision with its basis: the rule it applied (from
    its own allocation policy under the Huisvestingswet and the local regulation), the ranking,
    and the reason. The portal decides nothing itself. Allocating a home to let makes the
    applicant its tenant, turns the other applications for it to not allocated and closes the
    offer (system moves);
    allocating makes the agreement and its first addendum (rendered after commit). Side
    effects after commit: each applicant whose application was decided is mailed."""
    if not rule.strip() or not reason.strip():
        raise ValidationError(_("Record the rule applied and the reason."), code="basis")
    if not is_corporation_staff(actor, application.offer.corporation_id):
        raise PermissionDenied
    target = rules.APP_ALLOCATED if allocate else rules.APP_NOT_ALLOCATED
    with transaction.atomic():
        moved = _move(application, target, actor=actor, reason=reason)
        moved.allocation_rule, moved.ranking, moved.decision_reason = rule, ranking, reason
        moved.decided_by, moved.decided_at = actor, timezone.now()
        moved.save(
            update_fields=[
                "allocation_rule",
                "ranking",
                "decision_reason",
                "decided_by",
                "decided_at",
            ]
        )
        if allocate:
            offer = moved.offer
            if offer.home_id:
                RentalHome.objects.filter(pk=offer.home_id).update(tenant=moved.user)
                for other in Application.objects.filter(
                    offer=offer, status=rules.APP_SUBMITTED
                ).exclude(pk=moved.pk):
                    _move(
                        other,
                        rules.APP_NOT_ALLOCATED,
                        actor=None,
                        reason=_("The home was allocated to another candidate."),
                    )
                    _mail_tenant("decided", other.pk)
                _move(
                    offer,
                    rules.OFFER_CLOSED,
                    actor=None,
                    reason=_("The home was allocated."),
                )
            agreement_make(application=moved)
        _mail_tenant("decided", moved.pk)
    return moved


def _mail_tenant(event: str, pk: int) -> None:
    # The task module imports this one; importing it at the top would be a cycle.
    from klushuur import tasks  # noqa: PLC0415

    outbox.send(tasks.mail_tenant, event, pk)


# --- The agreement and its addendum ------------------------------------------------------------


def agreement_make(*, application: Application) -> Agreement:
    """The agreement of an allocated application: its jobs with their choices, deadlines and
    the catalogue's compensation as it is today (kept; a later catalogue change does not touch
    it), and the first version of the addendum. Called inside `application_decide`."""
    home = application.home
    today = timezone.localdate()
    agreement = Agreement.objects.create(
        application=application,
        home=home,
        tenant=application.user,
        base_rent=home.base_rent,
        conditions=application.offer.conditions,
        starts_on=today,
    )
    for job in application.jobs.all():
        AgreementJob.objects.create(
            agreement=agreement,
            job=job,
            choice=application.choices.get(str(job.pk), ""),
            due_on=today + timedelta(weeks=job.weeks_to_complete),
            compensation_kind=job.compensation_kind,
            compensation_amount=job.compensation_amount,
            compensation_months=job.compensation_months,
        )
    addendum_new_version(agreement=agreement)
    return agreement


def addendum_data(agreement: Agreement) -> dict:
    """What the addendum says, as recorded data (the PDF is made from this alone)."""
    home = agreement.home
    return {
        "corporation": home.corporation.name,
        "tenant": agreement.tenant.get_full_name() or agreement.tenant.email,
        "home": str(home),
        "postcode": home.postcode,
        "base_rent": str(agreement.base_rent),
        "starts_on": agreement.starts_on.isoformat(),
        "conditions": agreement.conditions,
        "jobs": [
            {
                "name": job.job.name,
                "kind": job.job.get_kind_display(),
                "choice": job.choice,
                "due_on": job.due_on.isoformat(),
                "consent_needed": job.job.consent_needed,
                "certification": job.job.certification,
                "materials_supplied": job.job.materials_supplied,
                "quality": job.job.quality_requirements,
                "compensation_kind": job.compensation_kind,
                "compensation_amount": str(job.compensation_amount),
                "compensation_months": job.compensation_months,
            }
            for job in agreement.jobs.select_related("job")
        ],
    }


def addendum_new_version(*, agreement: Agreement) -> Addendum:
    """A new version of the addendum from today's data, rendered by a task after commit. A
    version already signed stays what was signed; the new one needs signing again."""
    # The task module imports this one to render; importing it at the top would be a cycle.
    from klushuur import tasks  # noqa: PLC0415

    last = agreement.addenda.order_by("-number").first()
    addendum = Addendum.objects.create(
        agreement=agreement,
        number=(last.number + 1) if last else 1,
        data=addendum_data(agreement),
    )
    outbox.send(tasks.render_addendum, addendum.pk)
    return addendum


def addendum_regenerate(*, agreement: Agreement, actor) -> Addendum:
    """Staff make a new version from today's data (e.g. after changing a deadline); the tenant
    and the corporation sign it again. Refused once a job was reported: the signed version is
    what the work was done under."""
    if not is_corporation_staff(actor, agreement.home.corporation_id):
        raise PermissionDenied
    if agreement.jobs.exclude(status=rules.JOB_AGREED).exists():
        raise ValidationError(
            _("Work was reported under the signed version; it is not made again."), code="work"
        )
    with transaction.atomic():
        return addendum_new_version(agreement=agreement)


def addendum_sign(*, addendum: Addendum, actor) -> Addendum:
    """The tenant signs the rendered version online; staff sign for the corporation after them.
    There is no cooling-off period (art. 7:2 BW covers purchases only)."""
    if addendum.rendering != Addendum.Rendering.DONE:
        raise ValidationError(_("The addendum is still being prepared."), code="pending")
    latest = addendum.agreement.addenda.order_by("-number").first()
    if latest.pk != addendum.pk:
        raise ValidationError(_("Only the latest version can be signed."), code="old")
    with transaction.atomic():
        locked = Addendum.objects.select_for_update().get(pk=addendum.pk)
        if actor.pk == locked.agreement.tenant_id:
            if locked.signed_by_tenant_at is None:
                locked.signed_by_tenant_at = timezone.now()
                locked.save(update_fields=["signed_by_tenant_at"])
        elif is_corporation_staff(actor, locked.agreement.home.corporation_id):
            if locked.signed_by_tenant_at is None:
                raise ValidationError(_("The tenant signs first."), code="order")
            if locked.signed_by_corporation_at is None:
                locked.signed_by_corporation_at = timezone.now()
                locked.save(update_fields=["signed_by_corporation_at"])
        else:
            raise PermissionDenied
    return locked


def agreement_signed(agreement: Agreement) -> bool:
    latest = agreement.addenda.order_by("-number").first()
    return bool(latest and latest.signed_by_tenant_at and latest.signed_by_corporation_at)


# --- Work --------------------------------------------------------------------------------------


def job_report(*, job: AgreementJob, actor, report: str, photos) -> AgreementJob:
    """The tenant reports a job done, with photos (already checked by content). Only after
    both signed the addendum."""
    if not agreement_signed(job.agreement):
        raise ValidationError(_("The addendum must be signed first."), code="unsigned")
    if not photos:
        raise ValidationError(_("Add at least one photo."), code="photos")
    with transaction.atomic():
        moved = _move(job, rules.JOB_REPORTED, actor=actor, reason=report[:300])
        moved.report, moved.reported_at = report, timezone.now()
        moved.save(update_fields=["report", "reported_at"])
        for photo in photos:
            JobPhoto.objects.create(job=moved, image=photo)
    return moved


def job_inspect(*, job: AgreementJob, actor, accept: bool, remarks: str) -> AgreementJob:
    """Staff accept or reject a reported job with remarks. On acceptance the compensation
    starts (from the first of the next month, `rules.compensation_starts`). Side effect: the
    tenant is mailed after commit."""
    if not accept and not remarks.strip():
        raise ValidationError(_("Say what is not right."), code="remarks")
    target = rules.JOB_ACCEPTED if accept else rules.JOB_REJECTED
    with transaction.atomic():
        moved = _move(job, target, actor=actor, reason=remarks[:300])
        moved.remarks, moved.inspected_by = remarks, actor
        moved.accepted_on = timezone.localdate() if accept else None
        moved.save(update_fields=["remarks", "inspected_by", "accepted_on"])
        _mail_tenant("inspected", moved.pk)
    return moved


# --- Tenant changes (ZAV) ----------------------------------------------------------------------


def change_submit(
    *,
    home: RentalHome,
    tenant,
    description: str,
    location: str,
    easy_to_undo: bool,
    requested_on: date | None = None,
) -> Change:
    """A tenant makes a change known in writing. One that needs no consent is registered at
    once (system); one that does waits for staff's answer; the court date counts from
    `requested_on`, the date of the written request."""
    if home.tenant_id != tenant.pk:
        raise PermissionDenied
    with transaction.atomic():
        change = Change.objects.create(
            home=home,
            tenant=tenant,
            description=description,
            location=location,
            easy_to_undo=easy_to_undo,
            requested_on=requested_on or timezone.localdate(),
        )
        if change.needs == rules.REGISTRATION:
            change = _move(
                change,
                rules.CHANGE_REGISTERED,
                actor=None,
                reason=_("Easy to undo and the lease asks no consent: registered."),
            )
    return change


def change_answer(*, change: Change, actor, consent: bool, reasons: str) -> Change:
    """Staff answer a request for consent, with reasons."""
    if not reasons.strip():
        raise ValidationError(_("Give the reasons."), code="reasons")
    target = rules.CHANGE_CONSENTED if consent else rules.CHANGE_REFUSED
    with transaction.atomic():
        moved = _move(change, target, actor=actor, reason=reasons[:300])
        moved.answer, moved.answered_by = reasons, actor
        moved.answered_on = timezone.localdate()
        moved.save(update_fields=["answer", "answered_by", "answered_on"])
    return moved


def change_court_from(change: Change):
    return rules.court_from(
        change.requested_on,
        refused_on=change.answered_on if change.status == rules.CHANGE_REFUSED else None,
        consented=change.status in (rules.CHANGE_CONSENTED, rules.CHANGE_REGISTERED),
        decree_days=decree_days(),
    )


def changes_remind_due(*, today: date | None = None) -> int:
    """Remind each corporation's staff once of every unanswered request whose court date is
    near (`rules.reminder_due`). Idempotent: a change reminded is marked and not mailed again.
    The mail goes after commit. Returns how many were reminded."""
    # The task module imports this one; importing it at the top would be a cycle.
    from klushuur import tasks  # noqa: PLC0415

    today = today or timezone.localdate()
    days = decree_days()
    count = 0
    for change in Change.objects.filter(status=rules.CHANGE_REQUESTED, reminded_on__isnull=True):
        if not rules.reminder_due(change.requested_on, today, answered=False, decree_days=days):
            continue
        with transaction.atomic():
            marked = Change.objects.filter(pk=change.pk, reminded_on__isnull=True).update(
                reminded_on=today
            )
            if marked:
                count += 1
                outbox.send(tasks.mail_change_reminder, change.pk)
    return count


def change_end_inspection(
    *, change: Change, actor, outcome: str, amount, inspected_on: date | None = None
) -> Change:
    """The joint inspection at the end of the lease: per change, whether it stays, is taken over
    or removed, and the compensation due (only for an approved lasting change)."""
    if not is_corporation_staff(actor, change.home.corporation_id):
        raise PermissionDenied
    approved = change.status in (rules.CHANGE_CONSENTED, rules.CHANGE_REGISTERED)
    due = rules.end_of_lease_compensation(outcome=outcome, consented=approved, amount=amount)
    Change.objects.filter(pk=change.pk).update(
        outcome=outcome, end_compensation=due, inspected_on=inspected_on or timezone.localdate()
    )
    change.refresh_from_db()
    return change
