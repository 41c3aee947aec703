from django.db import migrations

from klushuis.accounts.roles import CORPORATION_STAFF, grant

MANAGE = [
    "klushuur.manage_klushuur",
    "organisations.view_organisation",
    "accounts.view_user",
    *[
        f"klushuur.{action}_{model}"
        for model in ("job", "complex", "rentalhome", "offer")
        for action in ("view", "add", "change")
    ],
    *[
        f"klushuur.{action}_{model}"
        for model in ("application", "agreement", "change", "interest")
        for action in ("view", "change")
    ],
    "klushuur.view_agreementjob",
    "klushuur.view_addendum",
]


def grant_roles(apps, schema_editor):
    grant(apps, {CORPORATION_STAFF: MANAGE})


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CORPORATION_STAFF).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("klushuur", "0001_initial"),
        ("accounts", "0002_roles"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant_roles, remove_roles)]
