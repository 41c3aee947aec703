"""The decree days known when the holiday calendar was built (art. 3 lid 3 Algemene termijnenwet).

Source: shared/DOMAIN.md, the cooling-off paragraph ("Known decrees"), which lists the days. The
titles are the decrees' as cited in public answers on the Act (for example sterfgeval.nl,
question 70745, October 2025); their Staatscourant references are left for a platform
administrator to fill in from the publication. Later decrees are added in the admin.
"""

from datetime import date

from django.db import migrations

DECREE_2023_2025 = (
    "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 en "
    "30 mei 2025 met een algemeen erkende feestdag"
)
DECREE_2026_2028 = (
    "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en "
    "26 mei 2028 met een algemeen erkende feestdag"
)

KNOWN = {
    date(2023, 4, 28): DECREE_2023_2025,  # Friday after King's Day
    date(2023, 5, 19): DECREE_2023_2025,  # Friday after Ascension
    date(2024, 5, 10): DECREE_2023_2025,  # Friday after Ascension
    date(2024, 12, 27): DECREE_2023_2025,  # Friday after Boxing Day
    date(2025, 5, 30): DECREE_2023_2025,  # Friday after Ascension
    date(2026, 1, 2): DECREE_2026_2028,  # Friday after New Year's Day
    date(2026, 5, 15): DECREE_2026_2028,  # Friday after Ascension
    date(2027, 5, 7): DECREE_2026_2028,  # Friday after Ascension
    date(2028, 4, 28): DECREE_2026_2028,  # Friday after King's Day
    date(2028, 5, 26): DECREE_2026_2028,  # Friday after Ascension
}


def seed(apps, schema_editor):
    DecreeDay = apps.get_model("holiday_calendar", "DecreeDay")
    for day, decree in KNOWN.items():
        DecreeDay.objects.get_or_create(day=day, defaults={"decree": decree})


def unseed(apps, schema_editor):
    apps.get_model("holiday_calendar", "DecreeDay").objects.filter(day__in=KNOWN).delete()


class Migration(migrations.Migration):
    dependencies = [("holiday_calendar", "0001_decree_days")]

    operations = [migrations.RunPython(seed, unseed)]
