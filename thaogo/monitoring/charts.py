"""Bar charts drawn on the server as inline SVG: no script, nothing to load, CSP-safe, and
they print. Each chart on the page has its table beside it."""

from dataclasses import dataclass

from thaogo.lib.numbers import format_number

WIDTH = 400
LABEL_WIDTH = 150
VALUE_WIDTH = 50
ROW_HEIGHT = 22
BAR_HEIGHT = 14


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str
    y: int
    text_y: int
    width: float


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    bar_x: int
    value_x: int


def bars(items: list[tuple[str, float]], *, percent: bool = False) -> Chart | None:
    """One horizontal bar per (label, value); percentages on a 0–100 scale, counts scaled to
    the largest. None when there is nothing to draw."""
    if not items:
        return None
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top = 100 if percent else max(value for _label, value in items) or 1
    drawn = []
    for index, (label, value) in enumerate(items):
        y = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        shown = format_number(value, places=1) + "%" if percent else format_number(value)
        drawn.append(
            Bar(
                label=label if len(label) <= 24 else label[:23] + "…",
                shown=shown,
                y=y,
                text_y=y + BAR_HEIGHT - 3,
                width=round(room * min(value, top) / top, 1),
            )
        )
    return Chart(
        bars=drawn,
        width=WIDTH,
        height=len(items) * ROW_HEIGHT,
        bar_x=LABEL_WIDTH,
        value_x=WIDTH - VALUE_WIDTH + 4,
    )
