import pytest
from weasyprint.urls import FatalURLFetchingError

from klushuis.pdf import render_pdf, static_path


def test_it_renders_html_with_the_portals_own_stylesheet():
    pdf = render_pdf(
        '<html lang="nl"><head><title>T</title><link rel="stylesheet" href="css/portal.css">'
        "</head><body><h1>Koopovereenkomst</h1></body></html>"
    )
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/secret.png",
        "../../../../etc/hostname",
        "/etc/hostname",
        "data:image/png;base64,iVBORw0KGgo=",
    ],
)
def test_it_refuses_anything_but_static_files(url):
    with pytest.raises(FatalURLFetchingError):
        render_pdf(f'<html><body><img src="{url}" alt=""></body></html>')


def test_static_path_stays_inside_the_static_folder(settings):
    root = settings.STATICFILES_DIRS[0]
    assert static_path((root / "css" / "portal.css").as_uri()) is not None
    assert static_path((root / ".." / "manage.py").resolve().as_uri()) is None
