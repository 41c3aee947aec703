"""Charts drawn on the server as SVG (the PDF report uses the same templates; WeasyPrint runs
no script). This module only computes the geometry; `reports/_chart.svg` draws it with
classes from static/css/reports.css and presentation attributes, never inline styles (strict
CSP). Series are told apart by patterns and a legend as well as colour, each bar carries its
number, and every chart is shown beside its table."""

from dataclasses import dataclass, field

WIDTH = 640
LABEL_WIDTH = 210
VALUE_WIDTH = 70
BAR_HEIGHT = 18
GAP = 8
TOP = 8
LEGEND_HEIGHT = 22
LEGEND_PER_ROW = 3
# Legend items start at the left edge, each with room for about 30 characters of label.
LEGEND_LEFT = 10
LEGEND_STEP = 210
# Fill patterns by series position: solid, hatched, dotted, cross-hatched, horizontal lines,
# empty (`_chart.svg` defines them). More series than patterns would repeat one: no chart
# has more than six.
PATTERNS = ["solid", "hatch", "dots", "cross", "lines", "empty"]
COLOUR = "#1d4f73"
LABEL_CHARS = 30


def fill(chart_id: str, series: int) -> str:
    """The fill of a series' bars: solid colour, then the patterns `_chart.svg` defines."""
    pattern = PATTERNS[series % len(PATTERNS)]
    if pattern == "solid":
        return COLOUR
    if pattern == "empty":
        return "none"
    return f"url(#{chart_id}-{pattern})"


def short(label: str) -> str:
    """A label cut to fit left of the bars (the bar's tooltip and the table have it whole)."""
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


@dataclass
class Segment:
    series: int
    value: int
    x: float
    width: float
    fill: str = COLOUR


@dataclass
class Row:
    label: str
    total: int
    y: float
    segments: list = field(default_factory=list)

    @property
    def short_label(self) -> str:
        return short(self.label)

    @property
    def text_y(self) -> float:
        return round(self.y + BAR_HEIGHT * 0.75, 2)


@dataclass
class Chart:
    id: str
    title: str
    series: list  # (label, pattern)
    rows: list
    width: int = WIDTH
    height: int = 0
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def label_x(self) -> int:
        return self.label_width - 6

    @property
    def value_x(self) -> float:
        return self.width - VALUE_WIDTH + 6

    @property
    def legend(self) -> list:
        """Legend items, LEGEND_PER_ROW a row below the bars (y: the text's baseline)."""
        top = self.height - legend_rows(len(self.series)) * LEGEND_HEIGHT
        return [
            {
                "label": label,
                "pattern": pattern,
                "fill": fill(self.id, i),
                "text_x": LEGEND_LEFT + (i % LEGEND_PER_ROW) * LEGEND_STEP + 20,
                "legend_y": top + (i // LEGEND_PER_ROW) * LEGEND_HEIGHT + 3,
                "x": LEGEND_LEFT + (i % LEGEND_PER_ROW) * LEGEND_STEP,
                "y": top + (i // LEGEND_PER_ROW) * LEGEND_HEIGHT + 14,
            }
            for i, (label, pattern) in enumerate(self.series)
        ]


def legend_rows(series: int) -> int:
    return 0 if series < 2 else -(-series // LEGEND_PER_ROW)


def bar_chart(chart_id: str, title: str, series: list[str], rows: list) -> Chart:
    """A horizontal (stacked) bar chart: `rows` are (label, [value per series]); the longest
    row fills the bar area and the others scale to it."""
    area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    biggest = max((sum(values) for _label, values in rows), default=0) or 1
    out = []
    for index, (label, values) in enumerate(rows):
        y = TOP + index * (BAR_HEIGHT + GAP)
        row = Row(label=str(label), total=sum(values), y=y)
        x = float(LABEL_WIDTH)
        for position, value in enumerate(values):
            width = area * value / biggest
            if value:
                row.segments.append(
                    Segment(
                        series=position,
                        value=value,
                        x=round(x, 2),
                        width=round(width, 2),
                        fill=fill(chart_id, position),
                    )
                )
            x += width
        out.append(row)
    height = TOP + len(rows) * (BAR_HEIGHT + GAP) + legend_rows(len(series)) * LEGEND_HEIGHT
    return Chart(
        id=chart_id,
        title=title,
        series=[(label, PATTERNS[i % len(PATTERNS)]) for i, label in enumerate(series)],
        rows=out,
        height=height,
    )
