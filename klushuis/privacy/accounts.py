"""The buyers' accounts as a category of personal data: removed after years without a login
(a warning mail first), or at once on the buyer's request, unless records the law keeps still
name the account (then it is closed: no login, no password).

Accounts belong to the platform, not to one municipality: their retention is the portal's
default (`rules.DEFAULTS`), which the privacy statement of every municipality shows.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klushuis import outbox
from klushuis.accounts.models import User
from klushuis.privacy import registry, rules
from klushuis.privacy.models import RetentionNotice
from klushuis.privacy.services import files_forget
from klushuis.privacy.tasks import send_inactive_account_warning

ACCOUNTS = "accounts"


def _buyers():
    return User.objects.filter(is_staff=False, is_superuser=False)


def _last_seen(user):
    return timezone.localdate(max(m for m in (user.last_login, user.date_joined) if m))


def _step(user, warned, retention, today):
    return rules.account_step(
        last_seen=_last_seen(user), warned_on=warned, retention=retention, today=today
    )


def accounts_warn(today, *, dry_run=False) -> int:
    """Send the warning mail to accounts that will be due for removal. Side effect: a
    `RetentionNotice` per account and a mail task (with the account's id) after commit."""
    retention = rules.DEFAULTS
    warned = dict(RetentionNotice.objects.values_list("user_id", "sent_at"))
    count = 0
    for user in _buyers().iterator():
        sent = warned.get(user.pk)
        step = _step(user, sent and timezone.localdate(sent), retention, today)
        if step != rules.WARN:
            continue
        count += 1
        if dry_run:
            continue
        with transaction.atomic():
            RetentionNotice.objects.update_or_create(
                user=user, defaults={"sent_at": timezone.now()}
            )
            outbox.send(send_inactive_account_warning, user.pk, retention.account_warning_days)
    return count


def _due(policies, today):
    retention = rules.DEFAULTS
    warned = dict(RetentionNotice.objects.values_list("user_id", "sent_at"))
    for user in _buyers().filter(pk__in=list(warned)):
        step = _step(user, timezone.localdate(warned[user.pk]), retention, today)
        if step == rules.REMOVE:
            yield registry.DueItem(user.pk, f"account {user.pk}", today=today)


def account_remove(user) -> dict | None:
    """Remove the account and what only it holds (held uploads, login-throttle records under
    its address). None when records the law keeps still name it (its applications go first
    by their own retention)."""
    email = user.email
    files_forget(*(held.file for held in user.held_uploads.all()))
    try:
        with transaction.atomic():
            user.delete()
    except ProtectedError:
        return None
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=email).delete()
    return {"account": 1}


def _erase(item):
    user = User.objects.select_for_update().filter(pk=item.key).first()
    notice = RetentionNotice.objects.filter(user_id=item.key).first()
    if user is None or notice is None:
        return None
    # Logged in since the run listed it: no longer due.
    today = item.today or timezone.localdate()
    if _step(user, timezone.localdate(notice.sent_at), rules.DEFAULTS, today) != rules.REMOVE:
        return None
    return account_remove(user)


def _export(user):
    return [
        registry.ExportSection(
            title=str(_("Your account")),
            rows=[
                (_("Name"), user.full_name),
                (_("E-mail address"), user.email),
                (_("Language"), user.language),
                (_("Account since"), user.date_joined.date().isoformat()),
            ],
            data={
                "full_name": user.full_name,
                "email": user.email,
                "language": user.language,
                "date_joined": user.date_joined.isoformat(),
                "last_login": user.last_login.isoformat() if user.last_login else None,
                "email_verified_at": user.email_verified_at.isoformat()
                if user.email_verified_at
                else None,
            },
        )
    ]


def _erase_for_user(user):
    if not user.applications.exists():
        removed = account_remove(user)
        if removed is not None:
            return removed
    # Records kept under a legal duty name this account (an application with its purchase
    # agreement, a lease's addendum, aftercare): closed, not removed.
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    return {"account": 0, "closed": 1}


def register():
    registry.register(
        registry.Category(
            key=ACCOUNTS,
            label=_("Your account"),
            purpose=_("Logging in, applying, and sending you messages about your applications."),
            legal_basis=_("Steps at your request before a contract (AVG art. 6(1)(b))."),
            recipients=_("Nobody outside the portal; our mail provider delivers the e-mails."),
            # The platform's default, whatever the municipality (an account is not one
            # municipality's): the statement shows the same figures everywhere.
            retention_text=lambda _r: (
                _(
                    "Removed after %(years)d years without a login; we mail you %(days)d days "
                    "before. You can remove it yourself at any time."
                )
                % {
                    "years": rules.DEFAULTS.account_inactive_years,
                    "days": rules.DEFAULTS.account_warning_days,
                }
            ),
            due=_due,
            erase=_erase,
            export=_export,
            erase_for_user=_erase_for_user,
            order=1000,
        )
    )
