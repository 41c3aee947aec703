from datetime import timedelta

from django.core.management.base import BaseCommand

from applications.lottery.reports import reports_render_pending


class Command(BaseCommand):
    help = (
        "Render every draw report (proces-verbaal) that is not made yet: what the periodic "
        "sweep does, without its grace period; safe to run at any time."
    )

    def handle(self, *args, **options):
        queued = reports_render_pending(grace=timedelta(0))
        self.stdout.write(f"{queued} draw report(s) queued")
