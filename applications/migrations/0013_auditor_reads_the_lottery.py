from django.db import migrations

from klushuis.accounts.roles import AUDITOR, grant


def grant_roles(apps, schema_editor):
    # An auditor checks how homes were assigned: the commitment, the frozen entries, the draw
    # and its report are what they read; annulling stays with municipal and bureau staff.
    grant(
        apps,
        {
            AUDITOR: [
                "applications.view_lotterycommitment",
                "applications.view_lotterysnapshot",
                "applications.view_lotterydraw",
            ],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0012_field_labels_in_dutch"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
