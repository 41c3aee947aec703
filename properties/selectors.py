"""Reads for properties and sales rounds, with who-may-see-what built in."""

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from klushuis.organisations.selectors import organisation_ids_for_user, scope_to_user
from properties import rules
from properties.models import (
    Neighbourhood,
    Property,
    PropertyDocument,
    PropertyFigures,
    PropertyPhoto,
    SalesRound,
)


def round_list_published() -> QuerySet[SalesRound]:
    return SalesRound.objects.filter(published_at__isnull=False)


def _ordered_photos() -> Prefetch:
    return Prefetch(
        "photos",
        queryset=PropertyPhoto.objects.order_by("position", "pk"),
        to_attr="ordered_photos",
    )


def property_list_public() -> QuerySet[Property]:
    """The catalogue: public properties with what a card shows, in a fixed number of queries
    (one for the page, one each for photos and rounds), whatever the page size."""
    return (
        Property.objects.filter(status__in=rules.PUBLIC_PROPERTY_STATUSES)
        .select_related("current_figures", "neighbourhood", "municipality")
        .prefetch_related(
            _ordered_photos(),
            Prefetch(
                "sales_rounds",
                queryset=round_list_published().order_by("-opens_at"),
                to_attr="public_rounds",
            ),
        )
    )


def _can_preview(user, organisation_id) -> bool:
    ids = organisation_ids_for_user(user)
    in_scope = ids is None or organisation_id in ids
    return in_scope and user.has_perm("properties.view_property")


def property_get_for_page(*, reference: str, user) -> tuple[Property, bool]:
    """A property for its public page, and whether this is a staff preview of a hidden one.

    404 for anyone else: a draft's existence is not revealed.
    """
    prop = (
        Property.objects.select_related("current_figures", "neighbourhood", "municipality")
        .prefetch_related(
            _ordered_photos(),
            Prefetch(
                "documents",
                queryset=PropertyDocument.objects.order_by("kind", "title"),
                to_attr="ordered_documents",
            ),
            Prefetch(
                "figures",
                queryset=PropertyFigures.objects.order_by("-version"),
                to_attr="figure_history",
            ),
            Prefetch(
                "sales_rounds",
                queryset=round_list_published().order_by("-opens_at"),
                to_attr="public_rounds",
            ),
        )
        .filter(reference=reference)
        .first()
    )
    if prop is None:
        raise Http404
    if prop.is_public:
        return prop, False
    if _can_preview(user, prop.municipality_id):
        return prop, True
    raise Http404


def property_file_get(*, reference: str, user, model, pk: int):
    """A photo or document of a property the user may see (public, or staff in scope)."""
    item = model.objects.select_related("property").filter(pk=pk, property__reference=reference)
    item = item.first()
    if item is None:
        raise Http404
    prop = item.property
    if prop.is_public or _can_preview(user, prop.municipality_id):
        return item
    raise Http404


def round_list_public() -> QuerySet[SalesRound]:
    return (
        round_list_published()
        .select_related("municipality", "bureau")
        .annotate(property_count=Count("properties"))
        .order_by("-opens_at")
    )


def round_get_for_page(*, slug: str, user) -> tuple[SalesRound, bool]:
    sales_round = (
        SalesRound.objects.select_related("municipality", "bureau")
        .prefetch_related(
            "viewing_days",
            Prefetch(
                "properties",
                queryset=Property.objects.select_related("current_figures", "neighbourhood")
                .prefetch_related(_ordered_photos())
                .order_by("reference"),
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if sales_round is None:
        raise Http404
    if sales_round.published_at is not None:
        return sales_round, False
    if _can_preview(user, sales_round.municipality_id) and user.has_perm(
        "properties.view_salesround"
    ):
        return sales_round, True
    raise Http404


def neighbourhood_list_public() -> QuerySet[Neighbourhood]:
    public = Property.objects.filter(
        neighbourhood=OuterRef("pk"), status__in=rules.PUBLIC_PROPERTY_STATUSES
    )
    return Neighbourhood.objects.filter(Exists(public)).select_related("municipality")


def property_list_for_staff(user) -> QuerySet[Property]:
    return scope_to_user(Property.objects.all(), user, "municipality")


def round_list_open_for_home(now) -> QuerySet[SalesRound]:
    return round_list_public().filter(Q(closes_at__gt=now))


def round_next_change(now):
    """When a published round next opens or closes: its pages change then by the clock."""
    published = round_list_published()
    moments = [
        published.filter(**{f"{field}__gt": now}).aggregate(first=Min(field))["first"]
        for field in ("opens_at", "closes_at")
    ]
    moments = [moment for moment in moments if moment is not None]
    return min(moments, default=None)
