"""Reads for aftercare, with who-may-see-what built in: the buyer sees their own homes; staff
with the aftercare permissions see their organisations' municipalities (a bureau those that
gave it a mandate valid today); jurors and notaries see nothing."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from aftercare import rules, sanctions
from aftercare.models import (
    BrpCheck,
    Case,
    CompletionNotice,
    DefaultNotice,
    Evidence,
    Exemption,
    ExemptionDocument,
    Obligation,
)
from contracts.models import Kind, Letter
from klushuis.organisations.models import Mandate
from klushuis.organisations.selectors import organisation_ids_for_user, scope_to_user

VIEW = "aftercare.view_case"


def cases_for_buyer(user) -> QuerySet[Case]:
    return Case.objects.filter(buyer=user).select_related("property").order_by("-transfer_date")


def case_for_buyer(*, pk: int, user) -> Case:
    """The buyer's own case; 404 for anyone else (staff work in the management site)."""
    case = (
        Case.objects.select_related("property", "municipality", "contract")
        .filter(pk=pk, buyer=user)
        .first()
    )
    if case is None:
        raise Http404
    return case


def staff_may_see(user, case: Case) -> bool:
    if not user.has_perm(VIEW):
        return False
    ids = organisation_ids_for_user(user)
    return ids is None or case.municipality_id in ids


def evidence_for_user(*, pk: int, user) -> Evidence:
    """An evidence file for the buyer who gave it or staff who may see the case; else 404."""
    evidence = Evidence.objects.select_related("notice__case").filter(pk=pk).first()
    if evidence is None:
        raise Http404
    case = evidence.notice.case
    if case.buyer_id == user.pk or staff_may_see(user, case):
        return evidence
    raise Http404


def timeline(case: Case, today=None) -> list[dict]:
    """The buyer's timeline: each obligation with its shown state (derived when read)."""
    today = today or timezone.localdate()
    return [
        {"obligation": obligation, "state": obligation.shown_state(today)}
        for obligation in case.obligations.all().order_by("due_on", "pk")
    ]


def current_notice(case: Case) -> CompletionNotice | None:
    return case.notices.order_by("-number").prefetch_related("evidence__item").first()


# --- The worklist ---------------------------------------------------------------------------

DUE_THIS_MONTH, OVERDUE, AWAITING_INSPECTION, AWAITING_BRP_CHECK = (
    "due_this_month",
    "overdue",
    "awaiting_inspection",
    "awaiting_brp_check",
)
VIEWS = [DUE_THIS_MONTH, OVERDUE, AWAITING_INSPECTION, AWAITING_BRP_CHECK]


def obligations_in_view(view: str, today=None) -> QuerySet[Obligation]:
    """The obligations of one worklist view, as one query on the stored due dates (the same
    answer as the rules give one by one: `tests/aftercare/test_worklist.py`)."""
    today = today or timezone.localdate()
    open_deadlines = Obligation.objects.filter(status=rules.OPEN).exclude(kind__in=rules.PERIODS)
    if view == DUE_THIS_MONTH:
        first, last = rules.month_bounds(today)
        return open_deadlines.filter(due_on__gte=max(first, today), due_on__lte=last)
    if view == OVERDUE:
        return open_deadlines.filter(due_on__lt=today)
    if view == AWAITING_INSPECTION:
        return open_deadlines.filter(kind=rules.INSPECTION)
    if view == AWAITING_BRP_CHECK:
        # Registration confirmed (or its term passed) and no check recorded since.
        checked = BrpCheck.objects.filter(case_id=OuterRef("case_id"))
        return (
            Obligation.objects.filter(kind=rules.BRP_REGISTRATION)
            .filter(Q(status=rules.MET) | Q(status=rules.OPEN, due_on__lt=today))
            .filter(~Exists(checked))
        )
    raise ValueError(view)


def worklist(user, view: str, *, filters: dict | None = None, today=None):
    """One view of the worklist for `user`, scoped to their organisations."""
    queryset = scope_to_user(obligations_in_view(view, today), user, "case__municipality")
    filters = filters or {}
    if filters.get("municipality"):
        queryset = queryset.filter(case__municipality_id=filters["municipality"])
    if filters.get("neighbourhood"):
        queryset = queryset.filter(case__property__neighbourhood_id=filters["neighbourhood"])
    if filters.get("sales_round"):
        queryset = queryset.filter(case__sales_round_id=filters["sales_round"])
    return queryset.select_related("case__property", "case__municipality").order_by("due_on", "pk")


def staff_emails_for(case: Case) -> list[str]:
    """Who staff mails go to: active staff of the municipality and of bureaus with a mandate
    valid today, holding the aftercare permission."""
    today = timezone.localdate()
    bureaus = Mandate.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        principal_id=case.municipality_id,
        valid_from__lte=today,
    ).values_list("bureau_id", flat=True)
    users = get_user_model().objects.filter(
        Q(organisation_id=case.municipality_id) | Q(organisation_id__in=bureaus),
        is_active=True,
        is_staff=True,
        groups__permissions__codename="manage_aftercare",
    )
    return sorted(set(users.values_list("email", flat=True)))


def _shared_photos() -> QuerySet[Evidence]:
    """After photos the buyers agreed to show: of an accepted notice, consent not withdrawn."""
    return Evidence.objects.filter(
        kind=Evidence.Kind.PHOTO,
        notice__status__in=rules.ACCEPTED_STATUSES,
        notice__case__photo_consent=True,
    )


def property_page_context(*, property) -> dict:
    """What the catalogue shows of a home's renovation (registered on
    `properties.extensions.PROPERTY_PAGE`)."""
    after = list(
        _shared_photos()
        .filter(notice__case__property=property)
        .select_related("item")
        .order_by("item__number", "pk")[:6]
    )
    return {"after_photos": after} if after else {}


def public_after_photo(*, reference: str, pk: int) -> Evidence:
    photo = _shared_photos().filter(pk=pk, notice__case__property__reference=reference).first()
    if photo is None:
        raise Http404
    return photo


def upcoming_cutoff(today=None):
    today = today or timezone.localdate()
    return today + timedelta(days=rules.DUE_SOON_DAYS)


def application_page_context(*, application) -> dict:
    """The link from the buyer's application page to their home's aftercare (registered on
    `applications.extensions.APPLICATION_PAGE`)."""
    case = Case.objects.filter(contract__application=application).only("pk").first()
    return {"aftercare_case": case} if case else {}


# --- After the sale (2): computations from the signed version (issue #16) --------------------


def _version_data(case: Case) -> dict:
    version = case.contract.sent_version
    return (version.data if version is not None else None) or {}


def purchase_price(case: Case):
    """The price in the version the buyer signed (the figures the contract was made from)."""
    stored = _version_data(case).get("purchase_price")
    if stored not in (None, ""):
        return Decimal(stored)
    figures = case.property.current_figures
    return figures.purchase_price if figures is not None else None


def penalty_for_obligation(
    obligation: Obligation,
    *,
    today=None,
    notice_sent_on=None,
    already_claimed=Decimal(0),
) -> sanctions.PenaltyComputation | None:
    """What the breach of an overdue deadline costs on `today`: counted from its due date, or,
    after a notice of default, from the last day of the term it gave. None when it is not
    overdue or the version carries no penalty."""
    today = today or timezone.localdate()
    if not rules.is_overdue(
        kind=obligation.kind, status=obligation.status, due=obligation.due_on, today=today
    ):
        return None
    data = _version_data(obligation.case).get("penalties")
    last_day = obligation.due_on
    if notice_sent_on is not None:
        last_day = max(
            last_day, sanctions.compliance_deadline(notice_sent_on, sanctions.notice_days(data))
        )
    return sanctions.penalty_due(
        data,
        days=sanctions.days_late(due=last_day, today=today),
        price=purchase_price(obligation.case),
        already_claimed=already_claimed,
    )


def renovation_costs(case: Case) -> Decimal:
    """The documented renovation investment: the invoices recorded as evidence with the
    completion notice that was accepted (that notice carries the complete evidence; counting
    earlier, rejected notices too would count an invoice twice)."""
    amounts = Evidence.objects.filter(
        notice__case=case,
        notice__status__in=rules.ACCEPTED_STATUSES,
        kind=Evidence.Kind.INVOICE,
    ).values_list("amount", flat=True)
    return sanctions.renovation_costs(amounts)


def resale_computation(case: Case, *, resale_price, sold_on, exemption: bool = False):
    """What a resale on `sold_on` for `resale_price` is (breach, exempt, payment due, free)
    and what the anti-speculation clause of the signed version asks for it."""
    data = _version_data(case)
    ends = {
        o.kind: o.due_on
        for o in case.obligations.filter(kind__in=[rules.OCCUPANCY, rules.ANTI_SPECULATION])
    }
    verdict = sanctions.resale_verdict(
        sold_on=sold_on,
        occupancy_ends=ends.get(rules.OCCUPANCY),
        period_ends=ends.get(rules.ANTI_SPECULATION),
        exemption=exemption,
    )
    payment = sanctions.anti_speculation_payment(
        sanctions.AntiSpeculation.from_data(data.get("anti_speculation")),
        resale_price=Decimal(resale_price),
        purchase_price=purchase_price(case) or Decimal(0),
        renovation_costs=renovation_costs(case),
        sold_on=sold_on,
        period_ends=ends.get(rules.ANTI_SPECULATION),
    )
    return verdict, payment


def release_ready(case: Case, *, today=None) -> bool:
    return sanctions.release_ready(
        case.obligations.values_list("kind", "status", "due_on"),
        today=today or timezone.localdate(),
    )


def open_exemption(case: Case) -> Exemption | None:
    """The oldest exemption request not yet decided (staff decide them in order)."""
    return (
        case.exemptions.filter(status__in=[rules.REQUESTED, rules.PROPOSED])
        .select_related("obligation", "requested_by", "proposed_by")
        .order_by("requested_at", "pk")
        .first()
    )


def exemptions_for_buyer(case: Case):
    return case.exemptions.select_related("obligation").order_by("-requested_at", "-pk")


def version_penalties(case: Case) -> dict | None:
    """The penalties of the version the buyer signed."""
    return _version_data(case).get("penalties")


def claim_computation(
    *, notice=None, resale=None, already_claimed=Decimal(0), today=None
) -> sanctions.PenaltyComputation | None:
    """What a penalty claim for a breach would be on `today` (None: nothing is due yet).

    After a notice of default: only once its term has passed with the deadline still unmet,
    counted from the last day of the term. A resale in breach of the chain clause: due at once,
    counted from the day of the sale."""
    today = today or timezone.localdate()
    if notice is not None:
        obligation = notice.obligation
        if obligation.due_on != notice.due_on or today <= notice.comply_by:
            return None  # the deadline was moved since (an extension), or the term runs
        if not rules.is_overdue(
            kind=obligation.kind, status=obligation.status, due=obligation.due_on, today=today
        ):
            return None
        case, last_day = notice.case, notice.comply_by
    else:
        if resale.verdict != sanctions.BREACH:
            return None
        case, last_day = resale.case, resale.sold_on
    return sanctions.penalty_due(
        version_penalties(case),
        days=sanctions.days_late(due=last_day, today=today),
        price=purchase_price(case),
        already_claimed=already_claimed,
    )


def claimable_breaches(case: Case, *, today=None) -> list[dict]:
    """The breaches of a case a penalty may be claimed for now, with the computation the
    case page shows (basis, days late, cap, already claimed) before staff claim it."""
    today = today or timezone.localdate()
    rows = []
    notices = case.default_notices.select_related("obligation", "case__contract__sent_version")
    for notice in notices:
        claimed = notice.claims.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        computed = claim_computation(notice=notice, already_claimed=claimed, today=today)
        if computed is not None and computed.amount > 0:
            rows.append({"notice": notice, "resale": None, "computation": computed})
    for resale in case.resales.filter(verdict=sanctions.BREACH):
        claimed = resale.penalty_claims.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        computed = claim_computation(resale=resale, already_claimed=claimed, today=today)
        if computed is not None and computed.amount > 0:
            rows.append({"notice": None, "resale": resale, "computation": computed})
    return rows


def exemption_document_for_user(*, pk: int, user):
    """A document sent with an exemption request, for the buyer who sent it or staff who may
    see the case; else 404."""
    document = ExemptionDocument.objects.select_related("exemption__case").filter(pk=pk).first()
    if document is None:
        raise Http404
    case = document.exemption.case
    if case.buyer_id == user.pk or staff_may_see(user, case):
        return document
    raise Http404


def letters_for_case(case: Case) -> dict:
    """The archived letters of a case's exemption decisions and notices of default, by kind
    and related id (the buyer's page links to each)."""
    exemption_ids = list(case.exemptions.values_list("pk", flat=True))
    notice_ids = list(case.default_notices.values_list("pk", flat=True))
    letters = Letter.objects.filter(
        Q(kind=Kind.EXEMPTION_DECISION, related_id__in=exemption_ids)
        | Q(kind=Kind.DEFAULT_NOTICE, related_id__in=notice_ids),
        related_type__app_label="aftercare",
    )
    return {(letter.kind, letter.related_id): letter for letter in letters}


def letter_for_buyer(*, pk: int, user):
    """An archived letter of aftercare for the buyer it was sent to, or staff who may see the
    case; else 404."""
    letter = (
        Letter.objects.filter(
            pk=pk,
            kind__in=[Kind.EXEMPTION_DECISION, Kind.DEFAULT_NOTICE],
            related_type__app_label="aftercare",
        )
        .select_related("related_type")
        .first()
    )
    if letter is None or letter.related is None:
        raise Http404
    case = letter.related.case
    if case.buyer_id == user.pk or staff_may_see(user, case):
        return letter, case
    raise Http404


def noticeable_obligations(case: Case, *, today=None) -> QuerySet[Obligation]:
    """The case's overdue deadlines of the buyer that no notice of default was sent for yet
    (for their present due date; an extension makes a new breach)."""
    today = today or timezone.localdate()
    noticed = DefaultNotice.objects.filter(obligation=OuterRef("pk"), due_on=OuterRef("due_on"))
    return (
        case.obligations.filter(status=rules.OPEN, kind__in=rules.NOTICE_FIRST, due_on__lt=today)
        .filter(~Exists(noticed))
        .order_by("due_on", "pk")
    )
