"""Which organisations a user works for, and querysets narrowed to them.

Staff belong to one organisation. A bureau's staff also work for every municipality or
corporation that has given the bureau a mandate valid today. Superusers see everything.
Buyers work for no organisation.
"""

from django.db.models import Q, QuerySet
from django.utils import timezone

from klushuis.organisations.models import Mandate, Organisation


def organisation_ids_for_user(user) -> set[int] | None:
    """The ids of the organisations whose data `user` may see; None means all of them."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    if not user.is_staff or user.organisation_id is None:
        return set()
    cached = getattr(user, "_organisation_ids", None)
    if cached is not None:
        return cached
    today = timezone.localdate()
    principals = Mandate.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        bureau_id=user.organisation_id,
        valid_from__lte=today,
    ).values_list("principal_id", flat=True)
    ids = {user.organisation_id, *principals}
    user._organisation_ids = ids
    return ids


def organisation_list_for_user(user) -> QuerySet[Organisation]:
    ids = organisation_ids_for_user(user)
    qs = Organisation.objects.all()
    return qs if ids is None else qs.filter(pk__in=ids)


def scope_to_user(queryset: QuerySet, user, path: str) -> QuerySet:
    """Narrow `queryset` to rows whose organisation (reached through `path`) `user` works for.

    `path` is the lookup from the queryset's model to an Organisation, e.g. "organisation" or
    "round__municipality".
    """
    ids = organisation_ids_for_user(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{path}__in": ids})
