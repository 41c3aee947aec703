from django.db import migrations

from klushuis.accounts.roles import AUDITOR, BUREAU_SALES_STAFF, MUNICIPAL_STAFF, grant

# Auditors read who read what (the access log) and what retention removed; staff see their
# municipality's retention settings and destruction lists (the privacy statement shows the
# former to everyone). Approving a destruction list is given to a person by an administrator,
# never to a role (klushuis/privacy/services.py: four eyes).
AUDIT = [
    "privacy.view_accesslogentry",
    "privacy.view_erasuretombstone",
    "privacy.view_retentionpolicy",
    "privacy.view_destructionlist",
]
STAFF = ["privacy.view_retentionpolicy", "privacy.view_destructionlist"]


def grant_roles(apps, schema_editor):
    grant(apps, {AUDITOR: AUDIT, MUNICIPAL_STAFF: STAFF, BUREAU_SALES_STAFF: STAFF})


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
