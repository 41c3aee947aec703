"""Retention's periodic task and the warning mail before an inactive account is removed.
Tasks take ids only (never a name or an address)."""

from datetime import timedelta

from celery import shared_task
from django.urls import reverse

from klushuis.mail import send_templated_email
from klushuis.privacy import services
from klushuis.privacy.models import RetentionNotice


@shared_task
def apply_retention() -> str:
    """The beat schedule's daily run (`apply-retention`); `manage.py apply_retention` too."""
    # Why imported here: the accounts category imports this module for its warning task.
    from klushuis.privacy.accounts import accounts_warn  # noqa: PLC0415

    report = services.retention_apply()
    warned = accounts_warn(report.today)
    return "; ".join([*report.lines(), f"accounts warned: {warned}"])


@shared_task
def send_inactive_account_warning(user_id: int, warning_days: int) -> None:
    notice = RetentionNotice.objects.filter(user_id=user_id).select_related("user").first()
    if notice is None:  # the account logged in and the notice went, or it is gone
        return
    user = notice.user
    send_templated_email(
        to=[user.email],
        template="account_inactive",
        context={
            "user": user,
            "remove_on": notice.sent_at.date() + timedelta(days=warning_days),
            "login_path": reverse("accounts:login"),
        },
        language=user.language,
    )
