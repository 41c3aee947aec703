from django.core.management.base import BaseCommand

from klushuis.uploads.held import held_uploads_sweep


class Command(BaseCommand):
    help = "Delete uploads held for a refused form that have expired (also run by Celery beat)."

    def handle(self, *args, **options):
        count = held_uploads_sweep()
        self.stdout.write(f"{count} expired held upload(s) deleted.")
