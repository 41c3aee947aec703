"""/.well-known/security.txt (RFC 9116) and the check that keeps it from going stale."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from klushuis.checks import security_txt_expiry


def test_security_txt_says_whom_to_contact_until_when_in_dutch_or_english(client, settings):
    settings.SECURITY_TXT_CONTACT = ["mailto:security@havenstad.nl", "https://havenstad.nl/cvd"]
    settings.SECURITY_TXT_EXPIRES = "2027-06-30T22:00:00Z"
    settings.SITE_URL = "https://klushuis.havenstad.nl"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "Contact: mailto:security@havenstad.nl",
        "Contact: https://havenstad.nl/cvd",
        "Expires: 2027-06-30T22:00:00Z",
        "Preferred-Languages: nl, en",
        "Canonical: https://klushuis.havenstad.nl/.well-known/security.txt",
    ]
    assert reverse("security_txt") == "/.well-known/security.txt"


def _iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_check_warns_when_security_txt_is_near_or_past_its_expiry(settings):
    now = timezone.now()
    settings.SECURITY_TXT_EXPIRES = _iso(now + timedelta(days=200))
    assert security_txt_expiry() == []
    settings.SECURITY_TXT_EXPIRES = _iso(now + timedelta(days=10))
    assert [m.id for m in security_txt_expiry()] == ["klushuis.W002"]
    settings.SECURITY_TXT_EXPIRES = _iso(now - timedelta(days=1))
    assert [m.id for m in security_txt_expiry()] == ["klushuis.W001"]
    settings.SECURITY_TXT_EXPIRES = "volgend jaar"
    assert [m.id for m in security_txt_expiry()] == ["klushuis.E002"]
