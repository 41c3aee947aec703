from django.db import migrations

from klushuis.accounts.roles import AUDITOR, BUREAU_SALES_STAFF, MUNICIPAL_STAFF, grant


def grant_roles(apps, schema_editor):
    # Staff read a property's status history in the admin (it is appended, never edited).
    history = ["properties.view_propertystatuschange"]
    grant(apps, {MUNICIPAL_STAFF: history, BUREAU_SALES_STAFF: history, AUDITOR: history})


class Migration(migrations.Migration):
    dependencies = [
        ("properties", "0003_lottery_public_value"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
