"""Horizontal bar charts, laid out here and drawn as SVG by templates/reports/_charts.html.

Drawn on the server, so they need no JavaScript; styled by classes (app.css), never by style attributes, so a
strict Content-Security-Policy holds. Each bar's label sits above it, so long labels in any language fit.

In a right-to-left language (Arabic) the chart is mirrored: the bars grow from the right edge towards the left, each
label starts at the right and each number stands to the left of its bar, as the reader's eye moves.
"""

from dataclasses import dataclass

from flask_babel import format_number

from dialogue.i18n import text_direction

WIDTH = 400  # user units; the SVG scales to its box
LABEL_HEIGHT = 20
BAR_HEIGHT = 16
ROW_GAP = 12
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
VALUE_SPACE = 56  # room after the longest bar for its number
VALUE_GAP = 6


@dataclass
class Bar:
    label: str
    value: int
    value_text: str
    href: str | None
    label_x: float
    label_y: int
    bar_x: float
    bar_y: int
    width: float
    value_x: float
    value_y: int


@dataclass
class BarChart:
    chart_id: str
    title: str
    bars: list[Bar]
    colour: str  # a CSS class suffix: chart-bar-<colour>
    direction: str = "ltr"  # the texts' direction: "rtl" puts their start, like the bars', at the right edge
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW_HEIGHT

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


def bar_chart(
    chart_id: str,
    title: str,
    rows: list[tuple[str, int, str | None]],
    colour: str = "one",
    direction: str | None = None,
) -> BarChart:
    """`rows`: (label, value, link to the records) in the order shown. The longest bar is the largest value.
    `direction` is the page's ("ltr" or "rtl") unless given."""
    direction = direction or text_direction()
    mirrored = direction == "rtl"
    largest = max((value for _, value, _ in rows), default=0)
    room = WIDTH - VALUE_SPACE
    bars = []
    for position, (label, value, href) in enumerate(rows):
        top = position * ROW_HEIGHT
        width = round(room * value / largest, 1) if largest else 0.0
        bars.append(
            Bar(
                label=label,
                value=value,
                value_text=format_number(value),
                href=href,
                label_x=WIDTH if mirrored else 0,
                label_y=top + LABEL_HEIGHT - 6,
                bar_x=round(WIDTH - width, 1) if mirrored else 0,
                bar_y=top + LABEL_HEIGHT,
                width=width,
                value_x=round(WIDTH - width - VALUE_GAP, 1) if mirrored else width + VALUE_GAP,
                value_y=top + LABEL_HEIGHT + BAR_HEIGHT - 2,
            )
        )
    return BarChart(chart_id=chart_id, title=title, bars=bars, colour=colour, direction=direction)
