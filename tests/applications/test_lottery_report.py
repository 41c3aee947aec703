"""The draw report (proces-verbaal) is made once, when the draw or its annulment is recorded,
and served as a stored file (issue 12, row 7)."""

import base64
import hashlib

import pytest
from django.core.management import call_command
from django.urls import reverse

from applications.lottery import reports
from applications.lottery import services as lottery
from applications.models import LotteryReport
from tests.contracts.conftest import pdf_text


def _url(draw):
    return reverse("applications:lottery_report", args=[draw.sales_round.slug, draw.pk])


def _no_rendering(monkeypatch):
    def refuse(html):
        pytest.fail("a request rendered the PDF")

    monkeypatch.setattr("klushuis.pdf.render_pdf", refuse)


def test_a_request_serves_the_stored_report_and_renders_nothing(
    frozen_round, notary, client, committed, monkeypatch
):
    with committed():
        draw = lottery.lottery_draw(sales_round=frozen_round, public_value="7-8-9", actor=notary)
    report = LotteryReport.objects.get(draw=draw)
    assert report.rendering == "done"
    stored = report.pdf.open("rb").read()
    assert hashlib.sha256(stored).hexdigest() == report.sha256

    _no_rendering(monkeypatch)
    response = client.get(_url(draw))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert body == stored
    digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
    assert response["Repr-Digest"] == f"sha-256=:{digest}:"


def test_an_annulment_makes_its_own_report_and_that_one_is_served(
    frozen_round, notary, bureau_staff, municipal_staff, client, committed, monkeypatch
):
    with committed():
        draw = lottery.lottery_draw(sales_round=frozen_round, public_value="7-8-9", actor=notary)
    first = b"".join(client.get(_url(draw)).streaming_content)
    assert "Geannuleerd" not in pdf_text(first)
    lottery.lottery_annul_request(draw=draw, reason="Verkeerde notaris", actor=bureau_staff)
    with committed():
        lottery.lottery_annul_approve(draw=draw, actor=municipal_staff)
    assert draw.reports.count() == 2

    _no_rendering(monkeypatch)
    annulled = b"".join(client.get(_url(draw)).streaming_content)
    text = pdf_text(annulled)
    assert "Geannuleerd" in text
    assert "Verkeerde notaris" in text


def test_a_lost_render_is_made_by_the_sweep_and_meanwhile_nothing_renders_on_request(
    frozen_round, notary, client, monkeypatch
):
    # Without a commit the task never runs: as when a worker died.
    draw = lottery.lottery_draw(sales_round=frozen_round, public_value="7-8-9", actor=notary)
    with monkeypatch.context() as patched:
        _no_rendering(patched)
        response = client.get(_url(draw))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert reports.reports_render_pending() == 0  # within the grace period
    call_command("render_lottery_reports")
    assert LotteryReport.objects.get(draw=draw).rendering == "done"
    assert client.get(_url(draw)).status_code == 200
