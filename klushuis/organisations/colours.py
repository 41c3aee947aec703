"""Colour arithmetic for organisation branding (WCAG 2.1 relative luminance and contrast).

Plain Python, no Django: the admin form uses it to refuse a house colour on which white text
would be unreadable, because the colour is used as a background behind white text.
"""

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

# WCAG 2.1 success criterion 1.4.3 (contrast, minimum) for normal text.
MINIMUM_CONTRAST = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    if not HEX_COLOUR.match(hex_colour):
        raise ValueError(f"not a #rrggbb colour: {hex_colour!r}")
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def darken(hex_colour: str, factor: float) -> str:
    """The colour with each channel multiplied by `factor` (0..1), for hover states."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * factor):02x}" for c in (r, g, b))
