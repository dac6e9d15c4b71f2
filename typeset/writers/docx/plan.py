"""What the composer decided, read back per element of the model.

    read_plan(composed) → Plan

The DOCX flows its text in the word processor, so it does not copy the
composer's lines; it takes over the decisions that a word processor would not
make the same way on its own: which block opens a page, whether an article's
source shares its last line, how much a paragraph was condensed, where the
masthead lines and the colophon stand. The walk pairs the composed lines with
the model in reading order; if they ever disagree, `read_plan` returns the
neutral plan (no decisions) rather than wrong ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...compose import ComposedIssue, Rule, TextLine
from ...compose.boxes import Picture
from ...compose.metrics import is_ideograph
from ...model import Article, Figure, Issue, Paragraph

MASTHEAD_KINDS = frozenset({"mark", "masthead-title", "number", "office", "date"})
Item = TextLine | Rule | Picture


@dataclass(frozen=True)
class Placement:
    """Composed items of one model element, and whether the first one opens a page."""

    items: tuple[Item, ...] = ()
    page: int = 0  # of the first item, 1-based; 0 when unknown
    opens_page: bool = False  # first body item on a page after the first
    last_page: int = 0  # of the last item


@dataclass(frozen=True)
class ArticlePlan:
    title: Placement = field(default_factory=Placement)
    paragraphs: tuple[Placement, ...] = ()  # one per model item (paragraph or figure)
    source_inline: bool = False  # the source stands on the last line of the last paragraph
    source: Placement = field(default_factory=Placement)  # its own line, when not inline


@dataclass(frozen=True)
class SectionPlan:
    marker: Placement = field(default_factory=Placement)
    articles: tuple[ArticlePlan, ...] = ()


@dataclass(frozen=True)
class Plan:
    masthead: tuple[Item, ...] = ()
    sections: tuple[SectionPlan, ...] = ()
    colophon: tuple[TextLine, ...] = ()
    colophon_rules: tuple[Rule, ...] = ()
    colophon_page: int = 0
    pages: int = 0

    @property
    def known(self) -> bool:
        return bool(self.sections)

    @property
    def last_body_page(self) -> int:
        """The page of the last body line (0 when unknown)."""
        return max((p.last_page for s in self.sections for a in s.articles
                    for p in (a.title, *a.paragraphs, a.source)), default=0)

    def section(self, i: int) -> SectionPlan:
        return self.sections[i] if i < len(self.sections) else SectionPlan()


class _Mismatch(Exception):
    pass


def _count(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def condense_of(line: TextLine) -> float | None:
    """pt taken from each character of a composed line: an ideograph's cell minus its advance."""
    for u in line.units:
        if not u.latin and len(u.text) == 1 and is_ideograph(u.text):
            return round(line.size - u.width, 4)
    return None


class _Stream:
    """Body items in reading order, each with its page and whether it opens that page."""

    def __init__(self, entries: list[tuple[Item, int, bool]]):
        self.entries = entries
        self.i = 0

    def peek(self) -> Item | None:
        return self.entries[self.i][0] if self.i < len(self.entries) else None

    def take(self, n: int, kind: str) -> Placement:
        got = self.entries[self.i:self.i + n]
        if len(got) < n or any(getattr(item, "kind", None) != kind for item, _, _ in got):
            raise _Mismatch(kind)
        self.i += n
        return Placement(tuple(item for item, _, _ in got), got[0][1], got[0][2], got[-1][1])

    def take_while(self, kind: str) -> list[tuple[Item, int, bool]]:
        got = []
        while self.i < len(self.entries) and getattr(self.entries[self.i][0], "kind", None) == kind:
            got.append(self.entries[self.i])
            self.i += 1
        return got

    def take_picture(self) -> tuple[Item, int, bool]:
        if self.i >= len(self.entries) or not isinstance(self.entries[self.i][0], Picture):
            raise _Mismatch("picture")
        self.i += 1
        return self.entries[self.i - 1]


def _split(composed: ComposedIssue) -> tuple[list[Item], list[tuple[Item, int, bool]],
                                             list[Item], int]:
    """(masthead items, body stream, colophon items, colophon page)."""
    masthead: list[Item] = []
    body: list[tuple[Item, int, bool]] = []
    colophon: list[Item] = []
    colophon_page = 0
    in_masthead = True
    for page in composed.pages:
        first = page.number > 1
        for item in page.items:
            kind = getattr(item, "kind", None)
            if in_masthead and page.number == 1 and (kind in MASTHEAD_KINDS or (
                    isinstance(item, Rule) and not any(isinstance(m, Rule) for m in masthead))):
                masthead.append(item)
                continue
            in_masthead = False
            if kind == "colophon" or (colophon and isinstance(item, Rule)):
                colophon.append(item)
                colophon_page = page.number
                continue
            body.append((item, page.number, first))
            first = False
    return masthead, body, colophon, colophon_page


def _paragraph(stream: _Stream, para: Paragraph, with_source: bool) -> tuple[Placement, bool]:
    """A paragraph's lines; True when its last line also holds the source."""
    want = _count(para.text)
    got: list[tuple[Item, int, bool]] = []
    seen = 0
    while seen < want:
        item = stream.peek()
        if not isinstance(item, TextLine) or item.kind != "body":
            raise _Mismatch("body")
        got.append(stream.entries[stream.i])
        stream.i += 1
        seen += _count(item.text)
    if not got:
        raise _Mismatch("empty")
    placed = Placement(tuple(i for i, _, _ in got), got[0][1], got[0][2], got[-1][1])
    inline = with_source and seen > want
    if seen != want and not inline:
        raise _Mismatch("count")
    return placed, inline


def _article(stream: _Stream, article: Article) -> ArticlePlan:
    title = stream.take(len(article.title), "title")
    paragraphs: list[Placement] = []
    inline = False
    source = Placement()
    last = len(article.paragraphs) - 1
    for k, para in enumerate(article.paragraphs):
        with_source = k == last and bool(article.source)
        if isinstance(para, Figure):
            pic = stream.take_picture()
            caption = stream.take_while("caption")
            items = (pic[0], *(i for i, _, _ in caption))
            paragraphs.append(Placement(items, pic[1], pic[2], (caption[-1] if caption else pic)[1]))
            if with_source:
                source = stream.take(1, "source")
            continue
        placed, inline = _paragraph(stream, para, with_source)
        paragraphs.append(placed)
        if with_source and not inline:
            source = stream.take(1, "source")
    return ArticlePlan(title, tuple(paragraphs), inline, source)


def _walk(issue: Issue, stream: _Stream) -> tuple[SectionPlan, ...]:
    sections = []
    for section in issue.sections:
        marker = stream.take(1, "section")
        articles = tuple(_article(stream, a) for a in section.articles)
        sections.append(SectionPlan(marker, articles))
    if stream.peek() is not None:
        raise _Mismatch("left over")
    return tuple(sections)


def read_plan(composed: ComposedIssue) -> Plan:
    """The composer's decisions for each element of the issue (see the module docstring)."""
    masthead, body, colophon, colophon_page = _split(composed)
    try:
        sections = _walk(composed.issue, _Stream(body))
    except _Mismatch:
        sections = ()
    return Plan(
        masthead=tuple(masthead),
        sections=sections,
        colophon=tuple(i for i in colophon if isinstance(i, TextLine)),
        colophon_rules=tuple(i for i in colophon if isinstance(i, Rule)),
        colophon_page=colophon_page,
        pages=len(composed.pages),
    )
