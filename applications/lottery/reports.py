"""The draw report (proces-verbaal) as a stored PDF.

Ordered in the same transaction as the draw or the annulment it reports (`report_order`),
rendered after commit by a Celery task (`report_render`), swept when a render was lost
(`reports_render_pending`), and served as a file: a request never renders. The same shape as
contract versions, from `klushuis.documents`.
"""

import json

from django.template.loader import render_to_string

from applications import tasks
from applications.models import LotteryDraw, LotteryReport
from klushuis import outbox, pdf
from klushuis.documents import RENDER_GRACE, document_render, documents_render_pending


def report_order(draw: LotteryDraw, *, annulled: bool) -> LotteryReport:
    """Record that the report for this state of the draw is due; render it after commit.
    Call inside the transaction that records the draw or its annulment."""
    report, _created = LotteryReport.objects.get_or_create(draw=draw, annulled=annulled)
    _queue(report.pk)
    return report


def _queue(report_id: int) -> None:
    outbox.send(tasks.render_lottery_report, report_id)


def report_html(draw: LotteryDraw) -> str:
    """No personal data: references only, and the homes' streets."""
    sales_round = draw.sales_round
    return render_to_string(
        "pdf/lottery_report.html",
        {
            "sales_round": sales_round,
            "draw": draw,
            "record": json.loads(draw.record),
            "addresses": dict(sales_round.properties.values_list("reference", "street")),
        },
    )


def _filename(report: LotteryReport) -> str:
    draw = report.draw
    state = "geannuleerd" if report.annulled else "getrokken"
    return f"proces-verbaal-{draw.sales_round.slug}-{draw.pk}-{state}.pdf"


def report_render(report_id: int) -> LotteryReport | None:
    """Render a pending report and store it with its SHA-256 (see `klushuis.documents`: a
    worker killed at any point leaves it pending, and the sweep renders it again).
    Idempotent: a report that is done is left alone."""
    return document_render(
        LotteryReport,
        report_id,
        related=["draw__sales_round"],
        make_pdf=lambda report: pdf.render_pdf(report_html(report.draw)),
        filename=_filename,
    )


def reports_render_pending(*, now=None, grace=RENDER_GRACE) -> int:
    """The sweep: queue every report left pending past the grace period (a worker died, the
    broker lost the message, or the draw predates stored reports). Returns how many were
    queued."""
    return documents_render_pending(
        LotteryReport, tasks.render_lottery_report.delay, now=now, grace=grace
    )


def report_for(draw: LotteryDraw) -> LotteryReport | None:
    """The report that describes the draw as it stands (after an annulment, that one)."""
    return draw.reports.filter(annulled=draw.annulled_at is not None).first()
