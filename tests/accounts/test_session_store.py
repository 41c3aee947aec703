"""The session engine reads its row as Django's database engine does."""

from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from klushuis.accounts.session_store import SessionStore


def test_a_session_reads_back_what_was_saved(db, django_assert_num_queries):
    session = SessionStore()
    session["language"] = "nl"
    session.create()
    with django_assert_num_queries(1):
        loaded = SessionStore(session.session_key)
        assert loaded["language"] == "nl"
    assert loaded.session_key == session.session_key
    assert DjangoStore(session.session_key)["language"] == "nl"


def test_an_expired_or_unknown_session_is_empty_and_gets_a_new_key(db):
    session = SessionStore()
    session["language"] = "en"
    session.create()
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    for key in (session.session_key, "unknown-session-key-12345"):
        loaded = SessionStore(key)
        assert dict(loaded.items()) == {}
        assert loaded.session_key is None
        assert DjangoStore(key).load() == {}


def test_the_portal_uses_it(settings, client):
    assert settings.SESSION_ENGINE == "klushuis.accounts.session_store"
