"""Offers and the reserve cascade: every write goes through here.

Every step locks the round's row first, so two buyers answering at once, a sweep and a member
of staff never interleave within one round; the constraints on `Offer` back that up. Each step
is appended to the public offer log by reference and to the application's history, and the
buyer is told by e-mail after commit.
"""

import datetime
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import rules
from applications.models import (
    Application,
    DeedParty,
    Offer,
    OfferLogEntry,
    ReservePlace,
)
from properties.models import SalesRound

LIVE = [Offer.Status.OPEN, Offer.Status.ACCEPTED]


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
    _notify(offer, "offered")
    return offer


def _notify(offer, event):
    from applications import tasks

    transaction.on_commit(lambda: tasks.send_offer_email.delay(offer.pk, event), robust=True)


def offers_start(*, sales_round, actor) -> list[Offer]:
    """Make the offers of the selection's allocation and set up the reserve lists.

    Side effects: allocated applications move to "offered", those on a reserve list to
    "reserve", the rest of the selection to "not selected" (history rows); the offer log;
    e-mails after commit. After this, the draw can no longer be annulled.
    """
    from applications.services import application_transition_many

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
        transaction.on_commit(
            lambda: _selection_emails(locked.pk, sorted(reserves), sorted(rest)), robust=True
        )
    return offers


def _selection_emails(round_id, reserve_ids, rest_ids):
    from applications import tasks

    tasks.send_selection_emails.delay(round_id, reserve_ids, rest_ids)


def _end_offer(offer, status, now, actor=None, reason=""):
    """Close an open offer and put its buyer back on their other lists, or finish them."""
    from applications.services import application_transition

    offer.status = status
    offer.decided_at = now
    offer.decided_by = actor if getattr(actor, "pk", None) else None
    offer.reason = reason
    offer.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    event = {
        Offer.Status.DECLINED: OfferLogEntry.Event.DECLINED,
        Offer.Status.EXPIRED: OfferLogEntry.Event.EXPIRED,
        Offer.Status.WITHDRAWN: OfferLogEntry.Event.WITHDRAWN,
    }[status]
    application = offer.application
    _log(offer, event, application.reference, at=now)
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
    application_transition(
        application=application, to=to, actor=actor, reason=f"{words}. {reason}".strip()
    )
    _notify(offer, status)


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
    ranks = {(p.application_id, p.property_id): p.rank for p in _preferences(by_candidate.keys())}
    from applications.services import application_transition

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
                sales_round, place.application, place.property, Offer.Source.RESERVE, now,
                rank=place.rank,
            )
        )  # fmt: skip
    return made


def _preferences(application_ids):
    from applications.models import Preference

    return Preference.objects.filter(application_id__in=list(application_ids))


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
    """The buyer accepts, giving what only the deed needs (one dict per applicant).

    Side effects: the buyer leaves every other reserve list (logged); the application moves to
    "accepted"; homes that waited for this buyer go to their next candidate; e-mail; the draft
    purchase agreement is made (and rendered after commit).
    """
    from applications.services import application_transition

    now = timezone.now()
    try:
        with transaction.atomic():
            _lock_round(offer.sales_round)
            locked = _locked_open_offer(offer, now)
            applicants = {a.pk: a for a in locked.application.applicants.all()}
            given = {p["applicant"].pk for p in parties}
            if given != set(applicants):
                raise ValidationError(_("Give the data for the deed for every buyer."))
            DeedParty.objects.bulk_create(DeedParty(offer=locked, **party) for party in parties)
            locked.status = Offer.Status.ACCEPTED
            locked.decided_at = now
            locked.decided_by = actor
            locked.save(update_fields=["status", "decided_at", "decided_by"])
            _log(locked, OfferLogEntry.Event.ACCEPTED, locked.application.reference, at=now)
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
                reason=_("Accepted the offer of %(address)s")
                % {"address": locked.property.address},
            )
            _notify(locked, "accepted")
            _cascade(locked.sales_round, now)
            # The purchase agreement follows at once: recorded now, rendered after commit.
            from contracts.services import contract_create

            contract_create(offer=locked)
    except ValidationError as error:
        if error.code == "expired":
            offers_expire_due(sales_round=offer.sales_round)
        raise
    return locked


def offer_decline(*, offer: Offer, actor) -> Offer:
    """The buyer declines. Side effects: off this home's reserve list, back on any other
    lists; the home goes to its first reserve candidate; log, history, e-mails."""
    now = timezone.now()
    try:
        with transaction.atomic():
            _lock_round(offer.sales_round)
            locked = _locked_open_offer(offer, now)
            _end_offer(locked, Offer.Status.DECLINED, now, actor)
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
        locked = (
            Offer.objects.select_for_update(of=("self",))
            .select_related("application", "property", "sales_round")
            .get(pk=offer.pk)
        )
        if locked.status != Offer.Status.OPEN:
            raise ValidationError(_("Only an open offer can be withdrawn."))
        _end_offer(locked, Offer.Status.WITHDRAWN, now, actor, reason.strip())
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
            for offer in (
                Offer.objects.select_for_update(of=("self",))
                .select_related("application", "property")
                .filter(sales_round=locked_round, status=Offer.Status.OPEN)
                .filter(respond_before__lte=now)
                .order_by("respond_before", "pk")
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
