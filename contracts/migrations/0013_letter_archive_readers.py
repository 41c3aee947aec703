from django.db import migrations

from klushuis.accounts.roles import AUDITOR, BUREAU_SALES_STAFF, MUNICIPAL_STAFF, grant


def grant_roles(apps, schema_editor):
    # The letter archive is read by those who read contracts (contracts 0002).
    grant(
        apps,
        {role: ["contracts.view_letter"] for role in (MUNICIPAL_STAFF, BUREAU_SALES_STAFF, AUDITOR)},
    )


class Migration(migrations.Migration):
    dependencies = [("contracts", "0012_requirements_annex_and_inspection_term")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
