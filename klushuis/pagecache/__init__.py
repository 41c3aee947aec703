"""Whole public pages for anonymous visitors, cached under a version raised on every commit.

A rush (a round opening after a newspaper article) is thousands of anonymous visitors reading
the same catalogue, round and property pages. Those pages are rendered once per version and
language and served from the cache after that, at one small query (the version) per request.

Correctness first: the figures on these pages carry legal weight, so a cached page is never
served after the change that makes it wrong.

- Every save or delete of a model public pages show (klushuis.pagecache.signals: the apps
  organisations, properties, applications, minus the rows buyers write all through a round)
  raises `ContentVersion` after its transaction commits; writes that send no signal
  (`QuerySet.update`, `bulk_create`) call `changed()` themselves.
- What changes by the clock alone (a round opening or closing, an offer's deadline) ends a
  cached page at that moment: layers register `next_change` providers.
- Logged-in visitors, pending messages, non-GET requests and anything but a 200 pass through.
- The CSRF token (the language switch and the "apply" button are POST forms) is a placeholder
  in the cached page, filled in per request with the visitor's own token.
"""

import contextlib
import hashlib
import time
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

CSRF_PLACEHOLDER = "klushuis-page-cache-csrf-placeholder"
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()

_next_change_providers: list[Callable[[datetime], datetime | None]] = []


def register_next_change(provider: Callable[[datetime], datetime | None]) -> None:
    """Register a function that answers: when does a public page next change by the clock?"""
    if provider not in _next_change_providers:
        _next_change_providers.append(provider)


def current_version() -> int:
    # One plain query: on a cached page it is most of the work (the ORM doubled it).
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM pagecache_contentversion WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def _bump() -> None:
    from klushuis.pagecache.models import ContentVersion  # noqa: PLC0415 - models load after apps

    if not ContentVersion.objects.filter(pk=1).update(version=F("version") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def changed() -> None:
    """What public pages show has changed: raise the version once this transaction commits.

    At most one raise is queued per transaction or savepoint (a save of a property and its
    figures is one change); outside a transaction it happens at once.
    """
    if connection.in_atomic_block:
        here = set(connection.savepoint_ids)
        if any(func is _bump and sids == here for sids, func, _robust in connection.run_on_commit):
            return
    transaction.on_commit(_bump)


def _seconds_to_keep(now: datetime) -> float:
    seconds = float(settings.PAGE_CACHE_SECONDS)
    for provider in _next_change_providers:
        moment = provider(now)
        if moment is not None:
            seconds = min(seconds, (moment - now).total_seconds())
    return seconds


def _cacheable(request) -> bool:
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if request.user.is_authenticated:
        return False
    # A message waiting to be shown (after a logout, say) belongs to this visitor alone.
    return len(get_messages(request)) == 0


def _key(request, version: int) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{version}:{translation.get_language()}:{path}"


def _fill_csrf(request, response) -> HttpResponse:
    if _PLACEHOLDER_BYTES in response.content:
        response.content = response.content.replace(_PLACEHOLDER_BYTES, get_token(request).encode())
    return response


def anonymous_page(view):
    """Serve this public view's page to anonymous visitors from the cache (see module doc)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request, current_version())
        try:
            entry = cache.get(key)
        except Exception:
            entry = None
        if entry is not None and entry[0] > time.time():
            _expires, content, content_type = entry
            return _fill_csrf(request, HttpResponse(content, content_type=content_type))
        request.page_cache_render = True
        response = view(request, *args, **kwargs)
        request.page_cache_render = False
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            # Something read the real token: the page is this visitor's own.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.has_header("Cache-Control")
        ):
            seconds = _seconds_to_keep(timezone.now())
            if seconds >= 1:
                entry = (time.time() + seconds, response.content, response["Content-Type"])
                with contextlib.suppress(Exception):  # Redis down: served, just not kept
                    cache.set(key, entry, timeout=int(seconds) + 1)
        return _fill_csrf(request, response)

    return wrapped


def csrf_placeholder(request):
    """Context processor: while a page is rendered for the cache, its CSRF token is a
    placeholder (filled in per request by `anonymous_page`)."""
    if getattr(request, "page_cache_render", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}
