"""Penalties (issue #14, items 7-9): the formula, its validation, and one penalty per breach in
the agreement's text."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contracts import penalties
from contracts.penalties import Penalty
from contracts.services import generation
from tests.contracts.conftest import pdf_text

money = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False)


@st.composite
def valid_penalties(draw):
    fixed = draw(money)
    percentage = draw(
        st.none() | st.decimals(min_value="0.01", max_value=100, places=2, allow_nan=False)
    )
    price = draw(money)
    base = Penalty(fixed=fixed, percentage=percentage).base(price)
    daily = draw(st.none() | money)
    cap = draw(st.none() | st.decimals(min_value=base, max_value=base + 10_000_000, places=2))
    if daily and cap is None:
        cap = base
    return Penalty(fixed=fixed, percentage=percentage, daily=daily, cap=cap), price


@given(valid_penalties(), st.integers(min_value=-10, max_value=100_000))
def test_a_penalty_never_exceeds_its_cap_and_is_never_negative(penalty_and_price, days):
    penalty, price = penalty_and_price
    amount = penalties.penalty_amount(penalty, days=days, price=price)
    assert amount >= 0
    if penalty.cap is not None:
        assert amount <= penalty.cap


def test_the_formula_counts_the_days_up_to_the_cap():
    penalty = Penalty(fixed=Decimal(1000), daily=Decimal(50), cap=Decimal(2000))
    assert penalties.penalty_amount(penalty, days=0) == Decimal(1000)
    assert penalties.penalty_amount(penalty, days=10) == Decimal(1500)
    assert penalties.penalty_amount(penalty, days=100) == Decimal(2000)
    by_price = Penalty(percentage=Decimal(10))
    assert penalties.penalty_amount(by_price, price=Decimal("123456.78")) == Decimal("12345.68")


def test_a_cap_below_the_base_is_not_a_penalty():
    penalty = Penalty(fixed=Decimal(50000), daily=Decimal(50), cap=Decimal(25000))
    assert "cap_below_base" in penalties.penalty_problems(penalty)
    with pytest.raises(ValueError, match="cap_below_base"):
        penalties.penalty_amount(penalty, days=3)
    assert "cap_missing" in penalties.penalty_problems(Penalty(fixed=Decimal(1), daily=Decimal(1)))


def _article(text: str, title: str) -> str:
    """The text of an article, from its heading to the next heading."""
    start = text.index(f"\N{EN DASH} {title} ")
    end = text.find(" Artikel ", start)
    return text[start : end if end > 0 else None]


@pytest.mark.django_db
def test_the_agreement_names_one_penalty_per_breach(accepted):
    sales_round = accepted.offer.sales_round
    sales_round.penalty_percentage = Decimal(5)
    sales_round.penalty_daily_amount = Decimal(50)
    sales_round.penalty_cap = Decimal(500000)
    sales_round.save()
    template = generation.library_install(accepted.municipality)["purchase_agreement"]
    template.notice_days = 14
    template.default_penalty_percentage = Decimal(12)
    template.save()
    version = generation.contract_regenerate(contract=accepted)
    generation.contract_render(version.pk)
    version.refresh_from_db()
    with version.pdf.open("rb") as handle:
        text = " ".join(pdf_text(handle.read()).split())

    price = accepted.property.current_figures.purchase_price
    chain = _article(text, "Kettingbeding")
    assert "boete" not in chain.replace("Boetebeding", "")  # its breach is the Boetebeding's
    general = _article(text, "Boetebeding")
    assert "5% van de koopsom" in general
    assert "geen boete uit het artikel Verzuim" in general
    default = _article(text, "Verzuim")
    assert "waarvoor het artikel Boetebeding geen boete bepaalt" in default
    assert "14 dagen" in default
    twelve = generation._money(price * Decimal("0.12")).replace("\xa0", " ")
    assert twelve in default
    # "Direct opeisbaar" is said only of the breach that needs no notice.
    assert text.count("direct opeisbaar") == 1
    assert "Kettingbeding is de boete direct opeisbaar, zonder ingebrekestelling" in general
    assert version.data["penalties"]["general"]["percentage"] == "5.00"
