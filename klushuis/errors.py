"""The portal's own error pages (400, 403, 404, 500 and a refused CSRF check), in Dutch or
English, in the portal's layout, instead of Django's bare English ones.

400, 403, 404 and the CSRF failure render the normal layout: the database is there. The 500
page must render when it is not (a lost database is a common cause of a 500), so it uses a
layout of its own without context processors or anything else that queries, and takes the
visitor's language from the language cookie alone. None of the pages shows the exception.
"""

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import get_template
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import requires_csrf_token

PAGES = {
    400: (
        _("The request could not be understood"),
        _("Your browser sent something the portal could not read. Go back and try again."),
    ),
    403: (
        _("You may not do this"),
        _(
            "You do not have permission to open this page or take this step. If you think you "
            "should, log in with the right account or contact the municipality."
        ),
    ),
    404: (
        _("Page not found"),
        _(
            "This page does not exist (any more). Check the address, or start again from the "
            "home page or the homes for sale."
        ),
    ),
    500: (
        _("Something went wrong on our side"),
        _(
            "The portal could not complete your request. Nothing you did caused this, and we "
            "have been notified. Try again in a few minutes; what you saved before is kept."
        ),
    ),
}


def _page(request, status, *, title=None, text=None):
    default_title, default_text = PAGES[status]
    context = {"status": status, "title": title or default_title, "text": text or default_text}
    return render(request, "errors/error.html", context, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _page(request, 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _page(request, 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _page(request, 404)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: usually an old page or a form open across a login or logout."""
    return _page(
        request,
        403,
        title=_("Your form has expired"),
        text=_(
            "For your security the portal only accepts a form from a page it recently "
            "sent. Go back, reload the page and send the form again. If this keeps "
            "happening, allow cookies for this site."
        ),
    )


def server_error(request):
    """Rendered with a plain context: no request context processors (branding, the user,
    messages) and no template tags that touch the database."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = settings.LANGUAGE_CODE
    title, text = PAGES[500]
    with translation.override(language):
        html = get_template("errors/500.html").render(
            {"status": 500, "title": title, "text": text, "LANGUAGE_CODE": language}
        )
    return HttpResponseServerError(html)
