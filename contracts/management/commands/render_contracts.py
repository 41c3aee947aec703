from django.core.management.base import BaseCommand

from contracts.services import contracts_render_pending


class Command(BaseCommand):
    help = (
        "Queue every contract version whose rendering did not finish (what the periodic "
        "sweep does; safe to run at any time)."
    )

    def handle(self, *args, **options):
        queued = contracts_render_pending()
        self.stdout.write(f"{queued} contract version(s) queued")
