"""The admin's own JavaScript speaks Dutch too: Django 5.2's Dutch catalogue lacks the filter
boxes' texts ("Choose all %s"), which locale/nl/LC_MESSAGES/djangojs.po fills in."""

from django.urls import reverse


def test_the_pickers_filter_boxes_are_in_dutch(client_for, bureau_staff):
    catalogue = client_for(bureau_staff).get(reverse("admin:jsi18n")).content.decode()
    assert "Alle %s kiezen" in catalogue
    assert "Kies %s door ze te selecteren" in catalogue
    assert "Choose all %s" in catalogue  # the key, translated beside it
