"""Signed links for round alerts: confirming and unsubscribing need no stored token."""

from django.core import signing

_CONFIRM = "klushuis.properties.alert-confirm"
_UNSUBSCRIBE = "klushuis.properties.alert-unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def make_confirm_token(subscription) -> str:
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=_CONFIRM)


def read_confirm_token(token: str):
    try:
        data = signing.loads(token, salt=_CONFIRM, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    return data["s"], data["e"]


def make_unsubscribe_token(subscription) -> str:
    # No expiry: an unsubscribe link in an old e-mail must keep working.
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=_UNSUBSCRIBE)


def read_unsubscribe_token(token: str):
    try:
        data = signing.loads(token, salt=_UNSUBSCRIBE)
    except signing.BadSignature:
        return None
    return data["s"], data["e"]
