import pytest

from klushuis.organisations.colours import contrast_ratio, darken, relative_luminance


def test_black_on_white_has_the_maximum_contrast():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)


def test_contrast_does_not_depend_on_the_order():
    assert contrast_ratio("#0b4f8a", "#ffffff") == contrast_ratio("#ffffff", "#0b4f8a")


def test_a_known_pair_matches_the_wcag_formula():
    # #767676 on white is the classic AA boundary: 4.54:1.
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_darken_makes_a_colour_darker():
    assert relative_luminance(darken("#0b4f8a", 0.8)) < relative_luminance("#0b4f8a")


def test_malformed_colours_are_refused():
    with pytest.raises(ValueError, match="not a #rrggbb"):
        relative_luminance("blue")
