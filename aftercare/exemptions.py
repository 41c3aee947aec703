"""Exemptions and extensions (ontheffing, issue #16): the buyer asks on a ground the contract
names; staff decide with written reasons. A refusal is one staff member's decision; a new
deadline or a release is proposed by one and approved by a second authorised person, never
the requester or the one who proposed (four eyes, `sanctions.may_approve`). The status moves
only through `exemption_transition` (rules.EXEMPTION_TRANSITIONS), which locks the row, so two
approvals at once give one decision; history is appended.

An approved new deadline moves the obligation's due date through
`services.obligation_reschedule`. A release outcome is recorded here; the release statement
that releases the home is a later step (see docs/architecture.md, "Aftercare (2)").
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftercare import files as files_
from aftercare import letters, rules, sanctions, selectors, services, tasks
from aftercare.models import (
    Case,
    Exemption,
    ExemptionChange,
    ExemptionDocument,
    Obligation,
    Resale,
)
from klushuis import outbox


def exemption_transition(
    *, exemption: Exemption, to: str, actor, reason: str = "", **fields
) -> Exemption:
    """The one write path of an exemption's status."""
    with transaction.atomic():
        locked = Exemption.objects.select_for_update().select_related("case").get(pk=exemption.pk)
        if (locked.status, to) not in rules.EXEMPTION_TRANSITIONS:
            raise ValidationError(
                _("This request has already been decided or cannot change like that."),
                code="transition",
            )
        capacity = services.actor_capacity(actor, locked.case)
        if capacity is None or not rules.may_move(
            rules.EXEMPTION_TRANSITIONS, locked.status, to, capacity
        ):
            services._refuse_actor()
        if locked.status == rules.PROPOSED and not sanctions.may_approve(
            approver_id=actor.pk,
            requester_id=locked.requested_by_id,
            first_decider_id=locked.proposed_by_id,
        ):
            raise ValidationError(
                _(
                    "A second authorised person decides on a proposal: not the one who asked, "
                    "nor the one who proposed it."
                ),
                code="four_eyes",
            )
        ExemptionChange.objects.create(
            exemption=locked, from_status=locked.status, to_status=to, actor=actor, reason=reason
        )
        locked.status = to
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", *fields])
    return locked


def exemption_request(
    *,
    case: Case,
    actor,
    ground: str,
    explanation: str,
    obligation: Obligation | None = None,
    documents=(),
) -> Exemption:
    """The buyer asks for an exemption or an extension, with an explanation and supporting
    documents (PDF, JPEG or PNG; checked by content and size before anything is stored).

    Side effects: the `Exemption` and an `ExemptionDocument` per document."""
    if services.actor_capacity(actor, case) != rules.BUYER:
        services._refuse_actor()
    if ground not in rules.GROUNDS:
        raise ValidationError(_("Choose a ground the agreement names."), code="ground")
    if not explanation.strip():
        raise ValidationError(_("Explain your request."), code="explanation")
    if obligation is not None and obligation.case_id != case.pk:
        raise ValidationError(_("This obligation is not of this home."), code="obligation")
    # Every file is checked first: a refused one stores nothing of the request.
    files = [files_.exemption_document_file(upload) for upload in documents if upload]
    with transaction.atomic():
        exemption = Exemption.objects.create(
            case=case,
            obligation=obligation,
            ground=ground,
            explanation=explanation.strip(),
            requested_by=actor,
        )
        for content in files:
            ExemptionDocument.objects.create(exemption=exemption, file=content)
    return exemption


def _decided(exemption: Exemption) -> None:
    """A decision is final: the buyer gets the decision letter (issued once into the letter
    archive) and an e-mail."""
    letters.exemption_decision_letter(exemption)
    outbox.send(tasks.send_exemption_mail, exemption.pk)


def exemption_propose(
    *, exemption: Exemption, actor, outcome: str, reasons: str, new_due_on: date | None = None
) -> Exemption:
    """Staff decide with written reasons: a refusal at once; a new deadline or a release as a
    proposal for a second authorised person."""
    if not reasons.strip():
        raise ValidationError(_("Give the reasons for the decision."), code="reasons")
    if outcome not in rules.OUTCOMES:
        raise ValidationError(_("Choose an outcome."), code="outcome")
    if outcome == rules.NEW_DEADLINE:
        if exemption.obligation_id is None:
            raise ValidationError(
                _("A new deadline needs the obligation it is for."), code="obligation"
            )
        if new_due_on is None or new_due_on <= timezone.localdate():
            raise ValidationError(_("Give a new deadline after today."), code="new_due_on")
    else:
        new_due_on = None
    now = timezone.now()
    with transaction.atomic():
        if outcome == rules.REFUSAL:
            decided = exemption_transition(
                exemption=exemption,
                to=rules.REFUSED,
                actor=actor,
                reason=reasons,
                outcome=outcome,
                reasons=reasons.strip(),
                proposed_by=actor,
                proposed_at=now,
                decided_by=actor,
                decided_at=now,
            )
            _decided(decided)
            return decided
        return exemption_transition(
            exemption=exemption,
            to=rules.PROPOSED,
            actor=actor,
            reason=reasons,
            outcome=outcome,
            reasons=reasons.strip(),
            new_due_on=new_due_on,
            proposed_by=actor,
            proposed_at=now,
        )


def exemption_approve(*, exemption: Exemption, actor, note: str = "") -> Exemption:
    """The second authorised person approves the proposal; a new deadline moves the
    obligation's due date."""
    with transaction.atomic():
        decided = exemption_transition(
            exemption=exemption,
            to=rules.GRANTED,
            actor=actor,
            reason=note,
            decided_by=actor,
            decided_at=timezone.now(),
        )
        if decided.outcome == rules.NEW_DEADLINE:
            services.obligation_reschedule(
                obligation=decided.obligation,
                due_on=decided.new_due_on,
                actor=actor,
                reason=_("Extension granted: %(reasons)s") % {"reasons": decided.reasons},
            )
        _decided(decided)
    return decided


def exemption_refuse_proposal(*, exemption: Exemption, actor, reasons: str) -> Exemption:
    """The second authorised person does not approve: the request is refused, with reasons."""
    if not reasons.strip():
        raise ValidationError(_("Give the reasons for the decision."), code="reasons")
    with transaction.atomic():
        decided = exemption_transition(
            exemption=exemption,
            to=rules.REFUSED,
            actor=actor,
            reason=reasons,
            outcome=rules.REFUSAL,
            reasons=reasons.strip(),
            decided_by=actor,
            decided_at=timezone.now(),
        )
        _decided(decided)
    return decided


# --- Resale (issue #16, item 4) -------------------------------------------------------------


def resale_record(*, case: Case, actor, sold_on: date, price) -> Resale:
    """Staff record a resale reported by the buyer or the notary: what it is and the payment
    the signed version's anti-speculation clause asks, computed now and kept as computed."""
    if services.actor_capacity(actor, case) != rules.STAFF:
        services._refuse_actor()
    if price is None or price <= 0:
        raise ValidationError(_("Give the resale price."), code="price")
    if sold_on < case.transfer_date or sold_on > timezone.localdate():
        raise ValidationError(
            _("The sale date lies between the transfer and today."), code="sold_on"
        )
    releases = set(
        case.exemptions.filter(status=rules.GRANTED, outcome__in=rules.RELEASING).values_list(
            "outcome", flat=True
        )
    )
    verdict, payment = selectors.resale_computation(
        case, resale_price=price, sold_on=sold_on, exemption=bool(releases)
    )
    # Due within the period, or when the exemption released the buyer with the payment.
    with_payment = verdict == sanctions.EXEMPT and rules.RELEASE_WITH_PAYMENT in releases
    due = payment.amount if verdict == sanctions.PAYMENT_DUE or with_payment else 0
    return Resale.objects.create(
        case=case,
        sold_on=sold_on,
        price=price,
        verdict=verdict,
        computation={
            **payment.as_data(),
            "renovation_costs": str(selectors.renovation_costs(case)),
            "purchase_price": str(selectors.purchase_price(case)),
        },
        payment_due=due,
        recorded_by=actor,
    )


def resale_payment_record(*, resale: Resale, actor, paid_on: date) -> Resale:
    """The payment received, recorded once."""
    if services.actor_capacity(actor, resale.case) != rules.STAFF:
        services._refuse_actor()
    with transaction.atomic():
        locked = Resale.objects.select_for_update().get(pk=resale.pk)
        if locked.paid_on is not None:
            raise ValidationError(_("The payment is already recorded."), code="paid")
        if not locked.payment_due:
            raise ValidationError(_("Nothing is due for this resale."), code="nothing_due")
        locked.paid_on = paid_on
        locked.paid_recorded_by = actor
        locked.save(update_fields=["paid_on", "paid_recorded_by"])
    return locked
