import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from applications import rules


def test_references_are_random_pseudonyms_fit_for_the_lottery():
    refs = {rules.new_reference() for _ in range(2000)}
    assert len(refs) == 2000
    assert all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", r) for r in refs)


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(2008, 3, 1), date(2026, 2, 28), 17),
        (date(2008, 3, 1), date(2026, 3, 1), 18),  # the 18th birthday counts
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
    ],
)
def test_age_on_a_day(born, day, age):
    assert rules.age_on(born, day) == age


HOMES = [
    rules.Home("P-1", "Kaaistraat 1", Decimal(150000), Decimal(90000)),
    rules.Home("P-2", "Kaaistraat 2", Decimal(200000), Decimal(120000)),
]
RULES = rules.Rules(
    minimum_age=18,
    financing_must_cover_budget=True,
    one_application_per_household=True,
    first_time_buyers_only=False,
)


def findings(**changes):
    arguments = {
        "rules": RULES,
        "people": [rules.Person("Anna de Vries", date(1990, 1, 1), "anna@example.test")],
        "homes": HOMES,
        "max_mortgage": Decimal(220000),
        "own_funds": Decimal(30000),
        "reference_day": date(2026, 12, 1),
        "has_financing_statement": True,
        "owns_home": False,
        "declarations": True,
        "duplicates": [],
    }
    return rules.check(**{**arguments, **changes})


def test_a_home_the_financing_does_not_cover_drops_out_but_the_application_stands():
    found = findings()
    covered = {f.params["address"]: f.ok for f in found if f.code == "financing_covers_home"}
    assert covered == {"Kaaistraat 1": True, "Kaaistraat 2": False}
    assert rules.all_passed(found)


def test_financing_that_covers_no_home_fails_the_application():
    assert not rules.all_passed(findings(max_mortgage=Decimal(100000)))


@pytest.mark.parametrize(
    "changes",
    [
        {"people": [rules.Person("Jong", date(2009, 1, 1), "j@example.test")]},
        {"duplicates": ["K7F3-Q9XM"]},
        {"has_financing_statement": False},
        {"declarations": False},
    ],
)
def test_each_failed_check_fails_the_application(changes):
    assert not rules.all_passed(findings(**changes))


def test_first_time_buyers_only_refuses_home_owners():
    strict = rules.Rules(18, True, True, first_time_buyers_only=True)
    assert not rules.all_passed(findings(rules=strict, owns_home=True))
    assert rules.all_passed(findings(rules=strict, owns_home=False))


money = st.decimals(min_value=0, max_value=2_000_000, places=0)


@given(money, money, money)
def test_more_money_never_covers_fewer_homes(mortgage, funds, extra):
    fewer = rules.covered_homes(HOMES, mortgage, funds, True)
    more = rules.covered_homes(HOMES, mortgage + extra, funds, True)
    assert {h.ref for h in fewer} <= {h.ref for h in more}


def test_findings_are_stored_with_amounts_as_text():
    finding = next(f for f in findings() if f.code == "financing_covers_home")
    assert finding.as_json()["params"]["requirement"] == "240000"
