"""The sections of layout.yaml as frozen dataclasses: `layout.masthead.office_line`.

A layout's values are followed by find-usages and a misspelt name fails in the type checker.
Each class names the keys of its section in layout.schema.json; a layout is validated before
these are made (reader/layout_file.py), so every key is there and of its type. Values keep
the type YAML gave them (an int stays an int), so what is computed from them is unchanged.
`composition` (merged with an issue's own `composition:`) and `book` stay mappings.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Text:
    """How a kind of text is set: its face role (fonts:) and size in pt, and what else it sets."""

    font: str
    size: float = 0
    color: str | None = None
    bold: bool = False
    fill_width: bool = False
    baseline_lines: float | None = None


@dataclass(frozen=True)
class Page:
    width_mm: float
    height_mm: float
    margin_top_mm: float
    margin_left_mm: float
    text_width_mm: float
    text_height_mm: float


@dataclass(frozen=True)
class Grid:
    lines: int
    chars: int
    line_pitch: float


@dataclass(frozen=True)
class Colors:
    red: str
    text: str

    def get(self, name: str, default: str) -> str:
        """The colour named (red, text), else `default` (a colour written out)."""
        return getattr(self, name, default) if name in ("red", "text") else default

    def items(self) -> list[tuple[str, str]]:
        return [("red", self.red), ("text", self.text)]


@dataclass(frozen=True)
class Rule:
    color: str
    width: float
    below: float


@dataclass(frozen=True)
class Masthead:
    mark: Text
    title: Text
    title_baseline_lines: float
    number: Text
    office_line: int
    office: Text
    rule: Rule


@dataclass(frozen=True)
class SectionName:
    font: str
    size: float
    format: str


@dataclass(frozen=True)
class ArticleTitle:
    font: str
    size: float
    fit_condense: float
    space_before_lines: float
    space_after_lines: float


@dataclass(frozen=True)
class Body:
    font: str
    size: float
    indent_cells: float


@dataclass(frozen=True)
class HeadingLevel:
    font: str
    bold: bool = False


@dataclass(frozen=True)
class Source:
    placement: str
    gap_cells: float


@dataclass(frozen=True)
class Figure:
    width: float
    padding: float
    caption: Text


@dataclass(frozen=True)
class Labels:
    to_superiors: str
    to_peers: str
    to_subordinates: str
    disclosure: str
    printed: str
    copies: str


@dataclass(frozen=True)
class Colophon:
    font: str
    size: float
    indent_cells: float
    imprint_indent_cells: float
    line_pitch: float
    thick_rule: float
    thin_rule: float
    labels: Labels


@dataclass(frozen=True)
class PageNumber:
    font: str
    size: float
    below_mm: float
    indent_cells: float
    format: str


@dataclass(frozen=True)
class FontRole:
    faces: tuple[str, ...]
    stand_in: str


def made(cls: type[T], data: Any) -> T:
    """`cls` from a section's mapping, nested sections made too (keys not named are left out)."""
    if not is_dataclass(cls):
        raise TypeError(cls)
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value, kind = data[f.name], hints[f.name]
        if isinstance(kind, type) and is_dataclass(kind) and isinstance(value, dict):
            value = made(kind, value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[f.name] = value
    return cls(**kwargs)  # type: ignore[return-value]
