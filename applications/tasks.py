from celery import shared_task
from django.urls import reverse

from applications.models import Application, Offer
from klushuis.mail import send_templated_email

# The services queue these tasks (`from applications import tasks`), and the selectors and
# services a task calls import those services in turn: those are imported inside the tasks,
# where the cycle cannot bite. Models import nothing of ours and sit at the top.


@shared_task
def send_status_email(application_id: int, status: str) -> None:
    """Tell the buyer about a status change. Skipped when the application has moved on since
    (a retried task must not announce an outdated status)."""
    from applications.selectors import finding_message  # noqa: PLC0415 - cycle, see top

    application = (
        Application.objects.select_related("user", "sales_round", "sales_round__municipality")
        .prefetch_related("preferences__property", "history")
        .filter(pk=application_id)
        .first()
    )
    if application is None or application.status != status:
        return
    from applications.lottery.services import active_commitment  # noqa: PLC0415 - cycle

    last = application.history.order_by("-at", "-pk").first()
    commitment = active_commitment(application.sales_round)
    send_templated_email(
        to=[application.user.email],
        template="application_status",
        context={
            "application": application,
            "status": status,
            "sales_round": application.sales_round,
            "preferences": application.preferences.order_by("rank"),
            "reason": last.reason if last else "",
            "commitment": commitment.seed_commitment if commitment else "",
            "findings": [finding_message(f) for f in (last.findings if last else [])],
            "dashboard_path": reverse("applications:dashboard"),
            "detail_path": reverse("applications:detail", args=[application.reference]),
        },
        language=application.user.language,
    )


@shared_task
def send_offer_email(offer_id: int, event: str) -> None:
    """Tell the buyer about their offer: made, accepted, declined, expired or withdrawn.
    An "offered" mail is skipped when the offer is no longer open (a late retry)."""

    offer = (
        Offer.objects.select_related(
            "application__user", "property__current_figures", "sales_round__municipality"
        )
        .filter(pk=offer_id)
        .first()
    )
    if offer is None or (event == "offered" and offer.status != Offer.Status.OPEN):
        return
    application = offer.application
    send_templated_email(
        to=[application.user.email],
        template="offer_event",
        context={
            "event": event,
            "offer": offer,
            "application": application,
            "sales_round": offer.sales_round,
            "still_listed": application.reserve_places.filter(state="waiting").count(),
            "offer_path": reverse("contracts:offer", args=[application.reference, offer.pk]),
            "detail_path": reverse("applications:detail", args=[application.reference]),
        },
        language=application.user.language,
    )


@shared_task
def send_selection_emails(round_id: int, reserve_ids: list[int], rest_ids: list[int]) -> None:
    """After the offers are made: tell reserve candidates their places, the others that they
    were not selected. (Those with an offer get its own e-mail.)"""
    for application in (
        Application.objects.filter(pk__in=[*reserve_ids, *rest_ids], sales_round_id=round_id)
        .select_related("user", "sales_round__municipality")
        .prefetch_related("reserve_places__property")
    ):
        send_templated_email(
            to=[application.user.email],
            template="selection_result",
            context={
                "application": application,
                "sales_round": application.sales_round,
                "places": list(application.reserve_places.all()),
                "detail_path": reverse("applications:detail", args=[application.reference]),
            },
            language=application.user.language,
        )


@shared_task
def expire_offers() -> int:
    """The periodic sweep: record overdue offers as expired and pass their homes on."""
    from applications.offers.services import offers_expire_due  # noqa: PLC0415 - cycle

    return offers_expire_due()


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def render_lottery_report(self, report_id: int) -> None:
    """Render a draw report. Idempotent: a done report is skipped; a failure is recorded and
    retried (and the sweep catches what the retries miss)."""
    # Imported here: the reports module queues this task, so the two import each other.
    from applications.lottery.reports import report_render  # noqa: PLC0415

    try:
        report_render(report_id)
    except Exception as error:
        raise self.retry(exc=error) from error


@shared_task
def render_pending_lottery_reports() -> int:
    # Imported here: the reports module queues render_lottery_report (see above).
    from applications.lottery.reports import reports_render_pending  # noqa: PLC0415

    return reports_render_pending()
