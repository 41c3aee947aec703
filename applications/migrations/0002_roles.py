from django.db import migrations

from klushuis.accounts.roles import AUDITOR, BUREAU_SALES_STAFF, MUNICIPAL_STAFF, grant

REVIEW = [
    "applications.view_application",
    "applications.change_application",
    "applications.review_application",
    "applications.export_application",
    "applications.view_applicant",
    "applications.view_preference",
    "applications.view_renovationplan",
    "applications.view_statuschange",
    "applications.view_note",
    "applications.add_note",
]
READ = [name for name in REVIEW if ".view_" in name]


def grant_roles(apps, schema_editor):
    grant(apps, {MUNICIPAL_STAFF: REVIEW, BUREAU_SALES_STAFF: REVIEW, AUDITOR: READ})


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("properties", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
