from django.db import migrations

from klushuis.accounts.roles import BUREAU_SALES_STAFF, MUNICIPAL_STAFF, NOTARY, grant


def grant_roles(apps, schema_editor):
    grant(
        apps,
        {
            MUNICIPAL_STAFF: [
                "applications.view_lotterycommitment",
                "applications.view_lotterysnapshot",
                "applications.view_lotterydraw",
                "applications.annul_lottery",
            ],
            BUREAU_SALES_STAFF: [
                "applications.view_lotterycommitment",
                "applications.view_lotterysnapshot",
                "applications.view_lotterydraw",
                "applications.annul_lottery",
            ],
            NOTARY: ["applications.draw_lottery"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_lottery"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
