from django.core.management.base import BaseCommand

from properties.services import round_opening_alerts_queue


class Command(BaseCommand):
    help = "E-mail confirmed subscribers about sales rounds whose window has opened (idempotent)."

    def handle(self, *args, **options):
        count = round_opening_alerts_queue()
        self.stdout.write(f"{count} alert e-mails queued.")
