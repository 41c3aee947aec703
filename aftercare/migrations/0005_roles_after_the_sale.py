from django.db import migrations

from klushuis.accounts.roles import AUDITOR, BUREAU_SALES_STAFF, MUNICIPAL_STAFF, grant

READ = ["aftercare.view_exemption", "aftercare.view_resale"]


def grant_roles(apps, schema_editor):
    grant(apps, {MUNICIPAL_STAFF: READ, BUREAU_SALES_STAFF: READ, AUDITOR: READ})


class Migration(migrations.Migration):
    dependencies = [
        ("aftercare", "0004_exemptions_resales"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
