"""Oversized requests are refused early, above the forms' own limits (issue 12, row 12)."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from applications.forms import MAX_PDF_BYTES, FinancingStep
from contracts.forms import SellerSignatureForm
from contracts.rules import MAX_SIGNED_COPY_BYTES
from properties.admin import MAX_DOCUMENT_BYTES, MAX_PHOTO_BYTES

FORM_LIMITS = [MAX_PDF_BYTES, MAX_SIGNED_COPY_BYTES, MAX_DOCUMENT_BYTES, MAX_PHOTO_BYTES]


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        pytest.fail("the body was read")

    readline = read


def test_a_body_above_the_limit_is_refused_before_it_is_read(client, settings):
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    response = client.post(
        reverse("accounts:login"),
        CONTENT_LENGTH=str(100 * 1024 * 1024),
        CONTENT_TYPE="multipart/form-data; boundary=x",
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "te groot" in html
    assert "too large" in html


def test_a_body_within_the_limit_goes_through(client, settings, db):
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 200  # the login form with its own message


def test_the_request_limit_lies_above_every_forms_file_limit_and_matches_the_proxy():
    assert max(FORM_LIMITS) < django_settings.MAX_REQUEST_BYTES
    nginx = (Path(django_settings.BASE_DIR) / "docs/deploy/nginx.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1))
    assert megabytes * 1024 * 1024 == django_settings.MAX_REQUEST_BYTES


def test_file_inputs_carry_their_limits_for_the_browser_check():
    html = str(FinancingStep()["financing_statement"])
    assert f'data-max-bytes="{MAX_PDF_BYTES}"' in html
    assert f'data-max-request-bytes="{django_settings.MAX_REQUEST_BYTES}"' in html
    assert "{size}" in html  # filled in by static/js/upload-limit.js
    signed = str(SellerSignatureForm()["signed_copy"])
    assert f'data-max-bytes="{MAX_SIGNED_COPY_BYTES}"' in signed
