"""Reads of the holiday calendar."""

from datetime import date

from klushuis.holiday_calendar.models import DecreeDay


def decree_days() -> frozenset[date]:
    """Every day equated with a public holiday by decree (art. 3 lid 3 Atw), for the rules in
    `klushuis.holiday_calendar.rules`.

    Read from the database on every call, on purpose: one indexed query of a few rows (a decree
    adds about five days every three years), and a decree a platform administrator records
    counts from the very next call in every process, with no cache to go stale. Call it once per
    computation, where a term is computed, not per day counted.
    """
    return frozenset(DecreeDay.objects.values_list("day", flat=True))
