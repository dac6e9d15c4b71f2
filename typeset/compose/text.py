"""Text helpers shared by the page and figure composers (and the writers, through __init__).

    settings_for(layout, size, *overrides) → Settings
    natural(text, settings, start) → units at natural widths, on one unbroken line
    bracketed(source, settings) → an article's source in full-width brackets
    baseline(top, pitch, size) → the baseline that centres an ideograph in a slot
"""

from __future__ import annotations

from typing import Any

from ..layout import Layout
from .lines import Placed, Settings, units_of

# The baseline of an ideograph lies this far below the centre of its em box (em): the
# faces' ideographic em box spans 0.88 em above the baseline and 0.12 em below.
EM_BELOW_CENTRE = 0.38
# ... so from the top of the em box to the baseline (em).
EM_ASCENT = 0.5 + EM_BELOW_CENTRE


def settings_for(layout: Layout, size: float, *overrides: dict[str, Any]) -> Settings:
    """The layout's composition settings for text of `size` pt, with overrides on top."""
    merged: dict[str, Any] = dict(layout.composition)
    for o in overrides:
        merged.update(o)
    return Settings.from_dict(merged, size)


def loose_settings(layout: Layout, size: float) -> Settings:
    """Settings for text set at full width (titles, masthead, folios)."""
    return Settings.from_dict(layout.composition, size, tight=False)


def title_settings(layout: Layout) -> Settings:
    return loose_settings(layout, layout.article_title.size)


def baseline(top: float, pitch: float, size: float) -> float:
    """Baseline that centres an ideograph of `size` in a slot of `pitch` starting at top."""
    return top + pitch / 2 + EM_BELOW_CENTRE * size


def natural(text: str, s: Settings, start: int = 0) -> tuple[Placed, ...]:
    """One unbroken line at natural widths (titles, masthead, colophon labels). `start`: the
    offset of text's first character in its element's text (negative: a label before it)."""
    units = units_of(text, s)
    placed, x = [], 0.0
    for u in units:
        placed.append(Placed(x, u.text, u.width, u.latin, start + u.at))
        x += u.width
    return tuple(placed)


def bracketed(source: str, s: Settings) -> tuple[Placed, ...]:
    """（source） at natural widths, offsets in the source's text (the opening bracket at -1)."""
    return natural(f"（{source}）", s, -1)


def width(units: tuple[Placed, ...]) -> float:
    return max((u.x + u.width for u in units), default=0.0)


def shifted(units: tuple[Placed, ...], dx: float) -> tuple[Placed, ...]:
    return tuple(Placed(u.x + dx, u.text, u.width, u.latin, u.at) for u in units)


def spread(text: str, s: Settings, measure: float) -> tuple[Placed, ...]:
    """Units spread evenly across `measure` (the masthead title fills the text width)."""
    units = natural(text, s)
    if len(units) < 2:
        return units
    extra = (measure - width(units)) / (len(units) - 1)
    return tuple(Placed(u.x + k * extra, u.text, u.width, u.latin, u.at) for k, u in enumerate(units))


def date_text(d: Any) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
