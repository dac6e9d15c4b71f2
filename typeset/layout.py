"""Layout spec: layouts/<name>/layout.yaml → Layout, read by the composer and both writers.

The YAML is the one place where layout numbers live; this module only reads
it, converts units and derives values (text block, right/bottom margins).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from . import layout_sections as sections

MM = 72 / 25.4  # pt per mm
LAYOUTS = Path(__file__).resolve().parent.parent / "layouts"


@dataclass(frozen=True)
class Layout:
    name: str
    folder: Path
    spec: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        """A section as its mapping (`book`, `composition`; the others are typed: layout.masthead)."""
        return self.spec[key]

    # page geometry, in pt
    @property
    def page_width(self) -> float:
        return self.page.width_mm * MM

    @property
    def page_height(self) -> float:
        return self.page.height_mm * MM

    @property
    def margin_top(self) -> float:
        return self.page.margin_top_mm * MM

    @property
    def margin_left(self) -> float:
        return self.page.margin_left_mm * MM

    @property
    def text_width(self) -> float:
        return self.page.text_width_mm * MM

    @property
    def text_height(self) -> float:
        return self.page.text_height_mm * MM

    @property
    def margin_right(self) -> float:
        return self.page_width - self.margin_left - self.text_width

    @property
    def margin_bottom(self) -> float:
        return self.page_height - self.margin_top - self.text_height

    @property
    def lines(self) -> int:
        return self.grid.lines

    @property
    def line_pitch(self) -> float:
        return self.grid.line_pitch

    @property
    def composition(self) -> dict[str, Any]:
        return self.spec["composition"]

    # the sections, typed (layout_sections.py)
    @cached_property
    def page(self) -> sections.Page:
        return sections.made(sections.Page, self.spec["page"])

    @cached_property
    def grid(self) -> sections.Grid:
        return sections.made(sections.Grid, self.spec["grid"])

    @cached_property
    def colors(self) -> sections.Colors:
        return sections.made(sections.Colors, self.spec["colors"])

    @cached_property
    def fonts(self) -> dict[str, sections.FontRole]:
        return {role: sections.made(sections.FontRole, spec) for role, spec in self.spec["fonts"].items()}

    @cached_property
    def masthead(self) -> sections.Masthead:
        return sections.made(sections.Masthead, self.spec["masthead"])

    @cached_property
    def section(self) -> sections.SectionName:
        return sections.made(sections.SectionName, self.spec["section"])

    @cached_property
    def article_title(self) -> sections.ArticleTitle:
        return sections.made(sections.ArticleTitle, self.spec["article_title"])

    @cached_property
    def body(self) -> sections.Body:
        return sections.made(sections.Body, self.spec["body"])

    @cached_property
    def heading(self) -> dict[int, sections.HeadingLevel]:
        return {int(level): sections.made(sections.HeadingLevel, spec) for level, spec in self.spec["heading"].items()}

    @cached_property
    def source(self) -> sections.Source:
        return sections.made(sections.Source, self.spec["source"])

    @cached_property
    def figure(self) -> sections.Figure:
        return sections.made(sections.Figure, self.spec["figure"])

    @cached_property
    def colophon(self) -> sections.Colophon:
        return sections.made(sections.Colophon, self.spec["colophon"])

    @cached_property
    def page_number(self) -> sections.PageNumber:
        return sections.made(sections.PageNumber, self.spec["page_number"])

    def with_overrides(self, overrides: dict[str, Any]) -> Layout:
        """Overrides (a series' and an issue's `layout:`, any key of layout.yaml) deep-merged
        over this layout."""
        if not overrides:
            return self
        return Layout(self.name, self.folder, merged(self.spec, normalised(overrides)))

    def applies(self, overrides: dict[str, Any]) -> bool:
        """Whether overrides are in effect here (build.py applies them once; the composer and
        writers check, never apply)."""
        return _within(normalised(overrides), self.spec)


# `layout: {lines, line_pitch}` are short for `layout: {grid: {lines, line_pitch}}`
SHORTHANDS = {"lines": "grid", "line_pitch": "grid"}


def normalised(overrides: dict[str, Any]) -> dict[str, Any]:
    """Overrides with the shorthands moved to their place in the layout."""
    out = {k: v for k, v in overrides.items() if k not in SHORTHANDS}
    for key, parent in SHORTHANDS.items():
        if key in overrides:
            out[parent] = {**out.get(parent, {}), key: overrides[key]}
    return out


def merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`over` deep-merged onto a copy of `base`: mappings key by key, anything else replaced."""
    out = copy.deepcopy(base)
    for name, value in over.items():
        key = _key(out, name)
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _key(spec: dict[Any, Any], name: Any) -> Any:
    """The key of `spec` that `name` stands for (YAML's `heading: {1: …}` has int keys, an
    issue file's reader gives strings)."""
    return next((k for k in spec if str(k) == str(name)), name)


def _within(over: dict[str, Any], spec: dict[str, Any]) -> bool:
    for name, value in over.items():
        key = _key(spec, name)
        if isinstance(value, dict) and isinstance(spec.get(key), dict):
            if not _within(value, spec[key]):
                return False
        elif key not in spec or spec[key] != value:
            return False
    return True


def __getattr__(name: str) -> Any:
    """`load_layout`, `read_layout`: read with the reader (reader/layout_file.py: validated,
    kept by the session); their former names here, for callers."""
    if name in ("load_layout", "read_layout"):
        import importlib

        return getattr(importlib.import_module("typeset.reader.layout_file"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
