"""Horizontal bar charts, laid out here and drawn as SVG by templates/reports/_charts.html.

Drawn on the server, so they need no JavaScript; styled by classes (app.css), never by style attributes, so a
strict Content-Security-Policy holds. Each bar's label sits above it, so long labels in any language fit.
"""

from dataclasses import dataclass

from flask_babel import format_number

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
    label_y: int
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
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW_HEIGHT

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, int, str | None]], colour: str = "one") -> BarChart:
    """`rows`: (label, value, link to the records) in the order shown. The longest bar is the largest value."""
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
                label_y=top + LABEL_HEIGHT - 6,
                bar_y=top + LABEL_HEIGHT,
                width=width,
                value_x=width + VALUE_GAP,
                value_y=top + LABEL_HEIGHT + BAR_HEIGHT - 2,
            )
        )
    return BarChart(chart_id=chart_id, title=title, bars=bars, colour=colour)
