"""The second-factor step after the password, setting up an app, and recovery codes."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.utils import reset as axes_reset
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from klushuis.accounts import second_factor as service
from klushuis.accounts.throttle import second_factor_credentials

# Recovery codes are shown once, right after they were made, from the session.
RECOVERY_CODES_SESSION_KEY = "klushuis_recovery_codes"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
    )


def _next_url(request, default="accounts:account"):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _wait_message(seconds):
    """After wrong codes a device refuses every code for a few seconds, the right one too."""
    return ngettext(
        "Too many wrong codes in a row: wait %(seconds)d second and type the code again.",
        "Too many wrong codes in a row: wait %(seconds)d seconds and type the code again.",
        seconds,
    ) % {"seconds": seconds}


def _locked_out(request, credentials):
    """Too many wrong codes: end the half-logged-in session and show the lockout page."""
    logout(request)
    return locked_out(request, None, credentials)


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows a locked-out login (AXES_LOCKOUT_CALLABLE): in Dutch or
    English, saying how long the block lasts and what to do meanwhile."""
    minutes = max(1, round(get_cool_off(request).total_seconds() / 60))
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """After the password: a code from the app or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if service.app_device(user) is None:
        return redirect("accounts:second_factor_setup")
    credentials = second_factor_credentials(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if AxesProxyHandler.is_locked(request, credentials):
            return _locked_out(request, credentials)
        if form.is_valid():
            code = form.cleaned_data["code"]
            wait = service.seconds_before_checking(user=user, token=code)
            device = None if wait else service.second_factor_check(user=user, token=code)
            if wait:
                form.add_error("code", _wait_message(wait))
            elif device is None:
                user_login_failed.send(sender=__name__, credentials=credentials, request=request)
                if getattr(request, "axes_locked_out", False):
                    return _locked_out(request, credentials)
                form.add_error(
                    "code",
                    _(
                        "This code is not right. Codes change every 30 seconds: use the one your "
                        "app shows now, or one of your recovery codes."
                    ),
                )
            else:
                otp_login(request, device)
                axes_reset(username=credentials["username"])
                if isinstance(device, StaticDevice):
                    messages.warning(
                        request,
                        _(
                            "You logged in with a recovery code; %(count)s are left. Make new "
                            "ones, or set up your app again, on your account page."
                        )
                        % {"count": service.recovery_codes_left(user)},
                    )
                return redirect(_next_url(request))
    return render(
        request,
        "accounts/second_factor_verify.html",
        {"form": form, "next": _next_url(request, default="")},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def setup(request):
    """Set up an authenticator app: QR code and typed-out secret, confirmed with a code.

    Someone who has an app already may only replace it after passing the second factor.
    """
    user = request.user
    if not service.second_factor_required(user):
        return redirect("accounts:account")
    if service.app_device(user) is not None and not user.is_verified():
        return redirect("accounts:second_factor")
    device = service.second_factor_enrolment_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if wait := service.seconds_to_wait(device):
            form.add_error("code", _wait_message(wait))
        else:
            try:
                device, codes = service.second_factor_enrolment_confirm(
                    user=user, token=form.cleaned_data["code"]
                )
            except ValueError:
                form.add_error(
                    "code",
                    _(
                        "This code is not right. Check that the app shows the portal's account, "
                        "and type the code it shows now."
                    ),
                )
            else:
                otp_login(request, device)
                request.session[RECOVERY_CODES_SESSION_KEY] = codes
                messages.success(request, _("Your authenticator app is set up."))
                return redirect(_with_next(request, "accounts:second_factor_recovery_codes"))
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "secret": service.secret_for_display(device),
            "next": _next_url(request, default=""),
        },
    )


def _with_next(request, name):
    url = reverse(name)
    if next_url := _next_url(request, default=""):
        url += "?" + urlencode({"next": next_url})
    return url


@never_cache
@require_GET
def qr_code(request):
    """The QR code of the app being set up; never of one already confirmed."""
    user = request.user
    if not service.second_factor_required(user) or (
        service.app_device(user) is not None and not user.is_verified()
    ):
        raise Http404
    device = service.second_factor_enrolment_start(user=user)
    response = HttpResponse(service.qr_code_svg(device), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store, private"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """The new recovery codes, once: shown, downloadable and printable until "Continue"."""
    codes = request.session.get(RECOVERY_CODES_SESSION_KEY)
    if request.method == "POST":
        request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
        return redirect(_next_url(request))
    if not codes:
        return redirect("accounts:account")
    if request.GET.get("download"):
        text = _("Recovery codes for the klushuis portal (%(email)s). Each works once.") % {
            "email": request.user.email
        }
        response = HttpResponse(
            "\n".join([text, "", *codes, ""]), content_type="text/plain; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="herstelcodes-klushuis.txt"'
        response["Cache-Control"] = "no-store, private"
        return response
    return render(
        request,
        "accounts/second_factor_recovery_codes.html",
        {"codes": codes, "next": _next_url(request, default="")},
    )


@require_POST
def new_recovery_codes(request):
    """New recovery codes from the account page (the session passed the second factor)."""
    if not request.user.is_verified():
        return redirect("accounts:second_factor")
    codes = service.second_factor_new_recovery_codes(user=request.user)
    request.session[RECOVERY_CODES_SESSION_KEY] = codes
    return redirect("accounts:second_factor_recovery_codes")
