"""Record first, send after: tasks are handed to the broker outside the request.

A service calls `outbox.send(task, *args)` inside its transaction instead of
`transaction.on_commit(lambda: task.delay(*args))`. That stores a row in the same transaction,
so the task exists exactly when the change it follows was committed, and no request ever waits
for (or fails on) the broker: with Redis down a buyer still submits, and the confirmation goes
when Redis is back.

Who hands the rows to the broker:
- with a broker (`REDIS_URL`), the relay: `manage.py outbox_relay` (one process in
  docker-compose; more are safe, rows are claimed with SKIP LOCKED). It retries until the
  broker takes the task, then marks the row sent. A task may be sent twice (the broker took
  it, the mark did not commit); tasks are idempotent for that reason (see settings).
- without one (development, tests: Celery runs tasks eagerly), the row is sent right after
  commit in the same process, as `on_commit(... .delay)` did (OUTBOX_SEND_AT_ONCE).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def send(task, *args, robust: bool = True) -> None:
    """Record `task(*args)` for the broker; it is sent once this transaction commits."""
    from klushuis.outbox.models import OutboxMessage  # noqa: PLC0415 - models load after apps

    message = OutboxMessage.objects.create(task=task.name, args=list(args))
    if settings.OUTBOX_SEND_AT_ONCE:
        transaction.on_commit(lambda: relay_one(message.pk), robust=robust)


def _task(name: str):
    from klushuis.celery import app  # noqa: PLC0415 - the Celery app imports the settings

    try:
        return app.tasks[name]
    except KeyError:
        return import_string(name)


def relay_one(pk: int) -> bool:
    """Hand one recorded task to the broker (or run it, when Celery runs eagerly)."""
    from klushuis.outbox.models import OutboxMessage  # noqa: PLC0415 - models load after apps

    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, sent_at__isnull=True)
            .first()
        )
        if message is None:
            return False
        message.sent_at = timezone.now()
        message.attempts += 1
        message.save(update_fields=["sent_at", "attempts"])
    # After the mark committed: an eagerly run task may itself record and relay more.
    _task(message.task).apply_async(args=message.args)
    return True


def relay_pending(*, limit: int = 200) -> int:
    """Hand up to `limit` recorded tasks to the broker, oldest first. Returns how many.

    Each is marked sent in the transaction that holds its row, committed only after the broker
    took it: a broker that is down leaves the row pending (and raises), nothing is lost.
    """
    from klushuis.outbox.models import OutboxMessage  # noqa: PLC0415 - models load after apps

    sent = 0
    with transaction.atomic():
        messages = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True)
            .order_by("pk")[:limit]
        )
        for message in messages:
            _task(message.task).apply_async(args=message.args)
            message.sent_at = timezone.now()
            message.attempts += 1
            sent += 1
        if messages:
            OutboxMessage.objects.bulk_update(messages, ["sent_at", "attempts"])
    return sent
