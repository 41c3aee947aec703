"""Offers and the reserve cascade: every write goes through here.

`offer_transition` is the one write path of an offer's status: it checks the table and who
makes the move (`applications.offers.rules`), writes the status, appends the public offer log
entry (by reference) and the offer's history, and mails the buyer after commit.

Lock order, the same in every service that touches a round's offers (here and in the sale,
`contracts.services.lifecycle`): round -> property -> offer -> application -> contract. Every
step locks the round's row first, so two buyers answering at once, a sweep, a dissolution and
a member of staff never interleave within one round; the constraints on `Offer` back that up.
"""

import datetime
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import rules, tasks
from applications.extensions import OFFER_MADE
from applications.models import (
    Application,
    DeedParty,
    Offer,
    OfferLogEntry,
    OfferStatusChange,
    Preference,
    ReservePlace,
)
from applications.offers import rules as offer_rules
from applications.services import application_transition, application_transition_many
from klushuis import outbox
from properties.models import Property, SalesRound

LIVE = sorted(offer_rules.LIVE)


def offer_respond_before(made_at: datetime.datetime, days: int) -> datetime.datetime:
    """The moment an offer runs out: the end of the `days`-th day after it was made, in
    Europe/Amsterdam (a buyer reads "until 3 December", not a time of day)."""
    last_day = timezone.localtime(made_at).date() + datetime.timedelta(days=days)
    return timezone.make_aware(
        datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min)
    )


def selection_outcome(sales_round) -> dict | None:
    """The published allocation and reserves ({home ref: app ref}, {home ref: [app refs]}):
    the valid draw for a lottery round, the published outcome for a round assessed by plan."""
    if sales_round.selection_method == SalesRound.SelectionMethod.PLAN_ASSESSMENT:
        outcome = getattr(sales_round, "assessment_outcome", None)
        if outcome is None:
            return None
        record = json.loads(outcome.record)
    else:
        draw = sales_round.lottery_draws.filter(annulled_at__isnull=True).first()
        if draw is None:
            return None
        record = json.loads(draw.record)
    return {"allocation": record["allocation"], "reserves": record["reserves"]}


def offers_start_problems(sales_round) -> list[str]:
    problems = []
    if Offer.objects.filter(sales_round=sales_round).exists():
        problems.append(_("The offers have been made already."))
    elif selection_outcome(sales_round) is None:
        if sales_round.selection_method == SalesRound.SelectionMethod.PLAN_ASSESSMENT:
            problems.append(_("The outcome of the assessment has not been published yet."))
        else:
            problems.append(_("The lottery has not been drawn yet."))
    return problems


def _lock_round(sales_round) -> SalesRound:
    return SalesRound.objects.select_for_update().get(pk=sales_round.pk)


def _lock_homes(property_ids) -> None:
    """Lock homes in the lock order (after the round, before their offers), by id."""
    list(
        Property.objects.select_for_update()
        .filter(pk__in=list(property_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def offers_lock(*, sales_round, property_ids=()) -> SalesRound:
    """Lock a round and some of its homes, in the lock order (round, then homes by id), for
    a service of a layer above that goes on to move offers (the sale in `contracts`). Call
    inside a transaction."""
    locked = _lock_round(sales_round)
    _lock_homes(property_ids)
    return locked


def _log(offer_or_place, event, reference, at=None, reserve_rank=None):
    OfferLogEntry.objects.create(
        sales_round_id=offer_or_place.sales_round_id,
        property_id=offer_or_place.property_id,
        reference=reference,
        event=event,
        reserve_rank=reserve_rank,
        at=at or timezone.now(),
    )


def _make_offer(sales_round, application, home, source, now, rank=None) -> Offer:
    offer = Offer.objects.create(
        sales_round=sales_round,
        application=application,
        property=home,
        source=source,
        reserve_rank=rank,
        made_at=now,
        respond_before=offer_respond_before(now, sales_round.offer_response_days),
    )
    _log(offer, OfferLogEntry.Event.OFFERED, application.reference, now, reserve_rank=rank)
    OFFER_MADE.run(offer=offer)
    _notify(offer, "offered")
    return offer


def _notify(offer, event):
    outbox.send(tasks.send_offer_email, offer.pk, event)


def _capacities(offer, actor) -> set[str]:
    """The capacities in which `actor` acts on this offer (see `offer_rules.TRANSITIONS`)."""
    if actor is None:
        return {offer_rules.SYSTEM}
    capacities = set()
    if offer.application.user_id == actor.pk:
        capacities.add(offer_rules.BUYER)
    if actor.has_perm("applications.manage_offers"):
        capacities.add(offer_rules.STAFF)
    return capacities


# The public log's word for each end of an offer.
LOG_EVENTS = {
    Offer.Status.ACCEPTED: OfferLogEntry.Event.ACCEPTED,
    Offer.Status.DECLINED: OfferLogEntry.Event.DECLINED,
    Offer.Status.EXPIRED: OfferLogEntry.Event.EXPIRED,
    Offer.Status.WITHDRAWN: OfferLogEntry.Event.WITHDRAWN,
}


def offer_transition(*, offer: Offer, to: str, actor, reason: str = "", now=None) -> Offer:
    """Move an offer to status `to`: the one place an offer's status changes.

    Call inside a transaction that holds the round's lock (see the lock order above); the
    offer's row is locked here. Refuses a move the table does not allow (code "transition")
    and a move by someone it does not name (code "actor"). Side effects: the decision fields,
    the public offer log entry, a history row, and the buyer's e-mail after commit (the end of
    an accepted offer is told by the purchase agreement's own e-mail, not here).
    """
    now = now or timezone.now()
    locked = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("application", "property", "sales_round")
        .get(pk=offer.pk)
    )
    current = locked.status
    if not offer_rules.transition_allowed(current, to):
        raise ValidationError(
            _("An offer cannot go from %(from)s to %(to)s.")
            % {"from": locked.get_status_display(), "to": Offer.Status(to).label},
            code="transition",
        )
    if not offer_rules.may_move(current, to, _capacities(locked, actor)):
        raise ValidationError(
            _("You may not make this change to the offer (%(from)s to %(to)s).")
            % {"from": locked.get_status_display(), "to": Offer.Status(to).label},
            code="actor",
        )
    locked.status = to
    locked.decided_at = now
    locked.decided_by = actor
    locked.reason = reason
    locked.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    _log(locked, LOG_EVENTS[to], locked.application.reference, at=now)
    OfferStatusChange.objects.create(
        offer=locked, from_status=current, to_status=to, actor=actor, reason=reason, at=now
    )
    if current == Offer.Status.OPEN:
        _notify(locked, to)
    return locked


def offers_start(*, sales_round, actor) -> list[Offer]:
    """Make the offers of the selection's allocation and set up the reserve lists.

    Side effects: allocated applications move to "offered", those on a reserve list to
    "reserve", the rest of the selection to "not selected" (history rows); the offer log;
    e-mails after commit. After this, the draw can no longer be annulled.
    """
    with transaction.atomic():
        locked = _lock_round(sales_round)
        problems = offers_start_problems(locked)
        if problems:
            raise ValidationError(problems)
        outcome = selection_outcome(locked)
        refs = set(outcome["allocation"].values())
        for listed in outcome["reserves"].values():
            refs.update(listed)
        applications = {
            a.reference: a
            for a in Application.objects.filter(sales_round=locked, status=rules.IN_DRAW)
        }
        homes = {p.reference: p for p in locked.properties.all()}
        now = timezone.now()
        offers = [
            _make_offer(locked, applications[ref], homes[home], Offer.Source.ALLOCATION, now)
            for home, ref in sorted(outcome["allocation"].items())
            if ref in applications
        ]
        ReservePlace.objects.bulk_create(
            ReservePlace(
                sales_round=locked,
                property=homes[home],
                application=applications[ref],
                rank=rank,
            )
            for home, listed in outcome["reserves"].items()
            for rank, ref in enumerate(listed, start=1)
            if ref in applications
        )
        allocated = {o.application_id for o in offers}
        reserves = {
            a.pk for ref, a in applications.items() if ref in refs and a.pk not in allocated
        }
        rest = {a.pk for a in applications.values()} - allocated - reserves
        for ids, to, reason in [
            (allocated, rules.OFFERED, _("Offered a home in the selection")),
            (reserves, rules.RESERVE, _("On the reserve list")),
            (rest, rules.NOT_SELECTED, _("Not selected")),
        ]:
            if ids:
                application_transition_many(ids=sorted(ids), to=to, reason=reason)
        _selection_emails(locked.pk, sorted(reserves), sorted(rest))
    return offers


def _selection_emails(round_id, reserve_ids, rest_ids):
    outbox.send(tasks.send_selection_emails, round_id, reserve_ids, rest_ids)


def _end_offer(offer, status, now, actor=None, reason=""):
    """Close an open offer and put its buyer back on their other lists, or finish them."""
    offer = offer_transition(offer=offer, to=status, actor=actor, reason=reason, now=now)
    application = offer.application
    # Declining or missing the deadline takes the buyer off this home's list only.
    ReservePlace.objects.filter(
        property=offer.property_id, application=application, state=ReservePlace.State.OFFERED
    ).update(state=ReservePlace.State.REMOVED, changed_at=now)
    still_listed = ReservePlace.objects.filter(
        application=application, state=ReservePlace.State.WAITING
    ).exists()
    if still_listed:
        to = rules.RESERVE
    else:
        to = {
            Offer.Status.DECLINED: rules.DECLINED,
            Offer.Status.EXPIRED: rules.OFFER_EXPIRED,
            Offer.Status.WITHDRAWN: rules.NOT_SELECTED,
        }[status]
    words = {
        Offer.Status.DECLINED: _("Declined the offer of %(address)s"),
        Offer.Status.EXPIRED: _("The offer of %(address)s expired"),
        Offer.Status.WITHDRAWN: _("The offer of %(address)s was withdrawn"),
    }[status] % {"address": offer.property.address}
    # The buyer's own answer is theirs; putting them back on their lists, an expiry and the
    # end of a withdrawn offer are consequences the code makes (the reason names the cause).
    mover = actor if to == rules.DECLINED else None
    application_transition(
        application=application, to=to, actor=mover, reason=f"{words}. {reason}".strip()
    )
    return offer


def _cascade(sales_round, now) -> list[Offer]:
    """Offer every home that is free to the first waiting candidate on its list.

    A candidate gets one offer at a time: if the first candidate holds an open offer for
    another home, this home waits for their answer (nobody is skipped). A candidate first on
    several free homes' lists gets the one they ranked highest; the others wait.
    """
    live = set(
        Offer.objects.filter(sales_round=sales_round, status__in=LIVE).values_list(
            "property_id", flat=True
        )
    )
    busy = set(
        Offer.objects.filter(sales_round=sales_round, status=Offer.Status.OPEN).values_list(
            "application_id", flat=True
        )
    )
    waiting = (
        ReservePlace.objects.filter(sales_round=sales_round, state=ReservePlace.State.WAITING)
        .exclude(property_id__in=live)
        .select_related("application", "property")
        .order_by("property_id", "rank")
    )
    first_of = {}
    for place in waiting:
        if place.property_id in first_of:
            continue
        if place.application.status not in (rules.RESERVE, rules.OFFERED):
            # Withdrew (or was otherwise finished) since the lists were made.
            place.state = ReservePlace.State.REMOVED
            place.changed_at = now
            place.save(update_fields=["state", "changed_at"])
            continue
        first_of[place.property_id] = place
    by_candidate = {}
    for place in first_of.values():
        if place.application_id not in busy:
            by_candidate.setdefault(place.application_id, []).append(place)
    if not by_candidate:
        return []
    ranks = {
        (p.application_id, p.property_id): p.rank
        for p in Preference.objects.filter(application_id__in=list(by_candidate))
    }
    made = []
    for application_id, places in sorted(by_candidate.items()):
        place = min(places, key=lambda p: ranks.get((application_id, p.property_id), 999))
        place.state = ReservePlace.State.OFFERED
        place.changed_at = now
        place.save(update_fields=["state", "changed_at"])
        application_transition(
            application=place.application,
            to=rules.OFFERED,
            actor=None,
            reason=_("Offered %(address)s from the reserve list (place %(rank)d)")
            % {"address": place.property.address, "rank": place.rank},
        )
        made.append(
            _make_offer(
                sales_round,
                place.application,
                place.property,
                Offer.Source.RESERVE,
                now,
                rank=place.rank,
            )
        )
    return made


def _locked_open_offer(offer, now) -> Offer:
    locked = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("application", "property", "sales_round")
        .get(pk=offer.pk)
    )
    if locked.status != Offer.Status.OPEN:
        raise ValidationError(
            _("This offer has been answered already: %(status)s.")
            % {"status": locked.get_status_display().lower()},
            code="answered",
        )
    if locked.is_overdue(now):
        raise ValidationError(
            _("The deadline for this offer has passed; it can no longer be answered."),
            code="expired",
        )
    return locked


def offer_accept(*, offer: Offer, actor, parties: list[dict]) -> Offer:
    """The selection's side of the buyer accepting, giving what only the deed needs (one dict
    per applicant). The sale (`contracts.services.sale_accept`) calls it in the transaction
    that also allocates the home and makes the draft purchase agreement; call it there.

    Locks round, home and offer (in that order). Side effects: the buyer leaves every other
    reserve list (logged); the application moves to "accepted"; homes that waited for this
    buyer go to their next candidate; e-mail after commit.
    """
    now = timezone.now()
    with transaction.atomic():
        _lock_round(offer.sales_round)
        _lock_homes([offer.property_id])
        locked = _locked_open_offer(offer, now)
        applicants = {a.pk: a for a in locked.application.applicants.all()}
        given = {p["applicant"].pk for p in parties}
        if given != set(applicants):
            raise ValidationError(_("Give the data for the deed for every buyer."))
        DeedParty.objects.bulk_create(DeedParty(offer=locked, **party) for party in parties)
        locked = offer_transition(offer=locked, to=Offer.Status.ACCEPTED, actor=actor, now=now)
        for place in ReservePlace.objects.filter(
            application=locked.application, state=ReservePlace.State.WAITING
        ):
            place.state = ReservePlace.State.REMOVED
            place.changed_at = now
            place.save(update_fields=["state", "changed_at"])
            _log(place, OfferLogEntry.Event.LEFT_LIST, locked.application.reference, at=now)
        application_transition(
            application=locked.application,
            to=rules.ACCEPTED,
            actor=actor,
            reason=_("Accepted the offer of %(address)s") % {"address": locked.property.address},
        )
        _cascade(locked.sales_round, now)
    return locked


def offer_decline(*, offer: Offer, actor) -> Offer:
    """The buyer declines. Side effects: off this home's reserve list, back on any other
    lists; the home goes to its first reserve candidate; log, history, e-mails."""
    now = timezone.now()
    try:
        with transaction.atomic():
            _lock_round(offer.sales_round)
            _lock_homes([offer.property_id])
            locked = _locked_open_offer(offer, now)
            locked = _end_offer(locked, Offer.Status.DECLINED, now, actor)
            _cascade(locked.sales_round, now)
    except ValidationError as error:
        if error.code == "expired":
            offers_expire_due(sales_round=offer.sales_round)
        raise
    return locked


def offer_withdraw(*, offer: Offer, actor, reason: str) -> Offer:
    """Staff withdraw an open offer (for example: the buyer turned out not to qualify). The
    reason is recorded in the history, not in the public log."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for withdrawing the offer."))
    now = timezone.now()
    with transaction.atomic():
        _lock_round(offer.sales_round)
        _lock_homes([offer.property_id])
        if Offer.objects.get(pk=offer.pk).status != Offer.Status.OPEN:
            raise ValidationError(_("Only an open offer can be withdrawn."))
        locked = _end_offer(offer, Offer.Status.WITHDRAWN, now, actor, reason.strip())
        _cascade(locked.sales_round, now)
    return locked


def offers_expire_due(*, sales_round=None, now=None) -> int:
    """Record every open offer whose deadline has passed as expired, and pass its home on.

    Called when offers are read, by the periodic sweep and by `manage.py expire_offers`;
    idempotent, and cheap when nothing is due (one indexed query).
    """
    now = now or timezone.now()
    due = Offer.objects.filter(status=Offer.Status.OPEN, respond_before__lte=now)
    if sales_round is not None:
        due = due.filter(sales_round=sales_round)
    round_ids = sorted(set(due.values_list("sales_round_id", flat=True)))
    expired = 0
    for round_id in round_ids:
        with transaction.atomic():
            locked_round = SalesRound.objects.select_for_update().get(pk=round_id)
            due_here = Offer.objects.filter(
                sales_round=locked_round, status=Offer.Status.OPEN, respond_before__lte=now
            )
            _lock_homes(due_here.values_list("property_id", flat=True))
            for offer in due_here.select_related("application", "property").order_by(
                "respond_before", "pk"
            ):
                _end_offer(offer, Offer.Status.EXPIRED, now)
                expired += 1
            _cascade(locked_round, now)
    return expired


def offers_cascade(*, sales_round) -> list[Offer]:
    """Pass every free home of a round on to its reserve list (after a contract was
    dissolved, for example). Idempotent."""
    with transaction.atomic():
        locked = _lock_round(sales_round)
        return _cascade(locked, timezone.now())
