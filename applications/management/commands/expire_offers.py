from django.core.management.base import BaseCommand

from applications.offers.services import offers_expire_due


class Command(BaseCommand):
    help = (
        "Record overdue offers as expired and offer their homes to the next reserve candidate "
        "(what the periodic sweep does; safe to run at any time)."
    )

    def handle(self, *args, **options):
        expired = offers_expire_due()
        self.stdout.write(f"{expired} offer(s) expired")
