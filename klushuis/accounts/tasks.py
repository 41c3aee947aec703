from urllib.parse import urlencode

from celery import shared_task
from django.urls import reverse

from klushuis.accounts.models import User
from klushuis.accounts.tokens import make_verification_token
from klushuis.mail import send_templated_email


@shared_task
def send_verification_email(user_id: int, next_url: str = "") -> None:
    user = User.objects.filter(pk=user_id).first()
    # Verified in the meantime (a second click on "register", a retried task): nothing to do.
    if user is None or user.email_verified:
        return
    path = reverse("accounts:verify", kwargs={"token": make_verification_token(user)})
    if next_url.startswith("/") and not next_url.startswith("//"):
        # Checked again by the verify view; kept local here too.
        path = f"{path}?{urlencode({'next': next_url})}"
    send_templated_email(
        to=[user.email],
        template="account_verify",
        context={"user": user, "verify_path": path},
        language=user.language,
    )


@shared_task
def send_already_registered_email(user_id: int) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    send_templated_email(
        to=[user.email],
        template="account_exists",
        context={"user": user, "reset_path": reverse("accounts:password_reset")},
        language=user.language,
    )
