import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from properties.models import AlertDelivery, AlertSubscription
from properties.services import round_opening_alerts_queue
from tests.factories import PropertyFactory, SalesRoundFactory

pytestmark = pytest.mark.django_db


def _path(message, name):
    return re.search(rf"https?://[^/\s]+(/attendering/{name}/\S+/)", message.body).group(1)


def test_a_visitor_subscribes_with_double_opt_in(client, outbox, committed):
    with committed():
        response = client.post(reverse("properties:alert_subscribe"), {"email": "Lid@Example.test"})
    assert response.url == reverse("properties:alert_subscribe_done")
    subscription = AlertSubscription.objects.get()
    assert subscription.email == "lid@example.test"
    assert subscription.confirmed_at is None
    path = _path(outbox[0], "bevestigen")
    assert client.get(path).status_code == 200  # a button, not a confirmation
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    client.post(path)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_an_invalid_address_is_refused_and_kept(client):
    response = client.post(reverse("properties:alert_subscribe"), {"email": "geen-adres"})
    assert response.status_code == 200
    assert 'value="geen-adres"' in response.content.decode()
    assert not AlertSubscription.objects.exists()


@pytest.fixture
def subscribers(db):
    now = timezone.now()
    return [
        AlertSubscription.objects.create(email="a@example.test", confirmed_at=now),
        AlertSubscription.objects.create(email="b@example.test", confirmed_at=now, language="en"),
        AlertSubscription.objects.create(email="niet-bevestigd@example.test"),
    ]


def test_confirmed_subscribers_get_one_e_mail_when_a_round_opens(
    municipality, subscribers, outbox, committed
):
    sales_round = SalesRoundFactory(
        municipality=municipality, name="Oude Haven 2026", homes=[PropertyFactory()]
    )
    with committed():
        assert round_opening_alerts_queue() == 2
    assert sorted(m.to[0] for m in outbox) == ["a@example.test", "b@example.test"]
    english = next(m for m in outbox if m.to == ["b@example.test"])
    assert english.subject == "Now open: Oude Haven 2026"
    assert "List-Unsubscribe" in english.extra_headers
    # A second sweep (beat and the command at once, or a retry) mails nobody again.
    with committed():
        assert round_opening_alerts_queue() == 0
        call_command("send_round_alerts")
    assert len(outbox) == 2
    assert AlertDelivery.objects.filter(sales_round=sales_round, sent_at__isnull=False).count() == 2


def test_no_alert_before_a_round_opens_or_for_a_draft(municipality, subscribers, outbox, committed):
    SalesRoundFactory(
        municipality=municipality,
        opens_at=timezone.now() + timedelta(days=2),
        closes_at=timezone.now() + timedelta(days=20),
    )
    SalesRoundFactory(municipality=municipality, published_at=None)
    with committed():
        assert round_opening_alerts_queue() == 0
    assert outbox == []


def test_one_click_unsubscribes_and_forgets_the_address(
    client, municipality, subscribers, outbox, committed
):
    SalesRoundFactory(municipality=municipality)
    with committed():
        round_opening_alerts_queue()
    message = next(m for m in outbox if m.to == ["a@example.test"])
    response = client.get(_path(message, "afmelden"))
    assert response.status_code == 200
    assert not AlertSubscription.objects.filter(email="a@example.test").exists()
    # Opening the link again still works (mail clients may POST it too).
    assert client.post(_path(message, "afmelden")).status_code == 200


def test_a_forged_unsubscribe_link_does_nothing(client, subscribers):
    response = client.get(reverse("properties:alert_unsubscribe", args=["vervalst"]))
    assert response.status_code == 400
    assert AlertSubscription.objects.count() == 3
