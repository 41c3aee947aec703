from django.core.management.base import BaseCommand

from contracts.models import DocumentTemplate
from contracts.services import library_update
from klushuis.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Bring every municipality's installed clause library up to the standard texts: "
        "wording that came from the library gets the new standard wording as a new clause "
        "version, missing standard articles are added; wording staff wrote is kept and listed. "
        "Sent and signed agreements never change; drafts get the new text when made again."
    )

    def handle(self, *args, **options):
        ids = DocumentTemplate.objects.values_list("municipality_id", flat=True).distinct()
        for municipality in Organisation.objects.filter(pk__in=ids).order_by("pk"):
            report = library_update(municipality)
            self.stdout.write(
                f"{municipality}: revised {len(report['revised'])}, "
                f"added {', '.join(report['added']) or 'none'}, "
                f"kept (written by staff) {', '.join(report['kept']) or 'none'}"
            )
