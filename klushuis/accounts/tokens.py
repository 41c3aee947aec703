"""Signed e-mail verification links.

The link carries the user's id and the address it was sent to, signed with the secret key and
timestamped; it needs no table. Changing the address invalidates older links because the
address inside no longer matches.
"""

from django.conf import settings
from django.core import signing

_SALT = "klushuis.accounts.verify-email"


def make_verification_token(user) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=_SALT, compress=True)


def read_verification_token(token: str) -> tuple[int, str] | None:
    """The (user id, e-mail) the token was made for, or None if it is forged or expired."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=settings.ACCOUNT_VERIFICATION_MAX_AGE)
    except signing.BadSignature:
        return None
    return data["u"], data["e"]
