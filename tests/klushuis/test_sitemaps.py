"""Search engines find the public pages through /robots.txt and /sitemap.xml, and only those."""

import re

import pytest
from django.urls import reverse

from tests.factories import PropertyFactory, SalesRoundFactory

pytestmark = pytest.mark.django_db


def test_robots_txt_announces_the_sitemap_and_keeps_crawlers_out_of_private_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Disallow: /beheer/" in text
    assert "Disallow: /inschrijvingen/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_the_sitemap_lists_public_homes_and_rounds_but_no_drafts(client):
    public = PropertyFactory(status="published")
    draft = PropertyFactory(status="draft")
    sales_round = SalesRoundFactory()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = set(re.findall(r"<loc>http://testserver(.*?)</loc>", response.content.decode()))
    assert reverse("properties:property_detail", args=[public.reference]) in locations
    assert reverse("properties:property_detail", args=[draft.reference]) not in locations
    assert reverse("properties:round_detail", args=[sales_round.slug]) in locations
    assert {reverse("home"), reverse("properties:property_list"), reverse("about")} <= locations
    for location in locations:
        assert client.get(location).status_code == 200, location


def test_time_elements_carry_no_microseconds(client):
    sales_round = SalesRoundFactory()
    html = client.get(reverse("properties:round_detail", args=[sales_round.slug])).content.decode()
    values = re.findall(r'<time datetime="([^"]+)"', html)
    assert values
    for value in values:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", value), value
