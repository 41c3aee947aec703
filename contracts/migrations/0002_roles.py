from django.db import migrations

from klushuis.accounts.roles import AUDITOR, BUREAU_SALES_STAFF, MUNICIPAL_STAFF, grant

LIBRARY = [
    f"contracts.{action}_{model}"
    for model in ("clause", "documenttemplate", "templateclause")
    for action in ("view", "add", "change", "delete")
] + ["contracts.view_clauseversion"]
READ = [
    "contracts.view_contract",
    "contracts.view_contractversion",
    "contracts.view_contractstatuschange",
]


def grant_roles(apps, schema_editor):
    grant(
        apps,
        {
            MUNICIPAL_STAFF: [*LIBRARY, *READ, "contracts.manage_contracts"],
            BUREAU_SALES_STAFF: [*LIBRARY, *READ, "contracts.manage_contracts"],
            AUDITOR: [*READ, "contracts.view_clause", "contracts.view_documenttemplate"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0001_contracts"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
