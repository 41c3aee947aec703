"""Project-wide system checks: settings that go stale by themselves, and the demo."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import checks
from django.core.checks import Error, Warning, register
from django.utils import timezone

SECURITY_TXT_NOTICE = timedelta(days=30)


@register("security")
def security_txt_expiry(app_configs=None, **kwargs):
    """RFC 9116 §2.5.5: a security.txt past its expiry must be treated as stale; renew it in
    time (a year ahead at most is recommended)."""
    value = settings.SECURITY_TXT_EXPIRES
    try:
        expires = datetime.fromisoformat(value)
    except ValueError:
        return [
            Error(
                f"SECURITY_TXT_EXPIRES ({value!r}) is not an ISO 8601 date and time.",
                id="klushuis.E002",
            )
        ]
    if timezone.is_naive(expires):
        return [
            Error(
                f"SECURITY_TXT_EXPIRES ({value!r}) has no time zone: write it in UTC, with Z.",
                id="klushuis.E002",
            )
        ]
    now = timezone.now()
    if expires <= now:
        return [
            Warning(
                f"security.txt expired on {value}.",
                hint="Set SECURITY_TXT_EXPIRES to a date at most a year ahead.",
                id="klushuis.W001",
            )
        ]
    if expires - now <= SECURITY_TXT_NOTICE:
        return [
            Warning(
                f"security.txt expires on {value}, in less than 30 days.",
                hint="Set SECURITY_TXT_EXPIRES to a date at most a year ahead.",
                id="klushuis.W002",
            )
        ]
    return []


@checks.register(checks.Tags.security, checks.Tags.database, deploy=True)
def demo_second_factor_absent(app_configs, databases=None, **kwargs):
    """The demo's second-factor secret is published in the README: a device with it would let
    anyone who has the password in. `check --deploy --database default` refuses it."""
    if not databases:
        return []
    # Imported here: checks are registered while the app registry is still being set up.
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415

    from klushuis.accounts.second_factor import DEMO_TOTP_KEY  # noqa: PLC0415 - idem

    errors = []
    for alias in databases:
        users = list(
            TOTPDevice.objects.using(alias)
            .filter(key=DEMO_TOTP_KEY)
            .values_list("user__email", flat=True)[:5]
        )
        if users:
            errors.append(
                checks.Error(
                    "Demo second-factor devices exist (published secret), for: " + ", ".join(users),
                    hint="This database holds the demo: never serve it in production. Remove "
                    "the demo accounts, or their devices, before going live.",
                    id="klushuis.E001",
                )
            )
    return errors
