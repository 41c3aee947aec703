"""Reads about accounts, with the access rules built in."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet


def users_with_permission(permission: str, *, organisation_ids: set[int] | None = None) -> QuerySet:
    """The active accounts that hold `permission` ("app_label.codename") through a role or
    directly: what a picker for jurors or notaries offers, and all that its form accepts.

    Superusers hold every permission without a grant and are left out on purpose, and so is
    every buyer: a picker that lists the whole platform shows strangers' names to any staff
    member. With `organisation_ids` (the organisations the picking user works for), only
    people of those organisations and people of none (independent jurors, notaries) remain.
    """
    app_label, codename = permission.split(".")
    granted = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    users = get_user_model().objects.filter(
        Q(groups__permissions__in=granted) | Q(user_permissions__in=granted),
        is_active=True,
        is_superuser=False,
    )
    if organisation_ids is not None:
        users = users.filter(Q(organisation_id__in=organisation_ids) | Q(organisation__isnull=True))
    return users.distinct().order_by("full_name", "email")
