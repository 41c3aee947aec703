"""The portal's URLs plus views that fail, for tests/klushuis/test_errors.py."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import connection
from django.urls import path

from klushuis.urls import handler400, handler403, handler404, handler500  # noqa: F401
from klushuis.urls import urlpatterns as portal_urlpatterns


@login_not_required
def crash(request):
    raise RuntimeError("secret detail: /srv/klushuis/settings.py SECRET_KEY=abc")


@login_not_required
def crash_in_the_database(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


@login_not_required
def refuse(request):
    raise PermissionDenied


@login_not_required
def suspicious(request):
    raise SuspiciousOperation("tampered")


urlpatterns = [
    path("test-errors/crash/", crash),
    path("test-errors/database/", crash_in_the_database),
    path("test-errors/forbidden/", refuse),
    path("test-errors/bad/", suspicious),
    *portal_urlpatterns,
]
