"""The draw report (proces-verbaal) as a stored PDF.

Ordered in the same transaction as the draw or the annulment it reports (`report_order`),
rendered after commit by a Celery task (`report_render`), swept when a render was lost
(`reports_render_pending`), and served as a file: a request never renders. The same shape as
contract versions (contracts.services.contract_render).
"""

import hashlib
import json
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from applications.models import LotteryDraw, LotteryReport

RENDER_GRACE = timedelta(minutes=2)
MAX_ATTEMPTS = 5


def report_order(draw: LotteryDraw, *, annulled: bool) -> LotteryReport:
    """Record that the report for this state of the draw is due; render it after commit.
    Call inside the transaction that records the draw or its annulment."""
    report, _created = LotteryReport.objects.get_or_create(draw=draw, annulled=annulled)
    transaction.on_commit(lambda: _queue(report.pk), robust=True)
    return report


def _queue(report_id: int) -> None:
    # Imported here: the tasks module imports this one.
    from applications import tasks

    tasks.render_lottery_report.delay(report_id)


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


def report_render(report_id: int) -> LotteryReport | None:
    """Render a pending report and store it with its SHA-256. Idempotent: a report that is
    done is left alone. The render runs outside any transaction; the file and the "done" mark
    are written together under a lock, so a worker killed at any point leaves it pending and
    the sweep renders it again."""
    # WeasyPrint is imported in one module only, and lazily (a second to load).
    from contracts.pdf import render_pdf

    with transaction.atomic():
        report = (
            LotteryReport.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("draw__sales_round")
            .filter(pk=report_id, rendering=LotteryReport.Rendering.PENDING)
            .first()
        )
        if report is None:
            return None
        report.attempts += 1
        report.save(update_fields=["attempts"])
    try:
        pdf = render_pdf(report_html(report.draw))
    except Exception as error:  # recorded, and retried by the task and the sweep
        LotteryReport.objects.filter(pk=report.pk).update(
            error=repr(error)[:2000],
            rendering=(
                LotteryReport.Rendering.FAILED
                if report.attempts >= MAX_ATTEMPTS
                else LotteryReport.Rendering.PENDING
            ),
        )
        raise
    with transaction.atomic():
        locked = LotteryReport.objects.select_for_update().get(pk=report.pk)
        if locked.rendering != LotteryReport.Rendering.PENDING:
            return None  # another worker finished first; its PDF stands
        draw = report.draw
        state = "geannuleerd" if report.annulled else "getrokken"
        name = f"proces-verbaal-{draw.sales_round.slug}-{draw.pk}-{state}.pdf"
        locked.pdf.save(name, ContentFile(pdf), save=False)
        locked.sha256 = hashlib.sha256(pdf).hexdigest()
        locked.size = len(pdf)
        locked.rendering = LotteryReport.Rendering.DONE
        locked.rendered_at = timezone.now()
        locked.error = ""
        locked.save()
    return locked


def reports_render_pending(*, now=None, grace=RENDER_GRACE) -> int:
    """The sweep: queue every report left pending past the grace period (a worker died, the
    broker lost the message, or the draw predates stored reports). Returns how many were
    queued."""
    now = now or timezone.now()
    stale = LotteryReport.objects.filter(
        rendering=LotteryReport.Rendering.PENDING,
        created_at__lte=now - grace,
        attempts__lt=MAX_ATTEMPTS,
    ).values_list("pk", flat=True)
    count = 0
    for report_id in stale:
        _queue(report_id)
        count += 1
    return count


def report_for(draw: LotteryDraw) -> LotteryReport | None:
    """The report that describes the draw as it stands (after an annulment, that one)."""
    return draw.reports.filter(annulled=draw.annulled_at is not None).first()
