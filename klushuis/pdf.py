"""PDF rendering, shared by the purchase agreements and letters (`contracts`) and the draw
reports (`applications.lottery.reports`): the only module that imports WeasyPrint.

WeasyPrint is imported inside the functions that use it, not at the top: it takes about a
second to load (Pango, fonts), and most processes (web requests, the demo's other steps,
most tests) never render a PDF.

WeasyPrint's default URL fetcher reads file:// and remote URLs, which would let a template
(or text staff typed into one) embed files from the server or call out to the network. The
fetcher here serves only the project's own static files and fails the render on anything else.
"""

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings

MIME_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}


def _roots() -> list[Path]:
    return [Path(root).resolve() for root in settings.STATICFILES_DIRS]


def base_url() -> str:
    """Relative URLs in PDF templates ("css/pdf.css") resolve inside the static folder."""
    return _roots()[0].as_uri() + "/"


def static_path(url: str) -> Path | None:
    """The file a file:// URL names, if it is one of the portal's static files; else None."""
    parsed = urlparse(url)
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parsed.path)).resolve()
    for root in _roots():
        if path.is_relative_to(root) and path.is_file():
            return path
    return None


@cache
def _fetcher_class():
    # Lazily: see the module's docstring (WeasyPrint's cost).
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: PLC0415

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            found = static_path(url)
            if found is None:
                raise ValueError(f"PDF templates may only load the portal's static files: {url}")
            mime = MIME_TYPES.get(found.suffix.lower(), "application/octet-stream")
            return URLFetcherResponse(url, found.read_bytes(), {"Content-Type": mime})

    return StaticOnlyFetcher


def render_pdf(html: str) -> bytes:
    """Render HTML to tagged PDF bytes; relative URLs resolve against the static files.

    Raises weasyprint.urls.FatalURLFetchingError when the HTML refers to anything else.
    """
    # Lazily: see the module's docstring (WeasyPrint's cost).
    import weasyprint  # noqa: PLC0415

    fetcher = _fetcher_class()(fail_on_errors=True, allowed_protocols={"file"})
    document = weasyprint.HTML(string=html, base_url=base_url(), url_fetcher=fetcher)
    return document.write_pdf(pdf_variant="pdf/ua-1")
