from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from properties import rules
from properties.models import POSTCODE


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("3011ab", "3011 AB"), ("3011 AB", "3011 AB"), (" 1234  xy ", "1234 XY")],
)
def test_postcodes_are_normalised(typed, stored):
    assert rules.normalise_postcode(typed) == stored


@pytest.mark.parametrize("bad", ["0123 AB", "123 AB", "1234 SS", "1234 SA", "1234 SD", "ABCD EF"])
def test_invalid_postcodes_are_refused(bad):
    with pytest.raises(ValidationError):
        POSTCODE(rules.normalise_postcode(bad))


def test_addresses_follow_the_bag_notation():
    assert rules.format_address("Kaaistraat", 12) == "Kaaistraat 12"
    assert rules.format_address("Kaaistraat", 12, "a") == "Kaaistraat 12A"
    assert rules.format_address("Kaaistraat", 12, "A", "2") == "Kaaistraat 12A-2"
    assert rules.format_address("Kaaistraat", 12, "", "bis") == "Kaaistraat 12-bis"


def test_the_cadastral_designation_names_the_apartment_index_only_when_there_is_one():
    assert rules.format_cadastral_designation("RTD01", "F", 1234) == "RTD01 F 1234"
    assert rules.format_cadastral_designation("ASD04", "K", 77, 5) == "ASD04 K 77 A 5"


T0 = datetime(2026, 3, 1, 11, 0, tzinfo=UTC)
T1 = datetime(2026, 3, 22, 11, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("published", "now", "phase"),
    [
        (False, T0, "draft"),
        (True, T0 - timedelta(seconds=1), "announced"),
        (True, T0, "open"),
        (True, T1 - timedelta(microseconds=1), "open"),
        (True, T1, "closed"),  # the closing moment is hard
    ],
)
def test_the_phase_of_a_round_follows_the_clock(published, now, phase):
    assert rules.round_phase(published=published, opens_at=T0, closes_at=T1, now=now) == phase


@given(st.datetimes(timezones=st.just(UTC)))
def test_rules_are_frozen_exactly_when_a_published_window_has_opened(now):
    frozen = rules.round_rules_frozen(published=True, opens_at=T0, now=now)
    assert frozen is (now >= T0)
    assert not rules.round_rules_frozen(published=False, opens_at=T0, now=now)


def test_round_problems_name_what_stops_publication():
    found = rules.round_problems(
        opens_at=T1, closes_at=T0, now=T0, property_count=0, unready_properties=["A-1"]
    )
    assert [code for code, _p in found] == ["window_order", "no_properties", "unready_properties"]


def test_a_round_with_incomplete_clauses_cannot_be_published():
    found = rules.round_problems(
        opens_at=T0,
        closes_at=T1,
        now=T0,
        property_count=1,
        unready_properties=[],
        anti_speculation="profit_share",
        penalty_daily_amount=50,
    )
    assert [code for code, _p in found] == ["profit_share_missing", "penalty_cap_missing"]
    found = rules.round_problems(
        opens_at=T0,
        closes_at=T1,
        now=T0,
        property_count=1,
        unready_properties=[],
        anti_speculation="fixed_sum",
        anti_speculation_amount=25000,
    )
    assert found == []
