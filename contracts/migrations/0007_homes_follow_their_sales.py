"""Homes reach "allocated" and "sold" since the sale moves them (issue 13); this brings the
homes of earlier sales right, each with a row in the home's history.

- a home whose purchase agreement was transferred: sold;
- a home with an accepted offer whose agreement is not dissolved: allocated.

Raw status values (the models of this migration's state, not the code's constants).
Idempotent: a home already in its status is left alone.
"""

from django.db import migrations

REASON_SOLD = "Transferred to the buyer (brought right when homes started to follow the sale)"
REASON_ALLOCATED = "Offer accepted (brought right when homes started to follow the sale)"


def homes_follow_their_sales(apps, schema_editor):
    Contract = apps.get_model("contracts", "Contract")
    Offer = apps.get_model("applications", "Offer")
    Property = apps.get_model("properties", "Property")
    PropertyStatusChange = apps.get_model("properties", "PropertyStatusChange")

    sold = set(Contract.objects.filter(status="transferred").values_list("property_id", flat=True))
    dissolved_offers = Contract.objects.filter(status="dissolved").values_list(
        "offer_id", flat=True
    )
    allocated = (
        set(
            Offer.objects.filter(status="accepted")
            .exclude(pk__in=dissolved_offers)
            .values_list("property_id", flat=True)
        )
        - sold
    )
    for ids, status, reason in [
        (sold, "sold", REASON_SOLD),
        (allocated, "allocated", REASON_ALLOCATED),
    ]:
        for home in Property.objects.filter(pk__in=ids).exclude(status=status).order_by("pk"):
            PropertyStatusChange.objects.create(
                property=home, from_status=home.status, to_status=status, reason=reason
            )
            home.status = status
            home.save(update_fields=["status"])


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0006_field_labels_in_dutch"),
        ("applications", "0014_offer_history"),
        ("properties", "0008_salesround_notaries"),
    ]

    operations = [migrations.RunPython(homes_follow_their_sales, migrations.RunPython.noop)]
