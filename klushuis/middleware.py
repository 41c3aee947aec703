from django.conf import settings
from django.http import HttpResponse
from django.utils import translation


def set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=False,
    )


class LanguageMiddleware:
    """Dutch unless the visitor chose otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language header, which would show a
    Dutch municipality's site in English to everyone with an English browser. Here only an
    explicit choice counts: the language cookie set by the language switch, or the language a
    logged-in user saved in their account.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        translation.deactivate()
        return response


# Shown before the language is known (the session is not read yet), so in both languages.
_TOO_LARGE = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Te groot / Too large</title></head>
<body>
<h1>Wat u verstuurt is te groot</h1>
<p>Het formulier met de bestanden is samen groter dan {size}. Ga terug en verstuur minder of
kleinere bestanden tegelijk.</p>
<h1 lang="en">What you are sending is too large</h1>
<p lang="en">The form with its files adds up to more than {size}. Go back and send fewer or
smaller files at a time.</p>
</body></html>
"""


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body exceeds MAX_REQUEST_BYTES before reading any of it.

    Django reads an upload to the end before a form can look at its size, so a 100 MB body
    would otherwise tie up a worker while it arrives. The limit is above every form's own file
    limit, so an oversized file within it still gets the form's own message with the rest of
    the form kept. A body without Content-Length (chunked) is limited by the proxy
    (client_max_body_size in docs/deploy/nginx.conf).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_REQUEST_BYTES
        if length > limit:
            size = f"{limit // (1024 * 1024)} MB"
            return HttpResponse(
                _TOO_LARGE.format(size=size), status=413, content_type="text/html; charset=utf-8"
            )
        return self.get_response(request)
