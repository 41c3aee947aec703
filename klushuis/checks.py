"""System checks for settings that go stale by themselves."""

from datetime import datetime, timedelta

from django.conf import settings
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
                id="klushuis.E001",
            )
        ]
    if timezone.is_naive(expires):
        return [
            Error(
                f"SECURITY_TXT_EXPIRES ({value!r}) has no time zone: write it in UTC, with Z.",
                id="klushuis.E001",
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
