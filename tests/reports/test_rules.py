"""The reports' plain rules and chart geometry, without a database."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from reports import charts, rules
from reports.selectors import median


@given(st.integers(min_value=0, max_value=10_000))
def test_counts_below_five_are_never_published(n):
    assert (rules.suppressed(n) is None) == (n < rules.SUPPRESS_BELOW)
    if n >= rules.SUPPRESS_BELOW:
        assert rules.suppressed(n) == n


@given(st.integers(min_value=0, max_value=100), st.decimals(min_value=0, max_value=10**9, places=2))
def test_an_amount_is_published_only_over_enough_homes(homes, amount):
    published = rules.public_amount(amount, homes)
    assert published == (amount if homes >= rules.SUPPRESS_BELOW else None)


@given(st.lists(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=5)))
def test_bars_scale_to_the_longest_and_stay_inside_the_chart(values):
    width = len(values[0]) if values else 1
    rows = [(f"r{i}", (v + [0] * width)[:width]) for i, v in enumerate(values)]
    chart = charts.bar_chart("c", "t", [f"s{i}" for i in range(width)], rows)
    area = charts.WIDTH - charts.LABEL_WIDTH - charts.VALUE_WIDTH
    biggest = max((sum(v) for _l, v in rows), default=0)
    for row, (_label, vals) in zip(chart.rows, rows, strict=True):
        assert row.total == sum(vals)
        end = max((s.x + s.width for s in row.segments), default=charts.LABEL_WIDTH)
        assert charts.LABEL_WIDTH <= end <= charts.LABEL_WIDTH + area + 1e-6
        if biggest and row.total == biggest:
            assert abs(end - (charts.LABEL_WIDTH + area)) < 1e-6
        assert all(s.value > 0 and s.width >= 0 for s in row.segments)
    assert chart.height >= len(rows) * charts.BAR_HEIGHT


def test_median():
    assert median([]) is None
    assert median([5]) == 5
    assert median([9, 1, 5]) == 5
    assert median([1, 2, 3, 10]) == 2
    assert median([Decimal(1)]) == 1


def test_every_series_of_a_chart_is_told_apart_without_colour():
    series = [f"s{i}" for i in range(len(charts.PATTERNS))]
    chart = charts.bar_chart("c", "t", series, [("row", [1] * len(series))])
    fills = [segment.fill for segment in chart.rows[0].segments]
    assert len(set(fills)) == len(series)
    assert [item["fill"] for item in chart.legend] == fills
    assert len({pattern for _label, pattern in chart.series}) == len(series)


def test_a_removed_application_counts_only_the_steps_it_certainly_reached():
    assert rules.reached_by_final_status("draft", False) == ()
    assert rules.reached_by_final_status("ineligible", True) == ("submitted",)
    assert rules.reached_by_final_status("declined", True) == ("submitted", "eligible", "selected")
    # A withdrawal may come before or after the review: submitted at most, if it was.
    assert rules.reached_by_final_status("withdrawn", True) == ("submitted",)
    assert rules.reached_by_final_status("withdrawn", False) == ()
