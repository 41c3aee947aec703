from django.core.management.base import BaseCommand

from aftercare import services


class Command(BaseCommand):
    help = (
        "Apply aftercare deadlines (deemed acceptance, ended periods) and send the reminders "
        "and escalations due; each mail once. The same as the beat's aftercare-reminders."
    )

    def handle(self, *args, **options):
        started = services.aftercare_start_missing()
        if started:
            self.stdout.write(f"{started} aftercare case(s) started for earlier transfers.")
        moves = services.aftercare_apply_due()
        sent = services.reminders_send()
        self.stdout.write(f"{moves} deadline(s) applied, {sent} mail(s) queued.")
