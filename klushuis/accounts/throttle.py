"""Who is asking, and how often: the client address, login lockout keys and rate limits.

Logins (the buyers' form, the admin's and the second-factor step) are counted by django-axes
per e-mail address and client address (settings: AXES_*). Forms that send e-mail (password
reset, registration, a new verification link, round alerts) are rate-limited here with
django-ratelimit, per address typed in and per client address, in the configured cache.
"""

from django.conf import settings
from django_ratelimit.core import is_ratelimited

# Per form: how many requests one e-mail address and one client address may make.
LIMITS = {
    "password_reset": {"per_email": "3/h", "per_ip": "20/h"},
    "register": {"per_email": "3/h", "per_ip": "20/h"},
    "verify_resend": {"per_email": "3/h", "per_ip": "20/h"},
    "alert_subscribe": {"per_email": "3/h", "per_ip": "20/h"},
}


def client_ip(request) -> str:
    """The client's address, believing X-Forwarded-For only as far as our own proxies wrote it.

    Each of the TRUSTED_PROXY_COUNT proxies appends the address it was reached from, so the
    client is the N-th entry from the right; what a client put in the header itself stands
    further left and is never read. Without trusted proxies the header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        # Fewer entries than proxies: a request that bypassed a proxy. Its own address is all
        # that can be trusted.
        return remote
    return forwarded[-count]


def axes_username(request, credentials) -> str | None:
    """The login name django-axes counts failures under: the e-mail address, in lower case.

    Addresses are compared without regard to case at login, so the lockout must be too.
    """
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    return username.strip().lower() if username else username


def second_factor_credentials(user) -> dict:
    """What failed second-factor codes are counted under: apart from the password's failures,
    so that a correct password (which clears those) does not clear the codes' count too."""
    return {"username": f"{user.email} (second factor)"}


def rate_limited(request, *, form: str, email: str) -> bool:
    """Count one request of this form, and say whether it goes over a limit.

    Both counters always count, so that switching addresses from one client, or clients for
    one address, does not slip through.
    """
    limits = LIMITS[form]
    email = (email or "").strip().lower()
    by_email = is_ratelimited(
        request,
        group=f"{form}:email",
        key=lambda _group, _request: email,
        rate=limits["per_email"],
        increment=True,
    )
    by_ip = is_ratelimited(
        request,
        group=f"{form}:ip",
        key=lambda _group, request: client_ip(request),
        rate=limits["per_ip"],
        increment=True,
    )
    return by_email or by_ip
