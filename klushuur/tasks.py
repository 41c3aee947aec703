from celery import shared_task
from django.urls import reverse

from klushuis.accounts.models import User
from klushuis.mail import send_templated_email
from klushuur import documents, services
from klushuur.models import AgreementJob, Application, Change


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def render_addendum(self, addendum_id: int) -> None:
    """Render an addendum version. Idempotent (a done version is skipped); a failure is recorded
    and retried, and the sweep catches what the retries miss."""
    try:
        documents.addendum_render(addendum_id)
    except Exception as error:
        raise self.retry(exc=error) from error


@shared_task
def render_pending_addenda() -> int:
    return documents.addenda_render_pending()


@shared_task
def remind_changes() -> int:
    """Remind staff of requests for consent whose court date is near (idempotent)."""
    return services.changes_remind_due()


@shared_task
def mail_change_reminder(change_id: int) -> None:
    """Mail the corporation's klushuur staff about one unanswered request."""
    change = Change.objects.select_related("home__corporation").filter(pk=change_id).first()
    if change is None:
        return
    staff = [
        user
        for user in User.objects.filter(
            is_active=True, is_staff=True, organisation_id=change.home.corporation_id
        )
        if user.has_perm(services.PERMISSION)
    ]
    for user in staff:
        send_templated_email(
            to=[user.email],
            template="klushuur_change_reminder",
            context={
                "change": change,
                "court_from": services.change_court_from(change),
                "admin_path": reverse("admin:klushuur_change_change", args=[change.pk]),
            },
            language=user.language,
        )


@shared_task
def mail_tenant(event: str, pk: int) -> None:
    """Tell the applicant or tenant: the corporation's decision ("decided", an application) or
    the inspection of a job ("inspected", an agreed job). Idempotent enough: it only reads."""
    if event == "decided":
        application = Application.objects.select_related("user", "offer").filter(pk=pk).first()
        if application is None:
            return
        user, context = application.user, {"application": application}
        path = reverse("klushuur:mine")
    else:
        job = AgreementJob.objects.select_related("agreement__tenant", "job").filter(pk=pk).first()
        if job is None:
            return
        user, context = job.agreement.tenant, {"job": job}
        path = reverse("klushuur:agreement", args=[job.agreement_id])
    send_templated_email(
        to=[user.email],
        template="klushuur_event",
        context={"event": event, "path": path, **context},
        language=user.language,
    )
