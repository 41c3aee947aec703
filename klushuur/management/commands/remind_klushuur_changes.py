from django.core.management.base import BaseCommand

from klushuur import services


class Command(BaseCommand):
    help = "Remind staff of change requests whose court date is near (idempotent)."

    def handle(self, *args, **options):
        count = services.changes_remind_due()
        self.stdout.write(f"{count} reminded")
