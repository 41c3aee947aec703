from django.db import migrations

from klushuis.accounts.roles import AUDITOR, BUREAU_SALES_STAFF, MUNICIPAL_STAFF, grant

# Staff and the auditor read what the case page shows of notices of default, penalty claims
# and the documents with exemption requests; every write is a service behind
# `aftercare.manage_aftercare`.
READ = [
    "aftercare.view_defaultnotice",
    "aftercare.view_penaltyclaim",
    "aftercare.view_exemptiondocument",
]


def grant_roles(apps, schema_editor):
    grant(apps, {MUNICIPAL_STAFF: READ, BUREAU_SALES_STAFF: READ, AUDITOR: READ})


class Migration(migrations.Migration):
    dependencies = [
        ("aftercare", "0006_notices_and_penalties"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
