"""Before the draw, the seed appears nowhere: pages, admin, exports, logs, e-mails, the API."""

import base64
import logging

import pytest
from django.contrib import admin as django_admin
from django.test import Client
from django.urls import reverse

from applications import services
from applications.lottery import services as lottery
from applications.models import LotterySeed
from applications.rounds import sales_round_publish
from tests.applications.conftest import fill_in
from tests.conftest import log_in
from tests.factories import PropertyFactory, SalesRoundFactory

pytestmark = pytest.mark.django_db


def _forms(seed: bytes) -> list[str]:
    return [seed.hex(), seed.hex().upper(), base64.b64encode(seed).decode(), repr(seed)]


def test_the_seed_leaks_nowhere_before_the_draw(
    superuser, bureau_staff, applicant, municipality, outbox, committed, caplog
):
    caplog.set_level(logging.DEBUG)
    homes = [PropertyFactory(municipality=municipality) for _ in range(2)]
    with committed():
        sales_round = sales_round_publish(
            sales_round=SalesRoundFactory(
                municipality=municipality, slug="geheim", published_at=None, homes=homes
            ),
            actor=bureau_staff,
        )
        application = fill_in(
            services.application_start(user=applicant, sales_round=sales_round), applicant, homes
        )
        services.application_submit(application=application, actor=applicant)
    seeds = [bytes(s.value) for s in LotterySeed.objects.all()]
    assert len(seeds) == 1 + lottery.RESERVE_COMMITMENTS
    commitment = lottery.active_commitment(sales_round)

    seen = []
    admin, buyer = Client(), Client()
    log_in(admin, superuser)
    log_in(buyer, applicant)
    urls = [
        reverse("properties:round_detail", args=["geheim"]),
        reverse("properties:round_list"),
        reverse("applications:detail", args=[application.reference]),
        reverse("admin:properties_salesround_change", args=[sales_round.pk]),
        reverse("admin:applications_application_change", args=[application.pk]),
        reverse("admin:applications_lotterycommitment_changelist"),
        reverse("admin:index"),
    ]
    for url in urls:
        client = admin if url.startswith("/beheer/") else buyer
        response = client.get(url)
        assert response.status_code == 200, url
        seen.append(response.content.decode())
    export = admin.post(
        reverse("admin:applications_application_changelist"),
        {"action": "export_csv", "_selected_action": [str(application.pk)]},
    )
    seen.append(b"".join(export.streaming_content).decode("utf-8-sig"))
    seen += [m.body for m in outbox] + [m.alternatives[0][0] for m in outbox]
    seen.append(caplog.text)
    seen += [repr(s) + str(s) for s in LotterySeed.objects.all()]

    everything = "\n".join(seen)
    assert commitment.seed_commitment in everything  # the commitment is public
    for seed in seeds:  # the reserves' seeds are as secret as the one in use
        for form in _forms(seed):
            assert form not in everything
    # There is no admin for the seed at all.

    assert LotterySeed not in django_admin.site._registry
