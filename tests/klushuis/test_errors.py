"""The portal's own error pages, as a visitor sees them in production (DEBUG off)."""

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.klushuis.error_urls")]


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


@pytest.fixture
def visitor(client):
    client.raise_request_exception = False
    return client


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_a_missing_page_answers_in_dutch_in_the_portals_layout(visitor):
    response = visitor.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html
    assert "site-header" in html
    assert "site-footer" in html
    assert reverse("properties:property_list") in html


def test_a_missing_page_answers_in_english_for_a_visitor_who_chose_english(visitor):
    response = english(visitor).get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert '<html lang="en">' in response.content.decode()


def test_a_refused_step_and_a_bad_request_have_their_own_pages(visitor):
    forbidden = visitor.get("/test-errors/forbidden/")
    assert forbidden.status_code == 403
    assert "U mag dit niet doen" in forbidden.content.decode()
    bad = visitor.get("/test-errors/bad/")
    assert bad.status_code == 400
    assert "Het verzoek kon niet worden gelezen" in bad.content.decode()


def test_an_expired_form_says_what_to_do(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Uw formulier is verlopen" in html
    assert "site-header" in html
    assert "CSRF" not in html


def test_a_server_error_leaks_nothing(visitor):
    response = visitor.get("/test-errors/crash/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis aan onze kant" in html
    assert "site-header" in html
    for secret in ("secret detail", "SECRET_KEY", "/srv/", "Traceback", "RuntimeError"):
        assert secret not in html


@pytest.mark.parametrize(
    ("language", "title"), [("nl", "Er ging iets mis"), ("en", "Something went")]
)
def test_the_server_error_page_renders_while_the_database_is_down(
    visitor, monkeypatch, django_assert_num_queries, language, title
):
    def unavailable(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    visitor.cookies["django_language"] = language
    with django_assert_num_queries(0):
        monkeypatch.setattr(connection, "ensure_connection", unavailable)
        response = visitor.get("/test-errors/database/")
        monkeypatch.undo()
    assert response.status_code == 500
    html = response.content.decode()
    assert title in html
    assert f'<html lang="{language}">' in html
    assert "Connection refused" not in html


def test_the_server_error_page_renders_for_a_logged_in_visitor_while_the_database_is_down(
    visitor, client_for, applicant, monkeypatch
):
    """Their session cannot even be read: the error happens before any view runs."""
    client = client_for(applicant)
    client.raise_request_exception = False

    def unavailable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "ensure_connection", unavailable)
    response = client.get(reverse("applications:dashboard"))
    assert response.status_code == 500
    assert "Er ging iets mis aan onze kant" in response.content.decode()
