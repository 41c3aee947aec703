"""Every write to accounts goes through here."""

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from klushuis import outbox
from klushuis.accounts import tasks
from klushuis.accounts.models import User


def user_register(
    *, email: str, full_name: str, password: str, language: str, next_url: str = ""
) -> User | None:
    """Create a buyer's account and send a verification link (which carries `next_url`, a
    local path checked by the view, so the buyer ends up where they were going).

    Side effects: an e-mail after commit. If the address is taken, nothing is created and the
    owner of the address gets an e-mail instead (a verification link again, or a note that an
    account exists), so the form does not reveal which addresses have accounts.
    Both paths do the same work (one password hash, one e-mail task after commit), so that the
    time the answer takes does not tell either.
    Returns the new user, or None when the address was taken.
    """
    email = User.objects.normalize_email(email).lower()
    # Hashing is the slow part (deliberately): done before knowing whether the address is taken.
    password_hash = make_password(password)
    with transaction.atomic():
        existing = User.objects.select_for_update().filter(email__iexact=email).first()
        if existing is not None:
            if existing.email_verified:
                outbox.send(tasks.send_already_registered_email, existing.pk, robust=False)
            else:
                outbox.send(tasks.send_verification_email, existing.pk, next_url, robust=False)
            return None
        user = User.objects.create(
            email=email, password=password_hash, full_name=full_name, language=language
        )
        outbox.send(tasks.send_verification_email, user.pk, next_url, robust=False)
    return user


def user_password_reset_request(*, email: str) -> None:
    """Mail a link to choose a new password to each active account with this address.

    Side effects: one e-mail task per account, after commit (never inside the request, whose
    duration would otherwise tell whether the address has an account). Nothing for an
    unknown address, and the same answer to the visitor.
    """
    users = User.objects.filter(email__iexact=email, is_active=True)
    for user in users:
        if user.has_usable_password():
            outbox.send(tasks.send_password_reset_email, user.pk, robust=False)


def user_resend_verification(*, email: str) -> None:
    """Send a new verification link if an unverified account has this address."""
    user = User.objects.filter(email__iexact=email, email_verified_at__isnull=True).first()
    if user is not None:
        outbox.send(tasks.send_verification_email, user.pk, robust=False)


def user_verify_email(*, user_id: int, email: str) -> User | None:
    """Mark the address verified if the link still matches the account; idempotent."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id, email__iexact=email).first()
        if user is None:
            return None
        if not user.email_verified:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
    return user


def user_update_profile(*, user: User, full_name: str, language: str) -> User:
    user.full_name = full_name
    user.language = language
    user.save(update_fields=["full_name", "language"])
    return user


def user_set_language(*, user: User, language: str) -> None:
    if user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
