"""The Celery application.

Without a broker (`REDIS_URL` unset) the settings make Celery run every task eagerly in
the calling process, so the newcomer path needs no Redis and no worker. With a broker,
tasks go to real workers; `celery -A klushuis beat` runs the periodic sweeps.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klushuis.settings")

app = Celery("klushuis")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
