from django.db import migrations

from klushuis.accounts.roles import AUDITOR, BUREAU_SALES_STAFF, MUNICIPAL_STAFF, grant

SALES = [
    "properties.view_neighbourhood",
    "properties.add_neighbourhood",
    "properties.change_neighbourhood",
    "properties.view_property",
    "properties.add_property",
    "properties.change_property",
    "properties.view_propertyfigures",
    "properties.view_propertyphoto",
    "properties.add_propertyphoto",
    "properties.change_propertyphoto",
    "properties.delete_propertyphoto",
    "properties.view_propertydocument",
    "properties.add_propertydocument",
    "properties.change_propertydocument",
    "properties.view_salesround",
    "properties.add_salesround",
    "properties.change_salesround",
    "properties.publish_salesround",
    "properties.view_roundproperty",
    "properties.add_roundproperty",
    "properties.change_roundproperty",
    "properties.delete_roundproperty",
    "properties.view_viewingday",
    "properties.add_viewingday",
    "properties.change_viewingday",
    "properties.delete_viewingday",
]
READ = [name for name in SALES if ".view_" in name]


def grant_roles(apps, schema_editor):
    grant(apps, {MUNICIPAL_STAFF: SALES, BUREAU_SALES_STAFF: SALES, AUDITOR: READ})


class Migration(migrations.Migration):
    dependencies = [
        ("properties", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
