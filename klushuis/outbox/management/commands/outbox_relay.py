"""Hand recorded tasks to the broker (klushuis.outbox); runs until stopped.

python manage.py outbox_relay [--once] [--interval 0.5]
"""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from klushuis.outbox import relay_pending

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Hand tasks recorded in the outbox to the broker, retrying while it is down."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Relay what is pending, stop.")
        parser.add_argument("--interval", type=float, default=0.5)

    def handle(self, *args, once=False, interval=0.5, **options):
        pause = interval
        while True:
            close_old_connections()
            try:
                while relay_pending():
                    pass
                pause = interval
            except Exception:
                # Broker or database down: nothing was marked sent. Try again, less often.
                logger.warning("outbox relay: sending failed, retrying", exc_info=True)
                pause = min(pause * 2, 10.0)
                if once:
                    raise
            if once:
                return
            time.sleep(pause)
