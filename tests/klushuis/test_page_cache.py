"""Public pages cached for anonymous visitors (klushuis.pagecache): fast, and never stale.

The suite runs with the cache off (PAGE_CACHE_SECONDS=0); these tests turn it on. A change is
made inside `django_capture_on_commit_callbacks(execute=True)`, which runs what the commit
would run, as a real commit does; the last test commits for real.
"""

import contextlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Offer, StatusChange
from klushuis import pagecache
from klushuis.organisations.models import Organisation
from klushuis.pagecache import CSRF_PLACEHOLDER, current_version, signals
from properties import services
from properties.models import PropertyFigures, PropertyPhoto
from tests.factories import PropertyFactory, SalesRoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(municipality):
    return PropertyFactory(
        municipality=municipality, reference="PC-1", figures={"purchase_price": 110000}
    )


@pytest.fixture
def sales_round(municipality, home):
    return SalesRoundFactory(municipality=municipality, slug="pc-ronde", homes=[home])


def _pages(home, sales_round):
    return [
        reverse("properties:property_list"),
        reverse("properties:property_detail", args=[home.reference]),
        reverse("properties:round_detail", args=[sales_round.slug]),
        reverse("properties:round_list"),
    ]


def _new_figures(home, price, user):
    figures = {name: getattr(home.current_figures, name) for name in services.FIGURE_FIELDS}
    figures["purchase_price"] = Decimal(price)
    services.property_figures_update(
        property=home, figures=figures, actor=user, reason="Taxatie herzien"
    )


def test_a_second_anonymous_visit_costs_one_query_whatever_the_page(
    client, home, sales_round, django_assert_num_queries
):
    for url in _pages(home, sales_round):
        first = client.get(url)
        assert first.status_code == 200
        with django_assert_num_queries(1):  # the version
            again = client.get(url)
        assert again.status_code == 200
        assert again.content.decode().count(
            'name="csrfmiddlewaretoken"'
        ) == first.content.decode().count('name="csrfmiddlewaretoken"')


def test_a_change_of_figures_shows_on_the_very_next_request(
    client, home, sales_round, municipal_staff, django_capture_on_commit_callbacks
):
    pages = _pages(home, sales_round)[:3]
    for url in pages:
        assert "110.000" in client.get(url).content.decode()
    before = current_version()
    with django_capture_on_commit_callbacks(execute=True):
        _new_figures(home, 125000, municipal_staff)
    assert current_version() == before + 1  # once per commit, not once per row
    for url in pages:
        html = client.get(url).content.decode()
        assert "125.000" in html
        assert "110.000" not in html.split("Eerdere versies")[0] or "versie 2" in html


def test_a_change_of_status_shows_on_the_very_next_request(
    client, home, municipal_staff, django_capture_on_commit_callbacks
):
    url = reverse("properties:property_detail", args=[home.reference])
    assert client.get(url).status_code == 200
    assert home.reference in client.get(reverse("properties:property_list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.property_transition(property=home, to="withdrawn", actor=municipal_staff)
    assert client.get(url).status_code == 404
    assert home.reference not in client.get(reverse("properties:property_list")).content.decode()


def test_a_new_photo_shows_on_the_very_next_request(
    client, home, django_capture_on_commit_callbacks
):
    url = reverse("properties:property_detail", args=[home.reference])
    assert "Achtergevel met tuin" not in client.get(url).content.decode()
    # Its own transaction, as a form's save is in a request.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        photo = PropertyPhoto(property=home, alt_text="Achtergevel met tuin")
        photo.image.save("a.jpg", ContentFile(b"not read here"), save=True)
    assert "Achtergevel met tuin" in client.get(url).content.decode()


def test_a_rolled_back_change_leaves_the_cache_alone(
    client, home, django_capture_on_commit_callbacks
):
    before = current_version()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        home.title = "Niet bewaard"
        home.save()
        raise RuntimeError
    assert callbacks == []
    assert current_version() == before


def test_buyers_writing_applications_do_not_empty_the_cache():
    assert not signals.watched(Application)
    assert not signals.watched(StatusChange)
    assert signals.watched(PropertyFigures)
    assert signals.watched(Offer)
    assert signals.watched(Organisation)


def test_a_round_page_ends_when_the_round_opens_by_the_clock(client, municipality, home):
    opens = timezone.now() + timedelta(seconds=40)
    SalesRoundFactory(
        municipality=municipality,
        slug="straks",
        opens_at=opens,
        closes_at=opens + timedelta(days=7),
        homes=[home],
    )
    seconds = pagecache._seconds_to_keep(timezone.now())
    assert 30 < seconds <= 40


def test_logged_in_visitors_and_their_tokens_are_never_cached(
    client, client_for, applicant, home, django_assert_num_queries
):
    url = reverse("properties:property_detail", args=[home.reference])
    client.get(url)
    buyer = client_for(applicant)
    html = buyer.get(url).content.decode()
    assert applicant.email in html or "Uitloggen" in html or "Log out" in html
    assert CSRF_PLACEHOLDER not in html


def test_each_anonymous_visitor_gets_a_working_token_of_their_own(client, home, sales_round):
    from django.test import Client  # noqa: PLC0415 - a second browser, with its own cookies

    url = reverse("properties:round_detail", args=[sales_round.slug])
    first = client.get(url)
    other = Client(enforce_csrf_checks=True)
    second = other.get(url)
    for response in (first, second):
        html = response.content.decode()
        assert CSRF_PLACEHOLDER not in html
        assert 'name="csrfmiddlewaretoken" value="' in html
    # The cached page's form works for the second visitor: the language switch.
    token = second.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    switched = other.post(
        reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": token, "next": url}
    )
    assert switched.status_code == 302
    assert "Sales round" in other.get(url).content.decode() or other.get(url).status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_committed_change_shows_on_the_next_request(client, municipality, municipal_staff):
    home = PropertyFactory(
        municipality=municipality, reference="PC-9", figures={"purchase_price": 99000}
    )
    url = reverse("properties:property_detail", args=[home.reference])
    assert "99.000" in client.get(url).content.decode()
    assert "99.000" in client.get(url).content.decode()  # from the cache
    _new_figures(home, 101000, municipal_staff)  # commits: no test transaction around it
    assert "101.000" in client.get(url).content.decode()
