"""The staff roles, recreated from the data migrations that made them.

Transactional tests flush every table afterwards, and the groups made by data migrations do
not come back by themselves (Django's serialized rollback does not reach the connections that
Playwright's event loop uses). Running the same migration functions again gives the same roles.
"""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group

from klushuis.accounts.roles import ALL_ROLES

ROLE_MIGRATIONS = [
    ("klushuis.accounts.migrations.0002_roles", "create_roles"),
    ("properties.migrations.0002_roles", "grant_roles"),
    ("properties.migrations.0004_history_view_permission", "grant_roles"),
    ("applications.migrations.0002_roles", "grant_roles"),
    ("applications.migrations.0005_lottery_roles", "grant_roles"),
    ("applications.migrations.0008_offer_roles", "grant_roles"),
    ("applications.migrations.0013_auditor_reads_the_lottery", "grant_roles"),
    ("contracts.migrations.0002_roles", "grant_roles"),
    ("contracts.migrations.0013_letter_archive_readers", "grant_roles"),
    ("klushuis.holiday_calendar.migrations.0003_roles", "grant_roles"),
    ("klushuur.migrations.0002_roles", "grant_roles"),
    ("klushuis.privacy.migrations.0002_roles", "grant_roles"),
    ("aftercare.migrations.0002_roles", "grant_roles"),
    ("aftercare.migrations.0005_roles_after_the_sale", "grant_roles"),
    ("aftercare.migrations.0007_roles_notices_penalties", "grant_roles"),
    ("aftercare.migrations.0007_roles_release", "grant_roles"),
]


def ensure_roles() -> None:
    if Group.objects.filter(name__in=ALL_ROLES).count() == len(ALL_ROLES):
        return
    for module, function in ROLE_MIGRATIONS:
        getattr(import_module(module), function)(apps, None)
