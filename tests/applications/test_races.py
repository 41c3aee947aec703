"""Double clicks and two tabs: races tested on PostgreSQL with real concurrent requests."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from applications.models import Application

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="races are tested on PostgreSQL (CI)"
    ),
]


def _concurrently(count, action):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(action())
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


def test_eight_simultaneous_starts_make_one_application(open_round, applicant):
    def start():
        client = Client()
        client.force_login(applicant)
        return client.post(reverse("applications:start", args=[open_round.slug])).status_code

    results, errors = _concurrently(8, start)
    assert errors == []
    assert results == [302] * 8
    assert Application.objects.filter(user=applicant, sales_round=open_round).count() == 1


def test_simultaneous_submits_record_one_submission(complete_application, applicant):
    def submit():
        client = Client()
        client.force_login(applicant)
        url = reverse("applications:submit", args=[complete_application.reference])
        return client.post(url).status_code

    results, errors = _concurrently(6, submit)
    assert errors == []
    assert set(results) == {302}
    history = complete_application.history.filter(to_status="submitted")
    assert history.count() == 1
