"""The document model: plain data, knowing nothing of YAML, HTML or Word.

Readers produce it, the numbering pass completes it, the composer and the
writers consume it. Every object is frozen: a stage that needs other values
builds new objects (``dataclasses.replace``) instead of mutating.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Origin:
    """Where a piece of text stands in the author's files (1-based), and its field."""

    file: str
    line: int = 0
    column: int = 0
    path: str = field(default="", compare=False)  # the field, as messages name it: sections[1].name

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph, or a heading when ``level`` is 1–4 (一、（一）1.（1））."""

    text: str
    level: int = 0
    composition: dict[str, Any] = field(default_factory=dict)
    origin: Origin | None = None


@dataclass(frozen=True)
class Figure:
    """A picture in an article's flow, with its caption below (FORMAT §5).

    The reader has checked the file: a PNG or JPEG inside the series folder,
    with its size in pixels. Writers draw `path` scaled to `width` × the
    text width, keeping the aspect ratio; the composer decides the height.
    """

    path: str  # absolute, resolved, inside the series folder
    caption: str | None
    width: float | None  # fraction of the text width; None → the layout's default
    pixels: tuple[int, int]  # (width, height) of the image
    format: str  # "PNG" or "JPEG"
    origin: Origin | None = None


@dataclass(frozen=True)
class Article:
    title: tuple[str, ...]  # the author's own title lines, never re-broken
    paragraphs: tuple[Paragraph | Figure, ...]  # body items in order; pictures among them
    source: str | None = None  # printed in full-width parentheses
    origin: Origin | None = None
    title_origins: tuple[Origin, ...] = ()  # where each title line stands
    source_origin: Origin | None = None


@dataclass(frozen=True)
class Section:
    name: str  # printed as the section marker, e.g. 【特别关注】
    articles: tuple[Article, ...]
    origin: Origin | None = None


@dataclass(frozen=True)
class Recipients:
    """报 / 送 / 发: each a tuple of recipient groups, each group one printed line."""

    superiors: tuple[str, ...] = ()  # 报
    peers: tuple[str, ...] = ()  # 送
    subordinates: tuple[str, ...] = ()  # 发


@dataclass(frozen=True)
class Colophon:
    """The 版记 at the foot of the last page."""

    disclosure: str  # 信息公开选项
    recipients: Recipients
    printer: str  # printing office
    print_date: dt.date
    copies: int | None  # 共印 N 份
    # where each printed text stands: in the issue's file, or series.yaml for a default
    disclosure_origin: Origin | None = None
    printer_origin: Origin | None = None
    copies_origin: Origin | None = None
    recipient_origins: tuple[tuple[Origin | None, ...], ...] = ()  # parallel to Recipients


# How an issue's numbers are printed (masthead, document title, `typeset list`): once, here.
NUMBER_FORMAT = "第 {n} 期"
TOTAL_FORMAT = "（总第 {total} 期）"
SUPPLEMENT_FORMAT = "增刊第 {n} 期"


@dataclass(frozen=True)
class Numbers:
    year_number: int  # 第 N 期 (or 增刊第 N 期)
    total: int | None  # 总第 M 期; None for a supplement

    def text(self, supplement: bool, with_total: bool = True) -> str:
        """第 40 期（总第 645 期）; 第 40 期 without the total; 增刊第 2 期."""
        if supplement:
            return SUPPLEMENT_FORMAT.format(n=self.year_number)
        line = NUMBER_FORMAT.format(n=self.year_number)
        return line + TOTAL_FORMAT.format(total=self.total) if with_total else line


@dataclass(frozen=True)
class Series:
    title: str
    office: str
    layout: str
    page_numbers: bool
    composition: dict[str, Any]
    layout_overrides: dict[str, Any]
    colophon_defaults: dict[str, Any]
    anchor: dict[str, Any] | None
    folder: str  # the series folder; pictures and issue files live below it
    origin: Origin | None = None
    title_origin: Origin | None = None
    office_origin: Origin | None = None
    # colophon defaults: key → Origin (disclosure, printer, copies) or tuple of Origins (lists)
    colophon_origins: dict[str, Any] = field(default_factory=dict)
    # proofreading: preferred name → the other forms to flag (series.yaml preferred_names)
    preferred_names: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Issue:
    date: dt.date
    sections: tuple[Section, ...]
    colophon: Colophon
    supplement: bool = False
    stated: Numbers | None = None  # numbers written in the file, if any
    numbers: Numbers | None = None  # filled by the numbering pass
    mark: str | None = None  # 内部资料 注意保存 / 秘密 …
    composition: dict[str, Any] = field(default_factory=dict)
    layout_overrides: dict[str, Any] = field(default_factory=dict)
    origin: Origin | None = None
    mark_origin: Origin | None = None
    notes: tuple[Any, ...] = ()  # warnings the reader found (errors.Problem), printed by check and build

    def number_line(self) -> str:
        """第 40 期（总第 645 期）, or 增刊第 2 期."""
        n = self.numbers or self.stated
        return "" if n is None else n.text(self.supplement)
