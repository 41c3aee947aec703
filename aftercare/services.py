"""Every write of aftercare. Two statuses, each with one write path and its table in
`aftercare.rules`: an obligation's (`obligation_transition`) and a completion notice's
(`notice_transition`). Both lock the row, check the move and who makes it, append history and
write. Time is the server's clock in Europe/Amsterdam (`timezone.localdate()`).

Who acts: the case's own buyer ("buyer"), staff holding `aftercare.manage_aftercare` for the
case's municipality ("staff": the municipality, or a bureau with its mandate), or the code
("system", actor None: a deadline or a consequence; the history's reason names it).
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from aftercare import rules
from aftercare.files import evidence_file
from aftercare.models import (
    AftercareSettings,
    BrpCheck,
    Case,
    CompletionNotice,
    Evidence,
    Inspection,
    InspectionResult,
    NoticeChange,
    Obligation,
    ObligationChange,
    ProgressReport,
    RequirementItem,
    SentMail,
)
from contracts import rules as contract_rules
from contracts.models import Contract
from klushuis import outbox
from klushuis.formatting import day as dutch_day
from klushuis.organisations.selectors import organisation_ids_for_user
from properties import rules as property_rules
from properties.models import Property
from properties.services import property_transition

MANAGE = "aftercare.manage_aftercare"


def actor_capacity(actor, case: Case) -> str | None:
    """The capacity in which `actor` acts on `case` (None: none at all)."""
    if actor is None:
        return rules.SYSTEM
    if not actor.is_active:
        return None
    if actor.pk == case.buyer_id:
        return rules.BUYER
    ids = organisation_ids_for_user(actor)
    if actor.has_perm(MANAGE) and (ids is None or case.municipality_id in ids):
        return rules.STAFF
    return None


def _refuse_actor():
    raise ValidationError(_("You may not do this for this home."), code="actor")


# --- The two write paths --------------------------------------------------------------------


def obligation_transition(
    *, obligation: Obligation, to: str, actor, reason: str = "", done_on: date | None = None
) -> Obligation:
    """The one write path of an obligation's status (rules.OBLIGATION_TRANSITIONS)."""
    with transaction.atomic():
        locked = Obligation.objects.select_for_update().select_related("case").get(pk=obligation.pk)
        if locked.status == to:
            return locked
        if (locked.status, to) not in rules.OBLIGATION_TRANSITIONS:
            raise ValidationError(_("This obligation cannot change like that."), code="transition")
        capacity = actor_capacity(actor, locked.case)
        if capacity is None or not rules.may_move(
            rules.OBLIGATION_TRANSITIONS, locked.status, to, capacity
        ):
            _refuse_actor()
        ObligationChange.objects.create(
            obligation=locked,
            from_status=locked.status,
            to_status=to,
            due_on=locked.due_on,
            actor=actor,
            reason=reason,
        )
        locked.status = to
        locked.done_on = (done_on or timezone.localdate()) if to == rules.MET else None
        locked.save(update_fields=["status", "done_on"])
        obligation.status, obligation.done_on = locked.status, locked.done_on
        _next_due_refresh(locked.case_id)
    return locked


def _next_due_refresh(case_id: int) -> None:
    """The case's stored next due date: the earliest open deadline (the worklist's order)."""
    first = (
        Obligation.objects.filter(case_id=case_id, status=rules.OPEN)
        .exclude(kind__in=rules.PERIODS)
        .aggregate(first=Min("due_on"))["first"]
    )
    Case.objects.filter(pk=case_id).update(next_due_on=first)


def notice_transition(
    *, notice: CompletionNotice, to: str, actor, reason: str = "", **fields
) -> CompletionNotice:
    """The one write path of a completion notice's status (rules.NOTICE_TRANSITIONS)."""
    with transaction.atomic():
        locked = (
            CompletionNotice.objects.select_for_update().select_related("case").get(pk=notice.pk)
        )
        if (locked.status, to) not in rules.NOTICE_TRANSITIONS:
            raise ValidationError(
                _("This completion notice cannot go from %(from)s to %(to)s.")
                % {
                    "from": CompletionNotice.Status(locked.status).label,
                    "to": CompletionNotice.Status(to).label,
                },
                code="transition",
            )
        capacity = actor_capacity(actor, locked.case)
        if capacity is None or not rules.may_move(
            rules.NOTICE_TRANSITIONS, locked.status, to, capacity
        ):
            _refuse_actor()
        NoticeChange.objects.create(
            notice=locked, from_status=locked.status, to_status=to, actor=actor, reason=reason
        )
        locked.status = to
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", *fields])
    return locked


def _obligation_create(case: Case, planned: rules.Planned, *, notice=None) -> Obligation:
    obligation = Obligation.objects.create(
        case=case, kind=planned.kind, sequence=planned.sequence, due_on=planned.due, notice=notice
    )
    ObligationChange.objects.create(
        obligation=obligation, to_status=rules.OPEN, due_on=planned.due, reason=_("Created")
    )
    _next_due_refresh(case.pk)
    return obligation


def obligation_reschedule(*, obligation: Obligation, due_on: date, actor, reason: str):
    """A new due date (a repair term after a rejection), appended to the history."""
    with transaction.atomic():
        locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
        if locked.due_on == due_on:
            return locked
        ObligationChange.objects.create(
            obligation=locked,
            from_status=locked.status,
            to_status=locked.status,
            due_on=due_on,
            actor=actor,
            reason=reason,
        )
        locked.due_on = due_on
        locked.save(update_fields=["due_on"])
        _next_due_refresh(locked.case_id)
    return locked


def _open(case: Case, kind: str):
    return case.obligations.filter(kind=kind, status=rules.OPEN).order_by("due_on", "pk")


# --- The start, at the transfer -------------------------------------------------------------


def terms_for_contract(contract) -> rules.Terms:
    """The terms of the version the buyer signed, with the municipality's aftercare settings
    for what the agreement does not fix itself."""
    version = contract.sent_version
    data = (version.data if version is not None else None) or {}
    terms = data.get("terms") or {}
    values = data.get("values") or {}
    sales_round = contract.offer.sales_round
    settings = AftercareSettings.objects.filter(municipality_id=contract.municipality_id).first()
    settings = settings or AftercareSettings(municipality_id=contract.municipality_id)
    anti_speculation = values.get("antispeculatie_jaren", "missing")
    if anti_speculation == "missing":
        anti_speculation = (
            sales_round.anti_speculation_years if sales_round.anti_speculation != "none" else None
        )
    return rules.Terms(
        renovation_start_months=terms.get(
            "renovation_start_months", sales_round.renovation_start_months
        ),
        renovation_completion_months=terms.get(
            "renovation_completion_months", sales_round.renovation_completion_months
        ),
        inspection_weeks=int(data.get("inspection_weeks") or 6),
        progress_report_months=settings.progress_report_months,
        reinspection_weeks=settings.reinspection_weeks,
        return_incomplete_days=settings.return_incomplete_days,
        brp_registration_days=settings.brp_registration_days,
        brp_from_transfer=settings.brp_from_transfer,
        occupancy_years=int(values.get("zelfbewoning_jaren") or sales_round.self_occupancy_years),
        anti_speculation_years=int(anti_speculation) if anti_speculation else None,
    )


def aftercare_start(*, contract, actor=None) -> Case:
    """Start the aftercare of a transferred contract: the case with its terms fixed, its PvE
    items and the obligations that run from the transfer. Idempotent (a second call returns
    the case). Registered on `contracts.extensions.CONTRACT_TRANSFERRED`, so it runs in the
    transfer's transaction."""
    if contract.status != contract_rules.TRANSFERRED or contract.transferred_at is None:
        raise ValidationError(_("The aftercare starts at the transfer."), code="not_transferred")
    existing = Case.objects.filter(contract=contract).first()
    if existing is not None:
        return existing
    terms = terms_for_contract(contract)
    transfer = timezone.localdate(contract.transferred_at)
    with transaction.atomic():
        case = Case.objects.create(
            contract=contract,
            property_id=contract.property_id,
            municipality_id=contract.municipality_id,
            sales_round_id=contract.offer.sales_round_id,
            buyer_id=contract.application.user_id,
            transfer_date=transfer,
            terms=terms.as_data(),
        )
        settings = AftercareSettings.objects.filter(municipality_id=case.municipality_id).first()
        lines = (settings or AftercareSettings()).requirement_items.splitlines()
        RequirementItem.objects.bulk_create(
            RequirementItem(case=case, number=number, title=title.strip())
            for number, title in enumerate((line for line in lines if line.strip()), start=1)
        )
        for planned in rules.at_transfer(transfer, terms):
            _obligation_create(case, planned)
    return case


def aftercare_start_missing() -> int:
    """Start the aftercare of agreements transferred before this app was installed (or whose
    start failed): idempotent, run by `manage.py aftercare_due`. Returns the cases started."""
    started = 0
    waiting = Contract.objects.filter(
        status=contract_rules.TRANSFERRED, aftercare__isnull=True, transferred_at__isnull=False
    ).select_related("offer", "application", "sent_version")
    for contract in waiting:
        aftercare_start(contract=contract)
        started += 1
    return started


# --- The buyer ------------------------------------------------------------------------------


def _as_buyer(case: Case, actor) -> None:
    if actor_capacity(actor, case) != rules.BUYER:
        _refuse_actor()


def progress_report_add(*, case: Case, actor, text: str, started_on: date | None = None):
    """The buyer reports progress. Side effects: the renovation start is met when a start
    date is given (on that date), and the next progress report due is met."""
    _as_buyer(case, actor)
    if not text.strip():
        raise ValidationError({"text": _("Say how the renovation is going.")})
    today = timezone.localdate()
    if started_on is not None and (started_on > today or started_on < case.transfer_date):
        raise ValidationError(
            {"started_on": _("The start lies between the transfer and today.")}, code="date"
        )
    with transaction.atomic():
        report = ProgressReport.objects.create(
            case=case, text=text.strip(), started_on=started_on, created_by=actor
        )
        if started_on is not None:
            for obligation in _open(case, rules.RENOVATION_START):
                obligation_transition(
                    obligation=obligation,
                    to=rules.MET,
                    actor=actor,
                    done_on=started_on,
                    reason=_("Start reported"),
                )
        report_due = _open(case, rules.PROGRESS_REPORT).first()
        if report_due is not None:
            obligation_transition(
                obligation=report_due, to=rules.MET, actor=actor, reason=_("Progress reported")
            )
    return report


def notice_draft(*, case: Case, actor) -> CompletionNotice:
    """The buyer's notice being written: the open draft, or a new one (after a return or a
    rejection, a new one; after a rejection it is re-inspected on its own term)."""
    _as_buyer(case, actor)
    with transaction.atomic():
        Case.objects.select_for_update().get(pk=case.pk)
        draft = case.notices.filter(status=rules.DRAFT).first()
        if draft is not None:
            return draft
        if case.accepted_on is not None or case.notices.filter(status=rules.SUBMITTED).exists():
            raise ValidationError(_("There is no completion to report now."), code="state")
        number = (case.notices.aggregate(n=Max("number"))["n"] or 0) + 1
        rejected = case.notices.filter(status=rules.REJECTED).exists()
        return CompletionNotice.objects.create(case=case, number=number, reinspection=rejected)


def evidence_add(
    *,
    notice: CompletionNotice,
    actor,
    item: RequirementItem,
    kind: str,
    upload,
    description: str = "",
    amount=None,
    invoice_date=None,
) -> Evidence:
    """Evidence for one PvE item of a draft notice. Photos are stored as JPEG without any
    metadata; a PDF sanitised (`aftercare.files`). An invoice needs its amount and date."""
    _as_buyer(notice.case, actor)
    if notice.status != rules.DRAFT:
        raise ValidationError(_("Only a draft can take evidence."), code="state")
    if item.case_id != notice.case_id:
        raise ValidationError({"item": _("Choose an item of this home's PvE.")})
    if kind == Evidence.Kind.INVOICE and (amount is None or invoice_date is None):
        raise ValidationError(_("An invoice needs its amount and date."), code="invoice")
    stored = evidence_file(upload, photo=kind == Evidence.Kind.PHOTO)
    evidence = Evidence(
        notice=notice,
        item=item,
        kind=kind,
        description=description.strip(),
        amount=amount if kind == Evidence.Kind.INVOICE else None,
        invoice_date=invoice_date if kind == Evidence.Kind.INVOICE else None,
    )
    evidence.file.save(stored.name, stored, save=False)
    evidence.save()
    return evidence


def evidence_remove(*, evidence: Evidence, actor) -> None:
    _as_buyer(evidence.notice.case, actor)
    if evidence.notice.status != rules.DRAFT:
        raise ValidationError(_("Only a draft's evidence can be removed."), code="state")
    evidence.file.delete(save=False)
    evidence.delete()


def notice_complete(notice: CompletionNotice) -> bool:
    items = notice.case.items.values_list("pk", flat=True)
    return rules.notice_complete(items, notice.evidence.values_list("item_id", flat=True))


def notice_submit(*, notice: CompletionNotice, actor, remarks: str = "") -> CompletionNotice:
    """The buyer submits the notice. The inspection term runs from today when the notice is
    complete (evidence for every PvE item); an incomplete one may be returned by staff
    within their term, and if they let that pass it counts as complete from its end.
    Side effect: the inspection obligation with its due date; staff are told by the worklist."""
    _as_buyer(notice.case, actor)
    if not notice.evidence.exists():
        raise ValidationError(_("Add evidence before you submit."), code="empty")
    terms = notice.case.get_terms()
    today = timezone.localdate()
    complete_on = today if notice_complete(notice) else rules.return_by(today, terms)
    due = rules.inspection_due(complete_on, terms, reinspection=notice.reinspection)
    with transaction.atomic():
        notice = notice_transition(
            notice=notice,
            to=rules.SUBMITTED,
            actor=actor,
            reason=_("Submitted"),
            remarks=remarks.strip(),
            submitted_at=timezone.now(),
            inspection_due=due,
            return_by=rules.return_by(today, terms),
        )
        _obligation_create(notice.case, rules.Planned(rules.INSPECTION, due), notice=notice)
    return notice


def photo_consent_set(*, case: Case, actor, consent: bool) -> Case:
    """The buyer allows (or withdraws) showing before/after photos in the catalogue."""
    _as_buyer(case, actor)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        locked.photo_consent = consent
        locked.photo_consent_changed_at = timezone.now()
        locked.save(update_fields=["photo_consent", "photo_consent_changed_at"])
    return locked


def registration_confirm(*, case: Case, actor, registered_on: date) -> Case:
    """The buyer confirms the date they were registered at the address. Side effect: the
    registration obligation is met on that date."""
    _as_buyer(case, actor)
    today = timezone.localdate()
    if registered_on > today or registered_on < case.transfer_date:
        raise ValidationError(
            {"registered_on": _("The date lies between the transfer and today.")}, code="date"
        )
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        due = _open(locked, rules.BRP_REGISTRATION).first()
        if due is None:
            raise ValidationError(_("No registration is due now."), code="state")
        locked.registered_on = registered_on
        locked.save(update_fields=["registered_on"])
        obligation_transition(
            obligation=due,
            to=rules.MET,
            actor=actor,
            done_on=registered_on,
            reason=_("Registration confirmed by the buyer"),
        )
    return locked


# --- Staff ----------------------------------------------------------------------------------


def _as_staff(case: Case, actor) -> None:
    if actor_capacity(actor, case) != rules.STAFF:
        _refuse_actor()


def notice_return(*, notice: CompletionNotice, actor, reasons: str) -> CompletionNotice:
    """Staff return an incomplete notice with reasons, within their term. Side effect: its
    inspection no longer applies; the buyer writes a new notice."""
    _as_staff(notice.case, actor)
    if not reasons.strip():
        raise ValidationError({"reasons": _("Say what is missing.")})
    if notice.return_by is not None and timezone.localdate() > notice.return_by:
        raise ValidationError(
            _("The term to return the notice ended on %(day)s; inspect it instead.")
            % {"day": dutch_day(notice.return_by)},
            code="late",
        )
    with transaction.atomic():
        notice = notice_transition(
            notice=notice,
            to=rules.RETURNED,
            actor=actor,
            reason=reasons.strip(),
            reasons=reasons.strip(),
            decided_at=timezone.now(),
            decided_by=actor,
        )
        for obligation in _open(notice.case, rules.INSPECTION).filter(notice=notice):
            obligation_transition(
                obligation=obligation,
                to=rules.LAPSED,
                actor=actor,
                reason=_("Notice returned as incomplete"),
            )
    return notice


def inspection_schedule(*, notice: CompletionNotice, actor, scheduled_for) -> Inspection:
    """Staff make the appointment (the buyer sees it on their page)."""
    _as_staff(notice.case, actor)
    if notice.status != rules.SUBMITTED:
        raise ValidationError(_("Only a submitted notice is inspected."), code="state")
    return Inspection.objects.create(notice=notice, scheduled_for=scheduled_for, inspector=actor)


def inspection_record(
    *,
    inspection: Inspection,
    actor,
    performed_on: date,
    results: dict,
    accept: bool,
    defects: str = "",
    repair_by: date | None = None,
) -> CompletionNotice:
    """Staff record the inspection item by item (`results`: item id -> (result, remark)),
    then accept, or reject with the defects and a repair term. Acceptance needs every item
    met; a rejection needs its defects and repair term."""
    notice = inspection.notice
    case = notice.case
    _as_staff(case, actor)
    items = list(case.items.values_list("pk", flat=True))
    if set(results) != set(items):
        raise ValidationError(_("Record a result for every PvE item."), code="items")
    if performed_on > timezone.localdate():
        raise ValidationError({"performed_on": _("The inspection cannot be in the future.")})
    all_met = all(result == rules.MET_ITEM for result, _remark in results.values())
    if accept and not all_met:
        raise ValidationError(
            _("An item is not met: reject with the defects, or change its result."),
            code="not_met",
        )
    if not accept and not (defects.strip() and repair_by):
        raise ValidationError(_("A rejection needs its defects and a repair term."), code="defects")
    with transaction.atomic():
        inspection.performed_on = performed_on
        inspection.save(update_fields=["performed_on"])
        InspectionResult.objects.bulk_create(
            InspectionResult(inspection=inspection, item_id=pk, result=result, remark=remark)
            for pk, (result, remark) in results.items()
        )
        for obligation in _open(case, rules.INSPECTION).filter(notice=notice):
            obligation_transition(
                obligation=obligation,
                to=rules.MET,
                actor=actor,
                done_on=performed_on,
                reason=_("Inspected"),
            )
        if accept:
            return _accept(notice, actor=actor, on=performed_on, to=rules.ACCEPTED)
        notice = notice_transition(
            notice=notice,
            to=rules.REJECTED,
            actor=actor,
            reason=defects.strip(),
            reasons=defects.strip(),
            repair_by=repair_by,
            decided_at=timezone.now(),
            decided_by=actor,
        )
        for obligation in _open(case, rules.COMPLETION):
            obligation_reschedule(
                obligation=obligation,
                due_on=max(obligation.due_on, repair_by),
                actor=actor,
                reason=_("Repair term after the rejected completion notice %(number)s")
                % {"number": notice.number},
            )
    return notice


def _accept(notice: CompletionNotice, *, actor, on: date, to: str) -> CompletionNotice:
    """Accepted (or counted as accepted): the completion is met on the day the notice was
    submitted, occupancy and registration start, and the home is renovated."""
    case = notice.case
    reason = (
        _("Completion accepted at the inspection")
        if to == rules.ACCEPTED
        else _("Not inspected within the term: the completion counts as accepted")
    )
    notice = notice_transition(
        notice=notice,
        to=to,
        actor=actor,
        reason=reason,
        decided_at=timezone.now(),
        decided_by=actor,
    )
    locked = Case.objects.select_for_update().get(pk=case.pk)
    locked.accepted_on = on
    locked.deemed_accepted = to == rules.DEEMED_ACCEPTED
    locked.save(update_fields=["accepted_on", "deemed_accepted"])
    submitted = timezone.localdate(notice.submitted_at)
    for obligation in _open(locked, rules.COMPLETION):
        obligation_transition(
            obligation=obligation, to=rules.MET, actor=actor, done_on=submitted, reason=reason
        )
    for obligation in _open(locked, rules.PROGRESS_REPORT):
        obligation_transition(
            obligation=obligation, to=rules.LAPSED, actor=None, reason=_("Renovation completed")
        )
    for obligation in _open(locked, rules.RENOVATION_START):
        obligation_transition(obligation=obligation, to=rules.MET, actor=None, reason=reason)
    for planned in rules.at_acceptance(on, locked.get_terms()):
        _obligation_create(locked, planned)
    home = Property.objects.get(pk=locked.property_id)
    if home.status == property_rules.SOLD:
        property_transition(property=home, to=property_rules.RENOVATED, actor=None, reason=reason)
    return notice


def brp_check_record(
    *, case: Case, actor, checked_on: date, source: str, result: str, note: str = ""
) -> BrpCheck:
    """Staff record a check of the registration (who, when, source, result; never a BSN)."""
    _as_staff(case, actor)
    if not source.strip():
        raise ValidationError({"source": _("Name the source of the check.")})
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("The check cannot be in the future.")})
    return BrpCheck.objects.create(
        case=case,
        checked_on=checked_on,
        checked_by=actor,
        source=source.strip(),
        result=result,
        note=note.strip(),
    )


# --- Deadlines, applied when read and by the beat schedule ----------------------------------


def aftercare_apply_due(*, case: Case | None = None, today: date | None = None) -> int:
    """What the clock decided: a notice not inspected within its term counts as accepted
    (on the term's last day); an occupancy or anti-speculation period whose day passed ends.
    Run on every page that shows aftercare, by the beat schedule and by `manage.py
    aftercare_due`, so the state is right without a scheduler. Returns the moves made."""
    today = today or timezone.localdate()
    notices = CompletionNotice.objects.filter(
        status=rules.SUBMITTED, inspection_due__lt=today
    ).exclude(inspections__performed_on__isnull=False)
    periods = Obligation.objects.filter(status=rules.OPEN, kind__in=rules.PERIODS, due_on__lt=today)
    if case is not None:
        notices, periods = notices.filter(case=case), periods.filter(case=case)
    moves = 0
    for notice in notices.select_related("case"):
        with transaction.atomic():
            locked = CompletionNotice.objects.select_for_update().get(pk=notice.pk)
            if locked.status != rules.SUBMITTED:
                continue
            for obligation in _open(notice.case, rules.INSPECTION).filter(notice=notice):
                obligation_transition(
                    obligation=obligation,
                    to=rules.LAPSED,
                    actor=None,
                    reason=_("Not inspected within the term"),
                )
            _accept(
                notice,
                actor=None,
                on=rules.deemed_acceptance_date(notice.inspection_due),
                to=rules.DEEMED_ACCEPTED,
            )
            moves += 1
    for obligation in periods:
        obligation_transition(
            obligation=obligation,
            to=rules.MET,
            actor=None,
            done_on=obligation.due_on,
            reason=_("The period ended"),
        )
        moves += 1
    return moves


def reminders_send(*, today: date | None = None) -> int:
    """Queue each reminder, overdue notice and escalation an open obligation has earned, once:
    the `SentMail` row with its unique key is written first, the mail is sent after commit."""
    from aftercare import tasks  # noqa: PLC0415 - the tasks module imports these services

    today = today or timezone.localdate()
    window_end = today + timedelta(days=rules.REMINDER_DAYS_BEFORE)
    candidates = (
        Obligation.objects.filter(status=rules.OPEN, due_on__lte=window_end)
        .exclude(kind__in=rules.PERIODS)
        .exclude(kind=rules.INSPECTION)
        .values_list("pk", "kind", "status", "due_on")
    )
    sent = 0
    for pk, kind, status, due in candidates.iterator():
        for mail in rules.mails_due(kind=kind, status=status, due=due, today=today):
            key = f"{pk}:{mail}:{due.isoformat()}"
            try:
                with transaction.atomic():
                    SentMail.objects.create(key=key, obligation_id=pk)
            except IntegrityError:
                continue  # sent before
            outbox.send(tasks.send_obligation_mail, pk, mail)
            sent += 1
    return sent
