"""With Redis down a buyer still submits, and the confirmation goes out once it is back.

No broker call happens inside the request: the task is recorded in the outbox in the
submission's transaction (klushuis.outbox) and handed to Redis by the relay afterwards.
"""

import json

import pytest
import redis
from django.urls import reverse

from applications.models import Application
from klushuis import outbox as outbox_module
from klushuis.celery import app as celery_app
from klushuis.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_broker(settings, throwaway_redis):
    """Celery as in production: tasks go to a broker (the throwaway Redis), not run here."""
    settings.OUTBOX_SEND_AT_ONCE = False
    saved = {
        "task_always_eager": celery_app.conf.task_always_eager,
        "broker_url": celery_app.conf.broker_url,
    }
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = throwaway_redis.url
    celery_app.conf.broker_transport_options = {"socket_connect_timeout": 1}
    _forget_connections()
    yield throwaway_redis
    celery_app.conf.update(saved)
    celery_app.conf.broker_transport_options = {}
    _forget_connections()


def _forget_connections():
    """Connections and producers made earlier (to the in-memory broker) are not reused."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _work_one(server):
    """Take one task message off the broker and run it, as a worker does."""
    raw = redis.Redis.from_url(server.url).lpop("celery")
    assert raw is not None, "no task on the broker"
    message = json.loads(raw)
    name = message["headers"]["task"]
    import base64  # noqa: PLC0415 - only for decoding the message body here

    args, kwargs, _embed = json.loads(base64.b64decode(message["body"]))
    celery_app.tasks[name](*args, **kwargs)
    return name


def test_a_buyer_submits_with_redis_down_and_the_mail_goes_when_it_is_back(
    client_for, complete_application, applicant, real_broker, outbox, committed, monkeypatch
):
    calls = []
    monkeypatch.setattr(
        "celery.app.task.Task.apply_async",
        lambda *a, **k: calls.append(a) or pytest.fail("a broker call inside the request"),
    )
    url = reverse("applications:submit", args=[complete_application.reference])
    with committed():
        response = client_for(applicant).post(url)
    # Stored and acknowledged, without Redis (it is not even running).
    assert response.status_code == 302
    complete_application.refresh_from_db()
    assert complete_application.status == "submitted"
    pending = OutboxMessage.objects.get(sent_at__isnull=True)
    assert pending.task == "applications.tasks.send_status_email"
    assert calls == []
    monkeypatch.undo()

    # The relay cannot send while Redis is down: the message stays, nothing is lost.
    with pytest.raises(Exception):  # noqa: B017, PT011 - kombu's error for a refused connection
        outbox_module.relay_pending()
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 1
    assert outbox == []

    real_broker.start()
    assert outbox_module.relay_pending() == 1
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    assert _work_one(real_broker) == "applications.tasks.send_status_email"
    assert len(outbox) == 1
    assert applicant.email in outbox[0].to
    assert Application.objects.get(pk=complete_application.pk).status == "submitted"
