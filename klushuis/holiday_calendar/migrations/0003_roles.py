from django.db import migrations

from klushuis.accounts.roles import AUDITOR, BUREAU_SALES_STAFF, MUNICIPAL_STAFF, grant

# Staff and auditors see the decree days (staff explain a buyer's cooling-off period with them);
# only platform administrators change them (klushuis/holiday_calendar/admin.py).
VIEW = ["holiday_calendar.view_decreeday"]


def grant_roles(apps, schema_editor):
    grant(apps, {MUNICIPAL_STAFF: VIEW, BUREAU_SALES_STAFF: VIEW, AUDITOR: VIEW})


class Migration(migrations.Migration):
    dependencies = [
        ("holiday_calendar", "0002_known_decree_days"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
