"""What the composer hands the writers: pages of placed lines, rules and pictures.

All coordinates are pt, measured from the top-left corner of the text block;
`baseline` is the y of a line's baseline. Writers only convert and draw.

Every item says what it is (`kind`, one `Kind`), which element of the model it
comes from (`ref`) and the page decisions taken for it (`opens_page`,
`keep_with_next`, and on a paragraph's last line `source_from`, where the
article's source begins when it shares that line), so that a writer that flows
text itself (DOCX) groups the items by element instead of guessing.

Each unit of a text line says where it sits in the text of its element
(`Placed.at`, the index of its first character): a paragraph's, caption's or
title line's text, the mark, series title or office, a colophon name or the
printer; from `source_from` on, the article's source. Unit texts are slices of
that text (the composer changes no character; spaces at a break are left out).
What the composer sets around it counts from it: a label or bracket before it at
negative offsets (报： at -2 and -1, （ at -1), a closing bracket, or the print
date after the printer, from its end on. A line of the composer's own text
(number line, dates, copies, folio) counts from 0.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from ..errors import Problem
from ..model import Issue, Origin, Series
from .lines import Placed
from .metrics import is_ideograph


class Kind(StrEnum):
    """What a composed item is: the one list of kinds the composer and writers share."""

    MARK = "mark"  # 内部资料 注意保存 … in the masthead's top left corner
    MASTHEAD_TITLE = "masthead-title"
    NUMBER = "number"  # 第 N 期（总第 M 期）
    OFFICE = "office"
    DATE = "date"
    MASTHEAD_RULE = "masthead-rule"  # the red rule under the office line
    SECTION = "section"  # 【栏目】
    TITLE = "title"  # one line of an article title
    BODY = "body"  # one line of a paragraph or heading
    SOURCE = "source"  # （来源） on a line of its own
    PICTURE = "picture"
    CAPTION = "caption"
    COLOPHON = "colophon"  # one line of the 版记
    COLOPHON_RULE = "colophon-rule"
    FOLIO = "folio"  # page number


MASTHEAD = frozenset({Kind.MARK, Kind.MASTHEAD_TITLE, Kind.NUMBER, Kind.OFFICE, Kind.DATE,
                      Kind.MASTHEAD_RULE})


class Part(StrEnum):
    """Which row of the colophon a colophon item belongs to (`Ref.part`)."""

    DISCLOSURE = "disclosure"  # 公开方式 row
    TO_SUPERIORS = "to_superiors"  # 报：
    TO_PEERS = "to_peers"  # 送：
    TO_SUBORDINATES = "to_subordinates"  # 发：
    IMPRINT = "imprint"  # printing office and date
    COPIES = "copies"  # （共印 N 份）, under the last rule
    THICK = "thick"  # the rule under the disclosure row
    THIN = "thin"  # the rule under the recipients
    BOTTOM = "bottom"  # the rule that closes the colophon


RECIPIENT_PARTS = (Part.TO_SUPERIORS, Part.TO_PEERS, Part.TO_SUBORDINATES)


@dataclass(frozen=True)
class Ref:
    """The model element a composed item comes from (-1: not inside one).

    section, article: indexes into Issue.sections and Section.articles; item: the
    index in Article.paragraphs (a paragraph, heading or figure), or of the
    recipient group line in a colophon row; line: the line of that element
    (title line, paragraph line, caption line, recipient line); part: the
    colophon row or rule. A section marker has only its section, a title line and an
    article's source on a line of its own only section and article; the masthead and
    folios have none (their kind says what they are)."""

    section: int = -1
    article: int = -1
    item: int = -1
    line: int = 0
    part: Part | None = None


NO_REF = Ref()


@dataclass(frozen=True)
class TextLine:
    x: float  # left edge of the line box
    baseline: float
    units: tuple[Placed, ...]  # x of each unit is relative to the line's x; `at`: module docstring
    font: str  # role in the layout's `fonts:` (Latin units use the `latin` role)
    size: float
    kind: Kind
    color: str = "text"  # key in the layout's `colors:`
    bold: bool = False
    origin: Origin | None = None
    ref: Ref = NO_REF
    opens_page: bool = False  # the first item of a page after the first
    keep_with_next: bool = False  # kept on the page of the line after it
    source_from: int | None = None  # index of the first unit of an inline source

    @property
    def text(self) -> str:
        return "".join(u.text for u in self.units)

    @property
    def condense(self) -> float | None:
        """pt taken from each character: an ideograph's cell minus its advance (None: no
        ideograph on the line)."""
        for u in self.units:
            if not u.latin and len(u.text) == 1 and is_ideograph(u.text):
                return round(self.size - u.width, 4)
        return None


@dataclass(frozen=True)
class Rule:
    x: float
    y: float  # centre line of the rule
    width: float
    thickness: float
    color: str = "text"
    kind: Kind = Kind.COLOPHON_RULE
    ref: Ref = NO_REF
    opens_page: bool = False

    def shifted(self, dy: float) -> Rule:
        return replace(self, y=self.y + dy)


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
    ref: Ref = NO_REF
    opens_page: bool = False
    kind: Kind = Kind.PICTURE

    def shifted(self, dy: float) -> Picture:
        return replace(self, y=self.y + dy)


Item = TextLine | Rule | Picture


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    items: tuple[Item, ...]
    folio: TextLine | None = None  # page number, when the series prints them (y below the block)


@dataclass(frozen=True)
class ComposedIssue:
    issue: Issue
    series: Series
    pages: tuple[Page, ...]
    warnings: tuple[Problem, ...] = ()  # what the composer did that an editor should know

    @property
    def title(self) -> str:
        return f"{self.series.title} {self.issue.number_line()}".strip()
