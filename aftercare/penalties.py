"""Notices of default and penalty claims (issue #16; DOMAIN.md, "After the sale").

- **Notice of default** (`default_notice_send`): for an overdue deadline of the buyer, staff
  record the facts, how and when the notice was sent; the term to comply comes from the
  version the buyer signed (`sanctions.notice_days`) and runs from the day it was sent
  (`sanctions.compliance_deadline`). Its letter is issued into the letter archive. One notice
  per breach (the obligation with its due date): a second click adds nothing.
- **Penalty claim** (`penalty_claim_record`): once the term has passed without compliance (or
  at once, for a resale in breach of the chain clause) the amount is fixed from
  `sanctions.penalty_due`, kept with its computation. One breach, one penalty (art. 6:92 BW):
  a later claim for the same breach adds only what earlier claims did not; the breach's row is
  locked while this is worked out, so two claims at once cannot both add the same amount.
- Then the payment, or a reduction or waiver with written reasons that a second authorised
  person approves (never the proposer; `sanctions.may_approve`). Every status change goes
  through `claim_transition`, which locks the claim and appends a history row. Interest and
  collection stay outside the portal.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from aftercare import letters, rules, sanctions, selectors, services
from aftercare.models import (
    Case,
    DefaultNotice,
    Obligation,
    PenaltyClaim,
    PenaltyClaimChange,
    Resale,
)

ZERO = Decimal(0)


def _staff(actor, case: Case) -> None:
    if services.actor_capacity(actor, case) != rules.STAFF:
        services._refuse_actor()


# --- Notice of default ----------------------------------------------------------------------


def default_notice_send(
    *, obligation: Obligation, actor, facts: str, method: str, sent_on: date
) -> DefaultNotice:
    """Record a notice of default for an overdue deadline and issue its letter.

    Side effects: a `DefaultNotice` row and its `Letter` (rendered after commit)."""
    case = obligation.case
    _staff(actor, case)
    if not facts.strip():
        raise ValidationError({"facts": _("Describe the facts: what was not done.")})
    if method not in DefaultNotice.Method.values:
        raise ValidationError({"method": _("Choose how the notice was sent.")})
    today = timezone.localdate()
    with transaction.atomic():
        locked = Obligation.objects.select_for_update().select_related("case").get(pk=obligation.pk)
        if locked.kind not in rules.NOTICE_FIRST or not rules.is_overdue(
            kind=locked.kind, status=locked.status, due=locked.due_on, today=today
        ):
            raise ValidationError(
                _("A notice of default is for an overdue deadline of the buyer."),
                code="not_overdue",
            )
        if sent_on is None or sent_on <= locked.due_on or sent_on > today:
            raise ValidationError(
                {
                    "sent_on": _(
                        "The notice is sent after the deadline passed, and not later than today."
                    )
                }
            )
        if DefaultNotice.objects.filter(obligation=locked, due_on=locked.due_on).exists():
            raise ValidationError(
                _("A notice of default for this breach was already sent."), code="twice"
            )
        days = sanctions.notice_days(selectors.version_penalties(case))
        notice = DefaultNotice.objects.create(
            case=case,
            obligation=locked,
            due_on=locked.due_on,
            facts=facts.strip(),
            method=method,
            sent_on=sent_on,
            notice_days=days,
            comply_by=sanctions.compliance_deadline(sent_on, days),
            consequence=letters.consequence(case),
            created_by=actor,
        )
        notice.letter = letters.default_notice_letter(notice)
        notice.save(update_fields=["letter"])
    return notice


# --- Penalty claims -------------------------------------------------------------------------


def _claimed_before(*, notice=None, resale=None) -> Decimal:
    """What earlier claims for the same breach came to, as claimed (a reduction or waiver
    gave up part of the one penalty; it is not claimed again)."""
    claims = PenaltyClaim.objects.filter(notice=notice) if notice else resale.penalty_claims
    return claims.aggregate(total=Sum("amount"))["total"] or ZERO


def penalty_claim_record(
    *, case: Case, actor, notice: DefaultNotice | None = None, resale: Resale | None = None
) -> PenaltyClaim:
    """Claim the penalty for a breach: after a notice of default whose term passed without
    compliance, or at once for a resale in breach. The amount is what
    `selectors.claim_computation` gives now, kept with its computation.

    Side effects: a `PenaltyClaim` with its first history row."""
    _staff(actor, case)
    if (notice is None) == (resale is None):
        raise ValueError("A claim is for one breach: a notice of default or a resale.")
    with transaction.atomic():
        # Lock the breach: two claims at once would both see nothing claimed before.
        if notice is not None:
            breach = DefaultNotice.objects.select_for_update().get(pk=notice.pk, case=case)
            computed = selectors.claim_computation(
                notice=breach, already_claimed=_claimed_before(notice=breach)
            )
        else:
            breach = Resale.objects.select_for_update().get(pk=resale.pk, case=case)
            computed = selectors.claim_computation(
                resale=breach, already_claimed=_claimed_before(resale=breach)
            )
        if computed is None:
            raise ValidationError(
                _(
                    "No penalty is due for this breach now: the term has not passed, the "
                    "obligation was met, or the agreement carries no penalty."
                ),
                code="not_due",
            )
        if computed.amount <= 0:
            raise ValidationError(
                _("The penalty for this breach has been claimed in full already."),
                code="claimed",
            )
        claim = PenaltyClaim.objects.create(
            case=case,
            obligation=breach.obligation if notice is not None else None,
            notice=breach if notice is not None else None,
            resale=breach if resale is not None else None,
            computation={**computed.as_data(), "on": timezone.localdate().isoformat()},
            amount=computed.amount,
            amount_due=computed.amount,
            claimed_by=actor,
        )
        PenaltyClaimChange.objects.create(
            claim=claim, to_status=rules.CLAIMED, amount_due=claim.amount, actor=actor
        )
    return claim


def claim_transition(
    *, claim: PenaltyClaim, to: str, actor, reason: str = "", **fields
) -> PenaltyClaim:
    """The one write path of a claim's status (`rules.CLAIM_TRANSITIONS`): locks the row, so
    two approvals at once give one decision; a decision on a proposal is a second person's."""
    with transaction.atomic():
        locked = PenaltyClaim.objects.select_for_update().select_related("case").get(pk=claim.pk)
        if (locked.status, to) not in rules.CLAIM_TRANSITIONS:
            raise ValidationError(
                _("This claim has already been dealt with or cannot change like that."),
                code="transition",
            )
        capacity = services.actor_capacity(actor, locked.case)
        if capacity is None or not rules.may_move(
            rules.CLAIM_TRANSITIONS, locked.status, to, capacity
        ):
            services._refuse_actor()
        if locked.status == rules.REDUCTION_PROPOSED and not sanctions.may_approve(
            approver_id=actor.pk, requester_id=None, first_decider_id=locked.proposed_by_id
        ):
            raise ValidationError(
                _("A second authorised person decides on a proposal, not the one who made it."),
                code="four_eyes",
            )
        for name, value in fields.items():
            setattr(locked, name, value)
        PenaltyClaimChange.objects.create(
            claim=locked,
            from_status=locked.status,
            to_status=to,
            amount_due=locked.amount_due,
            actor=actor,
            reason=reason,
        )
        locked.status = to
        locked.save(update_fields=["status", *fields])
    return locked


def penalty_claim_pay(
    *, claim: PenaltyClaim, actor, paid_on: date, amount: Decimal
) -> PenaltyClaim:
    """The payment received: the amount due, on a day between the claim and today."""
    today = timezone.localdate()
    if paid_on is None or paid_on < timezone.localdate(claim.claimed_at) or paid_on > today:
        raise ValidationError({"paid_on": _("The payment date lies between the claim and today.")})
    with transaction.atomic():
        # Compared with the amount due as it stands under the lock (a reduction approved a
        # moment ago changes it).
        locked = PenaltyClaim.objects.select_for_update().get(pk=claim.pk)
        if amount is None or Decimal(amount) != locked.amount_due:
            raise ValidationError(
                {
                    "amount": _(
                        "Record the amount due (%(due)s); a lower amount needs a reduction first."
                    )
                    % {"due": locked.amount_due}
                }
            )
        return claim_transition(
            claim=locked, to=rules.PAID, actor=actor, paid_on=paid_on, paid_amount=Decimal(amount)
        )


def penalty_claim_propose(
    *, claim: PenaltyClaim, actor, proposal: str, reasons: str, amount: Decimal | None = None
) -> PenaltyClaim:
    """Propose to reduce the claim to `amount`, or to waive it, with written reasons."""
    if not (reasons or "").strip():
        raise ValidationError({"reasons": _("Give the reasons for the proposal.")})
    if proposal == rules.REDUCE:
        if amount is None or not (ZERO < Decimal(amount) < claim.amount_due):
            raise ValidationError(
                {"amount": _("A reduction is to an amount above zero and below the claim.")}
            )
    elif proposal == rules.WAIVE:
        amount = ZERO
    else:
        raise ValidationError({"proposal": _("Choose to reduce or to waive.")})
    return claim_transition(
        claim=claim,
        to=rules.REDUCTION_PROPOSED,
        actor=actor,
        reason=reasons.strip(),
        proposal=proposal,
        proposed_amount=Decimal(amount),
        reasons=reasons.strip(),
        proposed_by=actor,
    )


def penalty_claim_approve(*, claim: PenaltyClaim, actor, note: str = "") -> PenaltyClaim:
    """The second authorised person approves the reduction or waiver."""
    with transaction.atomic():
        # The proposal read under the lock that the transition holds too: what is approved is
        # the proposal as it stands, not one replaced in between.
        locked = PenaltyClaim.objects.select_for_update().get(pk=claim.pk)
        waive = locked.proposal == rules.WAIVE
        return claim_transition(
            claim=locked,
            to=rules.WAIVED if waive else rules.REDUCED,
            actor=actor,
            reason=note,
            amount_due=ZERO if waive else locked.proposed_amount,
            decided_by=actor,
            decided_at=timezone.now(),
        )


def penalty_claim_refuse_proposal(*, claim: PenaltyClaim, actor, reasons: str) -> PenaltyClaim:
    """The second authorised person does not approve: the claim stands as it was."""
    if not (reasons or "").strip():
        raise ValidationError({"reasons": _("Give the reasons for the decision.")})
    return claim_transition(
        claim=claim,
        to=rules.CLAIMED,
        actor=actor,
        reason=reasons.strip(),
        decided_by=actor,
        decided_at=timezone.now(),
    )
