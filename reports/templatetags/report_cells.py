"""A table cell as the reader expects it: numbers in the language's format (thousands
separated), anything else as it is; and a table's body rows, written in Python because the
dashboard's tables have hundreds of cells (a template loop per cell cost more than every query
of the page together)."""

from decimal import Decimal
from functools import lru_cache

from babel.numbers import get_group_symbol
from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from klushuis.templatetags.portal import _locale, number

register = template.Library()


@lru_cache(maxsize=8)
def _group_symbol(locale: str) -> str:
    return get_group_symbol(locale)


def _whole(value: int) -> str:
    """A whole number with the language's thousands separator (what babel writes, without
    parsing a pattern for every cell)."""
    return f"{value:,}".replace(",", _group_symbol(_locale()))


@register.filter
def cell(value):
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, int):
        return _whole(value)
    return number(value)


@register.simple_tag
def table_body(table):
    """The rows of `table.page_rows`: the first cell a row header, the others aligned as their
    column says (numbers right, with a dash for a figure that does not exist, such as a
    median of nothing; text as it is)."""
    numeric = [is_number for _label, is_number in table.columns[1:]]
    rows = []
    for row in table.page_rows:
        head, *cells = row
        tds = "".join(
            (
                '<td class="report-number">\u2013</td>'
                if value is None
                else f'<td class="report-number">{conditional_escape(cell(value))}</td>'
            )
            if is_number
            else f"<td>{conditional_escape(value)}</td>"
            for value, is_number in zip(cells, numeric, strict=True)
        )
        rows.append(f'<tr><th scope="row">{conditional_escape(head)}</th>{tds}</tr>')
    if not rows:
        return format_html(
            '<tr><td colspan="{}">{}</td></tr>',
            len(table.columns),
            gettext("Nothing to count yet."),
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (every value escaped above)


@register.simple_tag
def chart_bars(chart):
    """A bar chart's rows (label, a bar per series with its number as tooltip, the total),
    written in Python for the same reason as `table_body`. Presentation attributes only: the
    strict CSP allows no inline style, and WeasyPrint reads no classes inside SVG."""
    out = []
    for row in chart.rows:
        label = conditional_escape(row.label)
        out.append(
            f'<text x="{chart.label_x}" y="{row.text_y}" class="chart-label" font-size="12" '
            f'fill="#212529" text-anchor="end">{conditional_escape(row.short_label)}</text>'
        )
        out.extend(
            f'<rect x="{s.x}" y="{row.y}" width="{s.width}" height="{chart.bar_height}" '
            f'class="chart-bar chart-series-{s.series}" stroke="#1d4f73" stroke-width="1" '
            f'fill="{s.fill}"><title>{label}: {s.value}</title></rect>'
            for s in row.segments
        )
        out.append(
            f'<text x="{chart.value_x}" y="{row.text_y}" class="chart-value" font-size="12" '
            f'font-weight="bold" fill="#212529">{row.total}</text>'
        )
    return mark_safe("\n".join(out))  # noqa: S308 (labels escaped, the rest numbers)
