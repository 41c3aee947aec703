"""After the sale (2): resales reported by the buyer or a notary, and the release (vrijgave)
with its statement (issue #16; DOMAIN.md, "After the sale" and the agreement's article Einde
van de verplichtingen).

- A **resale report** (`ResaleReport`) is what the buyer or a notary says happened: the date
  of the deed, the price and the notary. It is recorded as reported; staff confirm it, which
  records the `Resale` with its verdict and computation (`exemptions.resale_record`), or set it
  aside with reasons (the same sale reported twice). Both move the report once
  (`rules.REPORT_TRANSITIONS`, row locked).
- A **release** is proposed by one authorised person and approved by a second (four eyes,
  `sanctions.may_approve`, never the proposer; `rules.RELEASE_TRANSITIONS`, row locked, so two
  approvals at once give one release). It needs a basis (`rules.release_basis`): every
  obligation met and every period ended, or a granted exemption that releases (with the
  payment: once it is recorded as paid), and no resale payment left unpaid. The approval
  issues the release statement from the template system (a `contracts.Letter` of kind
  release statement, rendered after commit and stored with its SHA-256), moves the home to
  released, ends every open obligation (so no reminder follows), closes the case
  (`Case.released_on`, which answers `contracts.extensions.RELEASED_ON`) and mails the buyer.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from aftercare import exemptions, rules, sanctions, selectors, services, tasks
from aftercare.models import Case, Obligation, Release, ReleaseChange, ResaleReport
from contracts.models import Kind
from contracts.services.letters import letter_issue_for_contract
from klushuis import outbox
from klushuis.formatting import day as dutch_day
from properties import rules as property_rules
from properties.models import Property, SalesRound
from properties.services import property_transition

REPORT_PERMISSION = "aftercare.report_resale"


# --- Notaries ---------------------------------------------------------------------------------


def notary_municipality_ids(user) -> set[int]:
    """The municipalities a notary reports resales for: those of the rounds that name them
    (a notary account belongs to no organisation; `SalesRound.notaries` binds it). Holding
    the permission alone reaches no home."""
    if not (user.is_authenticated and user.is_active and user.has_perm(REPORT_PERMISSION)):
        return set()
    return set(SalesRound.objects.filter(notaries=user).values_list("municipality_id", flat=True))


def cases_bound(*, today: date | None = None):
    """Homes still bound by the agreement: not released, and a period (occupancy,
    anti-speculation) still running or not yet started (completion not accepted)."""
    today = today or timezone.localdate()
    running = Obligation.objects.filter(
        case=OuterRef("pk"), kind__in=rules.PERIODS, due_on__gte=today
    )
    return Case.objects.filter(released_on__isnull=True).filter(
        Q(Exists(running)) | Q(accepted_on__isnull=True)
    )


def cases_for_notary(user, *, today: date | None = None):
    """The homes a notary may report a resale of: the bound homes of their municipalities.
    Shown by address and reference only (no buyer's name: the notary has the deed)."""
    ids = notary_municipality_ids(user)
    return (
        cases_bound(today=today)
        .filter(municipality_id__in=ids)
        .select_related("property", "municipality")
        .order_by("municipality__name", "property__street", "property__house_number", "pk")
    )


def case_for_notary(*, pk: int, user) -> Case:
    case = cases_for_notary(user).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


# --- Resale reports ---------------------------------------------------------------------------


def _reporter(actor, case: Case) -> str | None:
    if services.actor_capacity(actor, case) == rules.BUYER:
        return rules.BUYER
    if actor is not None and case.municipality_id in notary_municipality_ids(actor):
        return rules.NOTARY
    return None


def resale_report(*, case: Case, actor, sold_on: date, price, notary_name: str) -> ResaleReport:
    """The buyer or a notary reports a resale (date of the deed, price, notary). Recorded as
    reported; staff confirm it on the case page. Refused once the home is released (the
    chain clause ended with the statement)."""
    reporter = _reporter(actor, case)
    if reporter is None:
        services._refuse_actor()
    if case.released_on is not None:
        raise ValidationError(
            _("This home was released; a resale need not be reported."), code="released"
        )
    errors = {}
    if price is None or price <= 0:
        errors["price"] = _("Give the price in the deed.")
    if sold_on is None or sold_on < case.transfer_date or sold_on > timezone.localdate():
        errors["sold_on"] = _("The date of the deed lies between the transfer and today.")
    if not (notary_name or "").strip():
        errors["notary_name"] = _("Name the notary who passed the deed.")
    if errors:
        raise ValidationError(errors)
    return ResaleReport.objects.create(
        case=case,
        reporter=reporter,
        reported_by=actor,
        sold_on=sold_on,
        price=price,
        notary_name=notary_name.strip(),
    )


def report_transition(*, report: ResaleReport, to: str, actor, **fields) -> ResaleReport:
    """The one write path of a report's status: locked, checked against
    `rules.REPORT_TRANSITIONS` and who moves it."""
    with transaction.atomic():
        locked = ResaleReport.objects.select_for_update().select_related("case").get(pk=report.pk)
        if (locked.status, to) not in rules.REPORT_TRANSITIONS:
            raise ValidationError(_("This report has already been dealt with."), code="transition")
        capacity = services.actor_capacity(actor, locked.case)
        if capacity is None or not rules.may_move(
            rules.REPORT_TRANSITIONS, locked.status, to, capacity
        ):
            services._refuse_actor()
        locked.status = to
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", "decided_by", "decided_at", *fields])
    return locked


def resale_report_confirm(*, report: ResaleReport, actor) -> ResaleReport:
    """Staff confirm a report: the resale is recorded with its verdict (a breach during the
    occupancy term without an exemption, exempt, payment due, free) and the payment computed
    from the signed version, kept as computed (`exemptions.resale_record`)."""
    with transaction.atomic():
        confirmed = report_transition(report=report, to=rules.CONFIRMED, actor=actor)
        resale = exemptions.resale_record(
            case=confirmed.case, actor=actor, sold_on=confirmed.sold_on, price=confirmed.price
        )
        confirmed.resale = resale
        confirmed.save(update_fields=["resale"])
    return confirmed


def resale_report_set_aside(*, report: ResaleReport, actor, reasons: str) -> ResaleReport:
    """Staff set a report aside with reasons (the same sale reported twice, a mistake)."""
    if not (reasons or "").strip():
        raise ValidationError(_("Say why the report is set aside."), code="reasons")
    return report_transition(
        report=report, to=rules.SET_ASIDE, actor=actor, reasons=reasons.strip()
    )


def open_reports(case: Case):
    return case.resale_reports.filter(status=rules.REPORTED).order_by("reported_at", "pk")


# --- The release ------------------------------------------------------------------------------


def release_basis(case: Case, *, today: date | None = None):
    """(basis, exemption) on which `case` may be released today; ValidationError saying what
    is missing otherwise."""
    today = today or timezone.localdate()
    releasing = (
        case.exemptions.filter(status=rules.GRANTED, outcome__in=rules.RELEASING)
        .order_by("-decided_at", "-pk")
        .first()
    )
    resales = list(case.resales.values_list("payment_due", "paid_on"))
    found = rules.release_basis(
        ready=selectors.release_ready(case, today=today),
        releasing_outcome=releasing.outcome if releasing else None,
        payments=[(due, paid is not None) for due, paid in resales],
    )
    if found == rules.NOT_YET:
        raise ValidationError(
            _(
                "Not every obligation is met and every period ended, and no exemption releases "
                "the buyer."
            ),
            code="not_ready",
        )
    if found == rules.UNPAID:
        raise ValidationError(
            _("The anti-speculation payment must be recorded as paid first."), code="unpaid"
        )
    # A statement a later notary relies on leaves nothing open: a penalty claimed is paid,
    # reduced and paid, or waived first.
    if case.penalty_claims.filter(status__in=rules.CLAIM_OPEN).exists():
        raise ValidationError(
            _("A penalty claim is still open: record its payment or its waiver first."),
            code="claim_open",
        )
    return found, (releasing if found == rules.EXEMPTION_RELEASE else None)


def release_propose(*, case: Case, actor, note: str = "") -> Release:
    """Staff propose the release; a second authorised person approves it."""
    if services.actor_capacity(actor, case) != rules.STAFF:
        services._refuse_actor()
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.released_on is not None:
            raise ValidationError(_("This home was released already."), code="released")
        if locked.releases.filter(status=rules.PROPOSED).exists():
            raise ValidationError(_("A release is already proposed."), code="proposed")
        services.aftercare_apply_due(case=locked)
        basis, exemption = release_basis(locked)
        release = Release.objects.create(
            case=locked, basis=basis, exemption=exemption, note=note.strip(), proposed_by=actor
        )
        ReleaseChange.objects.create(
            release=release, to_status=rules.PROPOSED, actor=actor, reason=note.strip()
        )
    return release


def release_transition(*, release: Release, to: str, actor, reason: str = "", **fields) -> Release:
    """The one write path of a release's status: the row locked (two approvals at once give
    one decision), the move and who makes it checked, never the proposer (four eyes)."""
    with transaction.atomic():
        locked = Release.objects.select_for_update().select_related("case").get(pk=release.pk)
        if (locked.status, to) not in rules.RELEASE_TRANSITIONS:
            raise ValidationError(_("This release has already been decided."), code="transition")
        capacity = services.actor_capacity(actor, locked.case)
        if capacity is None or not rules.may_move(
            rules.RELEASE_TRANSITIONS, locked.status, to, capacity
        ):
            services._refuse_actor()
        if not sanctions.may_approve(
            approver_id=actor.pk,
            requester_id=locked.case.buyer_id,
            first_decider_id=locked.proposed_by_id,
        ):
            raise ValidationError(
                _("A second authorised person decides on a proposal, not the one who proposed it."),
                code="four_eyes",
            )
        ReleaseChange.objects.create(
            release=locked, from_status=locked.status, to_status=to, actor=actor, reason=reason
        )
        locked.status = to
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", "decided_by", "decided_at", *fields])
    return locked


def _grounds_in_words(release: Release) -> str:
    """The ground as the statement says it (in Dutch, the language of the statement)."""
    if release.basis == rules.OBLIGATIONS_MET:
        return (
            "Koper heeft aan alle verplichtingen voldaan en alle termijnen uit de "
            "koopovereenkomst zijn verstreken."
        )
    exemption = release.exemption
    with override("nl"):
        outcome = str(exemption.get_outcome_display()).lower()
    day = dutch_day(timezone.localdate(exemption.decided_at))
    return f"Verkoper heeft Koper op {day} ontheffing verleend: {outcome}. {exemption.reasons}"


def release_approve(*, release: Release, actor, note: str = "") -> Release:
    """The second authorised person approves. Side effects, in one transaction: the release
    statement is issued (rendered after commit, stored with its SHA-256), the home becomes
    released, every open obligation ends (no reminders follow), the case is closed with its
    release date, and the buyer is mailed after commit."""
    today = timezone.localdate()
    with transaction.atomic():
        approved = release_transition(
            release=release, to=rules.APPROVED, actor=actor, reason=note, released_on=today
        )
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("contract__sent_version")
            .get(pk=approved.case_id)
        )
        services.aftercare_apply_due(case=case, today=today)
        release_basis(case, today=today)  # still so, now that it is decided
        contract = case.contract
        version = contract.sent_version
        with override("nl"):
            statement = letter_issue_for_contract(
                kind=Kind.RELEASE_STATEMENT,
                contract=contract,
                related=approved,
                reference=f"{contract.reference}-VV",
                day=today,
                values={
                    "kenmerk_overeenkomst": contract.reference,
                    "hash_overeenkomst": (version.sha256 if version else "") or "-",
                    "vrijstelling_datum": dutch_day(today),
                    "vrijstelling_grond": _grounds_in_words(approved),
                },
            )
        approved.statement = statement
        approved.save(update_fields=["statement"])
        reason = _("Released: release statement %(reference)s") % {
            "reference": statement.data["head"]["reference"]
        }
        for obligation in case.obligations.filter(status=rules.OPEN):
            services.obligation_transition(
                obligation=obligation, to=rules.LAPSED, actor=actor, reason=reason
            )
        case.released_on = today
        case.save(update_fields=["released_on"])
        home = Property.objects.get(pk=case.property_id)
        if home.status != property_rules.RELEASED:
            property_transition(
                property=home, to=property_rules.RELEASED, actor=actor, reason=reason
            )
        outbox.send(tasks.send_release_mail, approved.pk)
    return approved


def release_refuse(*, release: Release, actor, reasons: str) -> Release:
    """The second authorised person does not approve, with reasons."""
    if not (reasons or "").strip():
        raise ValidationError(_("Give the reasons for the decision."), code="reasons")
    return release_transition(
        release=release, to=rules.REFUSED, actor=actor, reason=reasons.strip()
    )


def open_release(case: Case) -> Release | None:
    return case.releases.filter(status=rules.PROPOSED).select_related("proposed_by").first()


def approved_release(case: Case) -> Release | None:
    return (
        case.releases.filter(status=rules.APPROVED)
        .select_related("statement", "proposed_by", "decided_by")
        .first()
    )


def released_on(contract) -> date | None:
    """`contracts.extensions.RELEASED_ON`: the day the buyer was released, or None."""
    return (
        Case.objects.filter(contract=contract, released_on__isnull=False)
        .values_list("released_on", flat=True)
        .first()
    )
