"""Reads for offers: the buyer's own, the public log and the staff overview of a round.

Reading applies deadlines first (`offers_expire_due`), so what is shown is right even when no
scheduler runs: the sweep only makes that happen for rounds nobody looks at.
"""

from datetime import timedelta

from django.db.models import Min, Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from applications import rules
from applications.models import Offer, OfferLogEntry, ReservePlace
from applications.offers.services import offers_expire_due


def offer_get_for_user(*, reference: str, pk: int, user) -> Offer:
    offer = (
        Offer.objects.select_related(
            "application", "property__current_figures", "sales_round__municipality"
        )
        .filter(pk=pk, application__reference=reference, application__user=user)
        .first()
    )
    if offer is None:
        raise Http404
    if offer.is_overdue():
        offers_expire_due(sales_round=offer.sales_round)
        offer.refresh_from_db()
    return offer


def user_has_open_offer(user) -> bool:
    """Whether the buyer has an offer to answer now (past its deadline it no longer counts)."""
    return Offer.objects.filter(
        application__user=user, status=Offer.Status.OPEN, respond_before__gt=timezone.now()
    ).exists()


def offers_for_application(application) -> list[Offer]:
    if application.offers.filter(status=Offer.Status.OPEN, respond_before__lte=timezone.now()):
        offers_expire_due(sales_round=application.sales_round)
    return list(
        application.offers.select_related("property__current_figures").order_by("-made_at", "-pk")
    )


def open_offers_for_application(application) -> list[Offer]:
    """The offers the buyer can still answer (past their deadline they are recorded as
    expired first). None unless the application is waiting for an answer."""
    if application.status != rules.OFFERED:
        return []
    return [o for o in offers_for_application(application) if o.status == Offer.Status.OPEN]


def reserve_places_for_application(application) -> list[ReservePlace]:
    return list(
        application.reserve_places.select_related("property").order_by("property__reference")
    )


def offer_log(sales_round) -> list[OfferLogEntry]:
    offers_expire_due(sales_round=sales_round)
    return list(
        OfferLogEntry.objects.filter(sales_round=sales_round)
        .select_related("property")
        .order_by("at", "pk")
    )


def round_offer_overview(sales_round) -> dict:
    """For staff: per home its offers (newest first), its reserve list and its log; and the
    open offers past or near their deadline."""
    offers_expire_due(sales_round=sales_round)
    homes = list(
        sales_round.properties.order_by("reference").prefetch_related(
            Prefetch(
                "offers",
                queryset=Offer.objects.filter(sales_round=sales_round)
                .select_related("application")
                .order_by("-made_at", "-pk"),
                to_attr="round_offers",
            ),
            Prefetch(
                "reserve_places",
                queryset=ReservePlace.objects.filter(sales_round=sales_round)
                .select_related("application")
                .order_by("rank"),
                to_attr="round_reserves",
            ),
        )
    )
    log = {}
    for entry in OfferLogEntry.objects.filter(sales_round=sales_round).order_by("at", "pk"):
        log.setdefault(entry.property_id, []).append(entry)
    now = timezone.now()
    for home in homes:
        home.round_log = log.get(home.pk, [])
        home.live_offer = next(
            (o for o in home.round_offers if o.status in ("open", "accepted")), None
        )
    soon = now + timedelta(days=2)
    return {
        "homes": homes,
        "due_soon": [
            o
            for home in homes
            for o in home.round_offers
            if o.status == Offer.Status.OPEN and o.respond_before <= soon
        ],
        "counts": {
            status: sum(1 for h in homes for o in h.round_offers if o.status == status)
            for status in Offer.Status.values
        },
    }


def landing_page(*, user) -> str | None:
    """After login without `next`, a buyer with an offer to answer sees their dashboard first
    (it shows open offers at the top); registered with accounts' LANDING_PAGE."""
    if user_has_open_offer(user):
        return reverse("applications:dashboard")
    return None


def offer_next_deadline(now):
    """The soonest deadline of an open offer still to come: the offer log changes then."""
    return (
        Offer.objects.filter(status=Offer.Status.OPEN, respond_before__gt=now)
        .aggregate(first=Min("respond_before"))
        .get("first")
    )
