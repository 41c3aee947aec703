import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_site_is_dutch_by_default_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.headers["Content-Language"] == "nl"
    assert '<html lang="nl">' in response.content.decode()


def test_the_language_switch_remembers_english_and_returns_to_the_page(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/privacy/"})
    assert response.url == "/privacy/"
    response = client.get("/")
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


def test_the_language_switch_does_not_redirect_to_another_site(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_the_language_switch_saves_the_choice_for_a_logged_in_user(client_for, applicant):
    client_for(applicant).post(reverse("set_language"), {"language": "en", "next": "/"})
    applicant.refresh_from_db()
    assert applicant.language == "en"


def test_an_unknown_language_is_refused(client):
    assert client.post(reverse("set_language"), {"language": "xx"}).status_code == 400


def test_pages_carry_the_municipalitys_name_and_house_colour(client, municipality):
    html = client.get("/").content.decode()
    assert "Gemeente Havenstad" in html
    assert reverse("theme_css", args=[municipality.slug]) in html
    css = client.get(reverse("theme_css", args=[municipality.slug]))
    assert css.headers["Content-Type"].startswith("text/css")
    assert f"--kh-primary:{municipality.primary_colour}" in css.content.decode()


def test_a_strict_content_security_policy_is_sent(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("name", ["about", "privacy", "accessibility"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_information_pages_exist_in_both_languages(client, name, language):
    client.cookies["django_language"] = language
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


def test_healthz_reports_database_and_broker(client, settings):
    response = client.get(reverse("healthz"))
    data = json.loads(response.content)
    assert data["database"] == "ok"
    # CI sets REDIS_URL and runs a real Redis; without it the portal runs tasks eagerly.
    assert data["broker"] == ("ok" if settings.REDIS_URL else "eager")
    assert response.status_code == 200


def test_healthz_answers_503_when_the_broker_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert json.loads(response.content)["broker"].startswith("error")
