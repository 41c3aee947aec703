"""The offer letter states the answer deadline ({antwoord_uiterlijk}).

Municipalities whose offer letter still has the standard wording get a new version of that
clause (appended, as every clause change is); a wording staff changed is left as they made it.
"""

from django.db import migrations
from django.db.models import Max
from django.utils import timezone

OLD = "Geef uw antwoord in het portaal, binnen de termijn die in het portaal staat."
NEW = "Geef uw antwoord in het portaal, uiterlijk op {antwoord_uiterlijk}."


def forwards(apps, schema_editor):
    Clause = apps.get_model("contracts", "Clause")
    ClauseVersion = apps.get_model("contracts", "ClauseVersion")
    DocumentTemplate = apps.get_model("contracts", "DocumentTemplate")
    for clause in Clause.objects.filter(key="aanbieding-antwoord").select_related("current"):
        current = clause.current
        if current is None or OLD not in current.body:
            continue
        number = (clause.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        clause.current = ClauseVersion.objects.create(
            clause=clause, number=number, title=current.title,
            body=current.body.replace(OLD, NEW), created_at=timezone.now(),
        )  # fmt: skip
        clause.save(update_fields=["current"])
        for template in DocumentTemplate.objects.filter(
            municipality_id=clause.municipality_id, kind="offer_letter"
        ):
            template.version += 1
            template.updated_at = timezone.now()
            template.save(update_fields=["version", "updated_at"])


class Migration(migrations.Migration):
    dependencies = [("contracts", "0003_contract_sent_for_signing")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
