from django.db import migrations

from klushuis.accounts.roles import AUDITOR, BUREAU_SALES_STAFF, MUNICIPAL_STAFF, grant

READ = [
    f"aftercare.view_{model}"
    for model in (
        "case",
        "obligation",
        "completionnotice",
        "inspection",
        "brpcheck",
        "requirementitem",
        "aftercaresettings",
    )
]
MANAGE = [
    "aftercare.manage_aftercare",
    "aftercare.change_requirementitem",
    "aftercare.add_requirementitem",
    "aftercare.delete_requirementitem",
    "aftercare.add_aftercaresettings",
    "aftercare.change_aftercaresettings",
]


def grant_roles(apps, schema_editor):
    grant(
        apps,
        {
            MUNICIPAL_STAFF: [*READ, *MANAGE],
            BUREAU_SALES_STAFF: [*READ, *MANAGE],
            AUDITOR: READ,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("aftercare", "0001_aftercare"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
