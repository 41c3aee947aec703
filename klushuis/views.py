"""Site-wide views: home page, language switch, branding stylesheet and health check."""

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_POST

from klushuis.accounts.services import user_set_language
from klushuis.middleware import set_language_cookie
from klushuis.organisations.colours import darken
from klushuis.organisations.models import Organisation
from properties import rules as property_rules
from properties import selectors


@login_not_required
@require_GET
def home(request):
    now = timezone.now()
    return render(
        request,
        "home.html",
        {
            "now": now,
            "rounds": selectors.round_list_open_for_home(now).order_by("opens_at")[:4],
            "latest": selectors.property_list_public()
            .filter(status__in=property_rules.FOR_SALE_STATUSES)
            .order_by("-created_at", "reference")[:3],
        },
    )


@login_not_required
@require_POST
def set_language(request):
    """Remember the chosen language in a cookie (and the account), then go back."""
    language = request.POST.get("language")
    if language not in {code for code, _name in settings.LANGUAGES}:
        return HttpResponseBadRequest("Unknown language")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    set_language_cookie(response, language)
    user_set_language(user=request.user, language=language)
    return response


@login_not_required
@require_GET
@cache_control(public=True, max_age=3600)
def theme_css(request, slug):
    """The organisation's house colour as CSS variables.

    A stylesheet rather than an inline style attribute, because the Content Security Policy
    allows no inline styles.
    """
    organisation = get_object_or_404(Organisation, slug=slug)
    colour = organisation.primary_colour
    css = (
        ":root{"
        f"--kh-primary:{colour};"
        f"--kh-primary-dark:{darken(colour, 0.8)};"
        f"--bs-primary:{colour};"
        f"--bs-link-color:{colour};"
        f"--bs-link-hover-color:{darken(colour, 0.8)};"
        "}"
    )
    return HttpResponse(css, content_type="text/css; charset=utf-8")


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return f"error: {error.__class__.__name__}"
    return "ok"


def _check_broker() -> str:
    if not settings.REDIS_URL:
        # No broker configured: tasks run eagerly in the web process, by design.
        return "eager"
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
        )
        client.ping()
    except redis.RedisError as error:
        return f"error: {error.__class__.__name__}"
    return "ok"


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """Database and broker state as JSON; 503 when either is down, for monitoring."""
    checks = {"database": _check_database(), "broker": _check_broker()}
    healthy = all(not value.startswith("error") for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


@login_not_required
@require_GET
@cache_control(max_age=86400, public=True)
def security_txt(request):
    """How to report a vulnerability (RFC 9116), from the settings."""
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_TXT_CONTACT]
    lines += [
        f"Expires: {settings.SECURITY_TXT_EXPIRES}",
        f"Preferred-Languages: {', '.join(settings.SECURITY_TXT_LANGUAGES)}",
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
