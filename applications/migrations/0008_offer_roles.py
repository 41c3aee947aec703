from django.db import migrations

from klushuis.accounts.roles import (
    AUDITOR,
    BUREAU_SALES_STAFF,
    JUROR,
    MUNICIPAL_STAFF,
    grant,
)

STAFF = [
    "applications.view_offer",
    "applications.manage_offers",
    "applications.view_reserveplace",
    "applications.view_offerlogentry",
    "applications.view_deedparty",
    "applications.view_assessmentoutcome",
    "applications.view_planassessment",
    "properties.add_assessmentcriterion",
    "properties.change_assessmentcriterion",
    "properties.delete_assessmentcriterion",
    "properties.view_assessmentcriterion",
]


def grant_roles(apps, schema_editor):
    grant(
        apps,
        {
            MUNICIPAL_STAFF: STAFF,
            BUREAU_SALES_STAFF: STAFF,
            AUDITOR: [
                "applications.view_offer",
                "applications.view_reserveplace",
                "applications.view_offerlogentry",
                "applications.view_assessmentoutcome",
                "properties.view_assessmentcriterion",
            ],
            JUROR: ["applications.assess_plan"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0007_offers_and_assessment"),
        ("properties", "0005_assessment_rules"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
