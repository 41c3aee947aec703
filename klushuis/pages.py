"""Plain information pages (how it works, privacy, accessibility, how to verify the lottery):
shared by the site and by the apps that link their own page to one."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.template.loader import select_template
from django.utils import translation
from django.views.decorators.http import require_GET

# The privacy statement is generated per municipality: klushuis.privacy.views.statement.
INFORMATION_PAGES = {"about", "accessibility", "lottery"}


@login_not_required
@require_GET
def information_page(request, page):
    """Plain information pages, written per language (long prose does not fit a catalogue)."""
    if page not in INFORMATION_PAGES:
        raise Http404
    language = translation.get_language() or settings.LANGUAGE_CODE
    template = select_template([f"pages/{page}.{language}.html", f"pages/{page}.nl.html"])
    return HttpResponse(template.render({}, request))
