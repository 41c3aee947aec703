from django.db import migrations

from klushuis.accounts.roles import AUDITOR, BUREAU_SALES_STAFF, MUNICIPAL_STAFF, grant


def create_roles(apps, schema_editor):
    grant(
        apps,
        {
            MUNICIPAL_STAFF: [
                "organisations.view_organisation",
                "organisations.change_organisation",
                "organisations.view_mandate",
                "accounts.view_user",
            ],
            BUREAU_SALES_STAFF: [
                "organisations.view_organisation",
                "organisations.view_mandate",
                "accounts.view_user",
            ],
            AUDITOR: [
                "organisations.view_organisation",
                "organisations.view_mandate",
                "accounts.view_user",
            ],
        },
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[MUNICIPAL_STAFF, BUREAU_SALES_STAFF, AUDITOR]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("organisations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
