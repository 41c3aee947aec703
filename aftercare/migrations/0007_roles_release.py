from django.db import migrations

from klushuis.accounts.roles import AUDITOR, BUREAU_SALES_STAFF, MUNICIPAL_STAFF, NOTARY, grant

READ = ["aftercare.view_resalereport", "aftercare.view_release"]


def grant_roles(apps, schema_editor):
    # A notary reports the resale of a home whose deed they passed (issue #16); staff and
    # auditors read the reports and the releases on the case page.
    grant(
        apps,
        {
            MUNICIPAL_STAFF: READ,
            BUREAU_SALES_STAFF: READ,
            AUDITOR: READ,
            NOTARY: ["aftercare.report_resale"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("aftercare", "0006_resale_reports_release"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
