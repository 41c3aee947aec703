from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from klushuis.accounts import second_factor, services
from klushuis.accounts.extensions import LANDING_PAGE
from klushuis.accounts.forms import (
    LoginForm,
    ProfileForm,
    RegistrationForm,
    ResendVerificationForm,
)
from klushuis.accounts.throttle import rate_limited
from klushuis.accounts.tokens import read_verification_token
from klushuis.middleware import set_language_cookie

public = method_decorator(login_not_required, name="dispatch")


def safe_next(request, value=None) -> str:
    """The `next` URL of this request if it stays on this site, else "" (never a redirect to
    another host: an open redirect would lend phishing our address)."""
    if value is None:
        value = request.POST.get("next") or request.GET.get("next") or ""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


@public
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # Without `next`: the layers above may send the user somewhere first (a buyer with an
        # offer to answer sees it); everyone else goes to their account.
        user = self.request.user
        default = super().get_default_redirect_url()
        if not user.is_authenticated:
            return default
        return LANDING_PAGE.answer(default, user=user)


@login_not_required
@require_http_methods(["GET", "POST"])
def register(request):
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "accounts:account")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, form="register", email=form.cleaned_data["email"]):
            return _too_many(request, "accounts/register.html", form)
        services.user_register(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
            language=translation.get_language(),
            next_url=next_url,
        )
        # The same answer whether or not the address already had an account.
        request.session["registered_email"] = form.cleaned_data["email"]
        request.session["registered_next"] = next_url
        return redirect("accounts:register_done")
    return render(request, "accounts/register.html", {"form": form, "next": next_url})


@login_not_required
def register_done(request):
    return render(
        request,
        "accounts/register_done.html",
        {
            "email": request.session.get("registered_email"),
            "next": safe_next(request, request.session.get("registered_next", "")),
        },
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def verify(request, token):
    # GET only shows a button: mail scanners that follow links must not confirm an address.
    found = read_verification_token(token)
    if found is None:
        return render(request, "accounts/verify_invalid.html", status=400)
    # Where the buyer was going when they registered (carried in the link), after login.
    next_url = safe_next(request)
    if request.method == "POST":
        user = services.user_verify_email(user_id=found[0], email=found[1])
        if user is None:
            return render(request, "accounts/verify_invalid.html", status=400)
        messages.success(request, _("Your e-mail address is confirmed. You can now log in."))
        login_url = reverse("accounts:login")
        return redirect(f"{login_url}?{urlencode({'next': next_url})}" if next_url else login_url)
    return render(request, "accounts/verify_confirm.html", {"email": found[1], "next": next_url})


@login_not_required
@require_http_methods(["GET", "POST"])
def verify_resend(request):
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, form="verify_resend", email=form.cleaned_data["email"]):
            return _too_many(request, "accounts/verify_resend.html", form)
        services.user_resend_verification(email=form.cleaned_data["email"])
        request.session["registered_email"] = form.cleaned_data["email"]
        return redirect("accounts:register_done")
    return render(request, "accounts/verify_resend.html", {"form": form})


@require_http_methods(["GET", "POST"])
def account(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(
            user=request.user,
            full_name=form.cleaned_data["full_name"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Your details have been saved."))
        response = redirect("accounts:account")
        set_language_cookie(response, form.cleaned_data["language"])
        return response
    return render(
        request,
        "accounts/account.html",
        {"form": form, "second_factor": second_factor.summary(request.user)},
    )


def _too_many(request, template, form):
    """A rate limit was reached: the form again, as filled in, with a clear message."""
    form.add_error(
        None,
        _(
            "You have sent this form too often in a short time. Wait an hour and try again; "
            "check your spam folder for the e-mails already sent."
        ),
    )
    return render(request, template, {"form": form}, status=429)


@public
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if rate_limited(self.request, form="password_reset", email=email):
            return _too_many(self.request, self.template_name, form)
        # The mail is sent by a task after commit, not inside this request.
        services.user_password_reset_request(email=email)
        return redirect(self.success_url)


@public
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@public
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@public
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)
