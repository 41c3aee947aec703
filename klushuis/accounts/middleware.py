import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from klushuis.accounts.second_factor import app_device, second_factor_required
from klushuis.accounts.sessions import Limits, session_ended, should_touch

SESSION_STARTED = "klushuis_session_started"
SESSION_LAST_SEEN = "klushuis_session_last_seen"


def session_limits(user) -> Limits:
    if second_factor_required(user):
        return Limits(settings.SESSION_STAFF_IDLE_SECONDS, settings.SESSION_STAFF_MAX_SECONDS)
    return Limits(settings.SESSION_BUYER_IDLE_SECONDS, settings.SESSION_BUYER_MAX_SECONDS)


def session_started(sender, request, user, **kwargs):
    """At login (user_logged_in): the session's lifetime counts from now."""
    now = time.time()
    request.session[SESSION_STARTED] = now
    request.session[SESSION_LAST_SEEN] = now


class SessionLifetimeMiddleware:
    """Logs out a session that was idle too long or lasted too long (accounts/sessions.py).

    The times are kept in the session itself; the first request after a login starts it.
    A logged-out visitor then meets the login page like anyone else, with a message saying why.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            session = request.session
            now = time.time()
            started = session.setdefault(SESSION_STARTED, now)
            last_seen = session.setdefault(SESSION_LAST_SEEN, now)
            ended = session_ended(
                now=now, started=started, last_seen=last_seen, limits=session_limits(user)
            )
            if ended:
                logout(request)
                if ended == "idle":
                    message = _("You were logged out after a while without activity. Log in again.")
                else:
                    message = _("You were logged out: a login lasts a limited time. Log in again.")
                messages.info(request, message)
            elif should_touch(now=now, last_seen=last_seen):
                session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


# What a user who still owes the second factor may open: the step itself, logging out, and
# what those pages load.
SECOND_FACTOR_OPEN = {
    "accounts:second_factor",
    "accounts:second_factor_setup",
    "accounts:second_factor_qr",
    "accounts:logout",
    "admin:logout",
    "set_language",
    "theme_css",
    "healthz",
}


def second_factor_owed(user) -> bool:
    """Logged in with the password, but this session has not passed the second factor yet."""
    return user.is_authenticated and not user.is_verified() and second_factor_required(user)


class SecondFactorMiddleware:
    """Staff (and anyone holding a role) reach nothing until this session passed the second
    factor: every other page sends them to enter a code, or to set up an app first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # For the header: a user on the second-factor step sees only what they can use there.
        # Lazy, so a page that does not ask costs no permission query.
        request.second_factor_owed = SimpleLazyObject(lambda: second_factor_owed(request.user))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_OPEN:
            return None
        if not second_factor_required(user):
            return None
        target = "accounts:second_factor" if app_device(user) else "accounts:second_factor_setup"
        url = reverse(target)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
