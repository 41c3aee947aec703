from celery import shared_task
from django.urls import reverse

from aftercare import services
from aftercare.models import Exemption, Obligation, Release
from aftercare.selectors import staff_emails_for
from klushuis.mail import send_templated_email


@shared_task
def apply_due() -> int:
    """Deemed acceptances and ended periods (also applied whenever aftercare is read)."""
    return services.aftercare_apply_due()


@shared_task
def send_reminders() -> int:
    """Reminders and escalations, each once (`services.reminders_send`)."""
    services.aftercare_apply_due()
    return services.reminders_send()


@shared_task
def send_obligation_mail(obligation_id: int, mail: str) -> None:
    """One reminder, overdue notice or escalation: to the buyer, and for overdue and
    escalations also to the staff of the municipality (and its bureau)."""
    obligation = (
        Obligation.objects.select_related("case__buyer", "case__property", "case__municipality")
        .filter(pk=obligation_id)
        .first()
    )
    if obligation is None:
        return
    case = obligation.case
    context = {
        "mail": mail,
        "obligation": obligation,
        "case": case,
        "page_path": reverse("aftercare:home", args=[case.pk]),
    }
    if mail != "escalation":
        send_templated_email(
            to=[case.buyer.email],
            template="aftercare_obligation",
            context={**context, "for_staff": False},
            language=case.buyer.language,
        )
    if mail != "reminder":
        staff = staff_emails_for(case)
        if staff:
            send_templated_email(
                to=staff,
                template="aftercare_obligation",
                context={**context, "for_staff": True},
                language="nl",
            )


@shared_task
def send_exemption_mail(exemption_id: int) -> None:
    """The decision on an exemption request, to the buyer (it is also on their page)."""
    exemption = (
        Exemption.objects.select_related("case__buyer", "case__property", "case__municipality")
        .filter(pk=exemption_id)
        .first()
    )
    if exemption is None:
        return
    case = exemption.case
    send_templated_email(
        to=[case.buyer.email],
        template="aftercare_exemption",
        context={
            "exemption": exemption,
            "case": case,
            "page_path": reverse("aftercare:home", args=[case.pk]),
        },
        language=case.buyer.language,
    )


@shared_task
def send_release_mail(release_id: int) -> None:
    """The buyer is released: the statement is on their page (issue #16)."""
    release = (
        Release.objects.select_related("case__buyer", "case__property", "case__municipality")
        .filter(pk=release_id, status="approved")
        .first()
    )
    if release is None:
        return
    case = release.case
    send_templated_email(
        to=[case.buyer.email],
        template="aftercare_release",
        context={
            "release": release,
            "case": case,
            "page_path": reverse("aftercare:home", args=[case.pk]),
        },
        language=case.buyer.language,
    )
