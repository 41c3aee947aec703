from celery import shared_task
from django.urls import reverse

from klushuis.mail import send_templated_email


@shared_task
def send_status_email(application_id: int, status: str) -> None:
    """Tell the buyer about a status change. Skipped when the application has moved on since
    (a retried task must not announce an outdated status)."""
    from applications.models import Application
    from applications.selectors import finding_message

    application = (
        Application.objects.select_related("user", "sales_round", "sales_round__municipality")
        .prefetch_related("preferences__property", "history")
        .filter(pk=application_id)
        .first()
    )
    if application is None or application.status != status:
        return
    from applications.lottery.services import active_commitment

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
