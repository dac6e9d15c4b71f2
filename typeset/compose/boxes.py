"""What the composer hands the writers: pages of placed lines and rules.

All coordinates are pt, measured from the top-left corner of the text block;
`baseline` is the y of a line's baseline. Writers only convert and draw.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Issue, Origin, Series
from .lines import Placed


@dataclass(frozen=True)
class TextLine:
    x: float  # left edge of the line box
    baseline: float
    units: tuple[Placed, ...]  # x of each unit is relative to the line's x
    font: str  # role in the layout's `fonts:` (Latin units use the `latin` role)
    size: float
    kind: str  # masthead-title, number, office, section, title, body, source, colophon, …
    color: str = "text"  # key in the layout's `colors:`
    bold: bool = False
    origin: Origin | None = None

    @property
    def text(self) -> str:
        return "".join(u.text for u in self.units)


@dataclass(frozen=True)
class Rule:
    x: float
    y: float  # centre line of the rule
    width: float
    thickness: float
    color: str = "text"


@dataclass(frozen=True)
class Picture:
    """An image placed on the page (compose/figures.py), scaled to width × height."""

    x: float  # left edge
    y: float  # top edge
    width: float
    height: float
    path: str  # absolute path of the checked file, inside the series folder
    format: str  # "PNG" or "JPEG"
    origin: Origin | None = None

    def shifted(self, dy: float) -> Picture:
        return replace(self, y=self.y + dy)


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    items: tuple[TextLine | Rule | Picture, ...]
    folio: TextLine | None = None  # page number, when the series prints them (y below the block)


@dataclass(frozen=True)
class ComposedIssue:
    issue: Issue
    series: Series
    pages: tuple[Page, ...]

    @property
    def title(self) -> str:
        return f"{self.series.title} {self.issue.number_line()}".strip()
