"""The staff site (/beheer/) as a browser loads it."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _icon(page: str) -> str:
    found = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert found, "no favicon link: the browser asks for /favicon.ico and gets a 404"
    return found.group(1)


@pytest.mark.parametrize("url_name", ["admin:index", "admin:login", "home"])
def test_every_page_names_a_favicon_that_is_a_static_file(client_for, municipal_staff, url_name):
    client = client_for(municipal_staff if url_name == "admin:index" else None)
    icon = _icon(client.get(reverse(url_name)).content.decode())
    assert icon.startswith(settings.STATIC_URL)
    assert finders.find(icon.removeprefix(settings.STATIC_URL))
