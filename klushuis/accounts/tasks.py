from urllib.parse import urlencode

from celery import shared_task
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

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


@shared_task
def send_password_reset_email(user_id: int) -> None:
    """The link to choose a new password. A retried task sends a second, equally valid link;
    the token is made here, from the account as it is now."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    send_templated_email(
        to=[user.email],
        template="password_reset",
        context={"user": user, "reset_path": path},
        language=user.language,
    )


SECOND_FACTOR_EVENTS = {"app_set_up", "recovery_codes_renewed", "recovery_code_used", "reset"}


@shared_task
def send_second_factor_notice(user_id: int, event: str) -> None:
    """Tell the owner that their second factor changed or a recovery code was used, so that
    someone else doing it does not go unnoticed."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or event not in SECOND_FACTOR_EVENTS:
        return
    send_templated_email(
        to=[user.email],
        template="second_factor_changed",
        context={"user": user, "event": event, "reset_path": reverse("accounts:password_reset")},
        language=user.language,
    )
