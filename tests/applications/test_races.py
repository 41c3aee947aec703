"""Double clicks and two tabs: races tested on PostgreSQL with real concurrent requests."""

import json
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.lottery import services as lottery
from applications.models import Application, LotteryCommitment, LotteryDraw, Offer, OfferLogEntry
from applications.offers import services as offers
from applications.rounds import sales_round_publish
from contracts import services as contracts
from contracts.models import ContractVersion
from klushuis.accounts import roles
from properties.models import SalesRound
from tests.applications.conftest import fill_in
from tests.conftest import log_in
from tests.contracts.conftest import accept
from tests.factories import PropertyFactory, SalesRoundFactory, StaffFactory, UserFactory

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
        log_in(client, applicant)
        return client.post(reverse("applications:start", args=[open_round.slug])).status_code

    results, errors = _concurrently(8, start)
    assert errors == []
    assert results == [302] * 8
    assert Application.objects.filter(user=applicant, sales_round=open_round).count() == 1


def test_simultaneous_submits_record_one_submission(complete_application, applicant):
    def submit():
        client = Client()
        log_in(client, applicant)
        url = reverse("applications:submit", args=[complete_application.reference])
        return client.post(url).status_code

    results, errors = _concurrently(6, submit)
    assert errors == []
    assert set(results) == {302}
    history = complete_application.history.filter(to_status="submitted")
    assert history.count() == 1


def test_a_buyer_saving_locks_only_their_own_application(
    open_round, applicant, other_applicant, homes, complete_application
):
    """A change by one buyer locks their application row, not the round it joins (FOR UPDATE
    OF): every other buyer of the round submits meanwhile, and staff can edit the round. A
    lock on the round row made every submission of a round wait for the one before it."""
    other = fill_in(
        services.application_start(user=other_applicant, sales_round=open_round),
        other_applicant,
        homes[:2],
    )
    locked, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                services.application_save_fields(
                    application=complete_application, fields={"children": 2}
                )
                locked.set()
                release.wait(timeout=20)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            services.application_submit(application=other, actor=other_applicant)
            SalesRound.objects.filter(pk=open_round.pk).update(name="Oude Haven (bijgewerkt)")
    finally:
        release.set()
        holder.join(timeout=30)
    other.refresh_from_db()
    assert other.status == "submitted"


def test_two_notaries_pressing_draw_at_once_get_one_draw(municipality, bureau, bureau_staff):
    homes = [PropertyFactory(municipality=municipality) for _ in range(2)]
    sales_round = sales_round_publish(
        sales_round=SalesRoundFactory(municipality=municipality, published_at=None, homes=homes),
        actor=bureau_staff,
    )
    for _ in range(4):
        user = UserFactory()
        application = fill_in(
            services.application_start(user=user, sales_round=sales_round), user, homes
        )
        services.application_submit(application=application, actor=user)
        services.application_decide(
            application=application, eligible=True, reason="ok", actor=bureau_staff
        )
    now = timezone.now()
    SalesRound.objects.filter(pk=sales_round.pk).update(
        opens_at=now - timedelta(days=9), closes_at=now - timedelta(minutes=1)
    )
    LotteryCommitment.objects.update(committed_at=now - timedelta(days=10))
    sales_round.refresh_from_db()
    lottery.lottery_freeze(sales_round=sales_round, actor=bureau_staff)
    notaries = [
        StaffFactory(is_staff=False, organisation=None, role=roles.NOTARY) for _ in range(2)
    ]
    sales_round.notaries.set(notaries)

    def press(index):
        def run():
            client = Client()
            log_in(client, notaries[index % 2])
            url = reverse("applications:lottery_draw", args=[sales_round.slug])
            return client.post(url, {"public_value": f"{index}-1-1", "confirm": "on"}).status_code

        return run

    counter = iter(range(100))
    results, errors = _concurrently(6, lambda: press(next(counter))())
    assert errors == []
    assert sorted(results).count(302) == 1  # one draw; the others are told it was drawn
    assert LotteryDraw.objects.filter(sales_round=sales_round).count() == 1


def test_a_buyer_answering_twice_at_once_gets_one_answer(frozen_round, notary, bureau_staff):
    """Accept in one tab and decline in another, plus a sweep, at the same moment: the offer
    ends in exactly one state, and the home is passed on at most once."""
    draw = lottery.lottery_draw(sales_round=frozen_round, public_value="1-2-3", actor=notary)
    apps = list(Application.objects.filter(sales_round=frozen_round).order_by("reference"))
    homes = list(frozen_round.properties.order_by("reference"))
    record = json.loads(draw.record)
    record["allocation"] = {homes[0].reference: apps[0].reference}
    record["reserves"] = {homes[0].reference: [apps[1].reference, apps[2].reference]}
    LotteryDraw.objects.filter(pk=draw.pk).update(record=json.dumps(record))
    offers.offers_start(sales_round=frozen_round, actor=bureau_staff)
    offer = Offer.objects.get(application=apps[0])
    buyer = apps[0].user
    parties = [
        {
            "applicant": a,
            "place_of_birth": "Delft",
            "civil_status": "unmarried",
            "street_address": "Kade 1",
            "postcode": "3011 AB",
            "city": "Havenstad",
        }
        for a in apps[0].applicants.all()
    ]
    actions = iter(
        [
            lambda: contracts.sale_accept(offer=offer, actor=buyer, parties=parties),
            lambda: offers.offer_decline(offer=offer, actor=buyer),
            lambda: offers.offer_decline(offer=offer, actor=buyer),
            offers.offers_expire_due,
        ]
    )
    _results, errors = _concurrently(4, lambda: next(actions)())
    assert all(getattr(e, "code", None) == "answered" for e in errors), errors
    offer.refresh_from_db()
    assert offer.status in ("accepted", "declined")
    answers = OfferLogEntry.objects.filter(event__in=["accepted", "declined"])
    assert answers.count() == 1
    assert Offer.objects.filter(property=homes[0], status__in=["open", "accepted"]).count() == 1


def test_two_workers_rendering_versions_of_one_template_both_finish(
    frozen_round, notary, bureau_staff
):
    """Rendering locks only its own version row (FOR UPDATE OF), not the template that all
    versions share: a second worker must not skip its version as "taken"."""
    steered = list(lottery_draw_steered(frozen_round, notary, bureau_staff))
    with mock.patch("contracts.services.generation._queue_render"):
        for offer in steered:
            accept(offer)
    versions = list(ContractVersion.objects.values_list("pk", flat=True))
    assert len(versions) == 2
    pending = iter(versions)
    _results, errors = _concurrently(2, lambda: contracts.contract_render(next(pending)))
    assert errors == []
    assert ContractVersion.objects.filter(rendering="done").count() == 2


def lottery_draw_steered(sales_round, notary, staff):
    """Two homes allocated to two applications; returns their open offers."""
    draw = lottery.lottery_draw(sales_round=sales_round, public_value="1-2-3", actor=notary)
    apps = list(Application.objects.filter(sales_round=sales_round).order_by("reference"))
    homes = list(sales_round.properties.order_by("reference"))
    record = json.loads(draw.record)
    record["allocation"] = {
        homes[0].reference: apps[0].reference,
        homes[1].reference: apps[1].reference,
    }
    record["reserves"] = {}
    LotteryDraw.objects.filter(pk=draw.pk).update(record=json.dumps(record))
    offers.offers_start(sales_round=sales_round, actor=staff)
    return Offer.objects.filter(status="open").select_related("application")
