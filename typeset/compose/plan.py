"""The composed items grouped by the model element they come from, for writers that flow
text themselves (DOCX, HTML) instead of drawing the composer's lines one by one.

    read_plan(composed) → Plan

Per element: its items, the page of its first and last item, and whether it
opens a page; per article whether the source shares the last line; the
colophon by row and rule; the masthead items. Every composed item carries its
kind and its place in the model (`Ref`), so this is a group-by; an element of
the model without its items, or an item that belongs to no element, is an
InternalError (the composer and a writer disagree), never a silent guess.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..errors import InternalError
from ..model import Figure, Issue
from .boxes import MASTHEAD, RECIPIENT_PARTS, ComposedIssue, Item, Kind, Part, Picture, Rule, TextLine


@dataclass(frozen=True)
class Placement:
    """Composed items of one model element, and whether the first one opens a page."""

    items: tuple[Item, ...]
    page: int  # of the first item, 1-based
    opens_page: bool  # the first item is the first on a page after the first
    last_page: int  # of the last item

    def lines(self) -> tuple[TextLine, ...]:
        return tuple(i for i in self.items if isinstance(i, TextLine))


@dataclass(frozen=True)
class ArticlePlan:
    title: Placement
    paragraphs: tuple[Placement, ...]  # one per model item (paragraph or figure)
    source: Placement | None  # its own line (or, inline, None: see source_inline)

    @property
    def source_inline(self) -> bool:
        """The source stands on the last line of the last paragraph."""
        last = self.paragraphs[-1].items[-1] if self.paragraphs else None
        return isinstance(last, TextLine) and last.source_from is not None

    def placements(self) -> tuple[Placement, ...]:
        return (self.title, *self.paragraphs, *([self.source] if self.source else []))


@dataclass(frozen=True)
class SectionPlan:
    marker: Placement
    articles: tuple[ArticlePlan, ...]


@dataclass(frozen=True)
class ColophonPlan:
    """The colophon's lines by row and its three rules (thick, thin, bottom)."""

    disclosure: TextLine
    recipients: dict[Part, tuple[tuple[TextLine, ...], ...]]  # per group: lines of each name
    imprint: TextLine
    copies: TextLine | None
    rules: dict[Part, Rule]
    page: int
    opens_page: bool  # the colophon stands on a page of its own

    @property
    def recipient_lines(self) -> tuple[TextLine, ...]:
        return tuple(line for part in RECIPIENT_PARTS for name in self.recipients.get(part, ())
                     for line in name)


@dataclass(frozen=True)
class Plan:
    masthead: tuple[Item, ...]
    sections: tuple[SectionPlan, ...]
    colophon: ColophonPlan
    pages: int

    @property
    def last_body_page(self) -> int:
        """The page of the last body line."""
        return max((p.last_page for s in self.sections for p in (s.marker, *(
            q for a in s.articles for q in a.placements()))), default=0)

    @property
    def colophon_page(self) -> int:
        return self.colophon.page


_Key = tuple[int, int, int]  # (section, article, item) of the model element
_BODY = (Kind.SECTION, Kind.TITLE, Kind.BODY, Kind.SOURCE, Kind.PICTURE, Kind.CAPTION)


def read_plan(composed: ComposedIssue) -> Plan:
    """The composed items of each element of the issue (see the module docstring)."""
    masthead: list[Item] = []
    body: dict[tuple[Kind, _Key], list[tuple[Item, int]]] = defaultdict(list)
    colophon: list[tuple[Item, int]] = []
    for page in composed.pages:
        for item in page.items:
            if item.kind in MASTHEAD and page.number == 1:
                masthead.append(item)
            elif item.kind in _BODY:
                r = item.ref
                key = (r.section, r.article, -1 if item.kind in (Kind.TITLE, Kind.SOURCE) else r.item)
                group = Kind.CAPTION if item.kind == Kind.PICTURE else item.kind  # one figure group
                body[group, key].append((item, page.number))
            elif item.kind in (Kind.COLOPHON, Kind.COLOPHON_RULE):
                colophon.append((item, page.number))
            else:
                raise InternalError(f"plan: a {item.kind} item where none belongs (page {page.number})")
    sections = _sections(composed.issue, body)
    if body:
        raise InternalError(f"plan: composed items of no model element: {sorted(body)}")
    return Plan(tuple(masthead), sections, _colophon(composed.issue, colophon), len(composed.pages))


def _take(body: dict, kind: Kind, key: _Key) -> Placement:
    got = body.pop((kind, key), None)
    if not got:
        raise InternalError(f"plan: no composed {kind} for the model element {key}")
    items = tuple(i for i, _ in got)
    return Placement(items, got[0][1], items[0].opens_page, got[-1][1])


def _sections(issue: Issue, body: dict) -> tuple[SectionPlan, ...]:
    sections = []
    for si, section in enumerate(issue.sections):
        marker = _take(body, Kind.SECTION, (si, -1, -1))
        articles = []
        for ai, article in enumerate(section.articles):
            title = _take(body, Kind.TITLE, (si, ai, -1))
            if len(title.items) != len(article.title):
                raise InternalError(f"plan: title ({si}, {ai}) has {len(title.items)} composed lines")
            paragraphs = []
            for k, para in enumerate(article.paragraphs):
                placed = _take(body, Kind.CAPTION if isinstance(para, Figure) else Kind.BODY, (si, ai, k))
                if isinstance(para, Figure) and sum(isinstance(i, Picture) for i in placed.items) != 1:
                    raise InternalError(f"plan: figure ({si}, {ai}, {k}) without its one picture")
                paragraphs.append(placed)
            source = body.pop((Kind.SOURCE, (si, ai, -1)), None)
            plan = ArticlePlan(title, tuple(paragraphs), None)
            if source:
                plan = ArticlePlan(title, tuple(paragraphs), Placement(
                    tuple(i for i, _ in source), source[0][1], source[0][0].opens_page, source[-1][1]))
            if bool(article.source) != (plan.source_inline or plan.source is not None):
                raise InternalError(f"plan: the source of article ({si}, {ai}) is not composed once")
            articles.append(plan)
        sections.append(SectionPlan(marker, tuple(articles)))
    return tuple(sections)


def _colophon(issue: Issue, items: list[tuple[Item, int]]) -> ColophonPlan:
    rows: dict[Part | None, list[TextLine]] = defaultdict(list)
    rules: dict[Part, Rule] = {}
    for item, _ in items:
        part = item.ref.part
        if isinstance(item, Rule) and part is not None and part not in rules:
            rules[part] = item
        elif isinstance(item, TextLine):
            rows[part].append(item)
        else:
            raise InternalError(f"plan: a colophon item without its place: {item}")
    if set(rules) != {Part.THICK, Part.THIN, Part.BOTTOM} or len(rows[Part.DISCLOSURE]) != 1 \
            or len(rows[Part.IMPRINT]) != 1 or len(rows[Part.COPIES]) > 1:
        raise InternalError("plan: the colophon's rows and rules are not all composed")
    recipients: dict[Part, tuple[tuple[TextLine, ...], ...]] = {}
    groups = issue.colophon.recipients
    for part, names in zip(RECIPIENT_PARTS, (groups.superiors, groups.peers, groups.subordinates),
                           strict=True):
        lines = rows.pop(part, [])
        by_name = tuple(tuple(line for line in lines if line.ref.item == i) for i in range(len(names)))
        if any(not name for name in by_name) or sum(map(len, by_name)) != len(lines):
            raise InternalError(f"plan: the colophon's {part} lines do not match its names")
        if names:
            recipients[part] = by_name
    copies = rows.pop(Part.COPIES, [])
    disclosure, imprint = rows.pop(Part.DISCLOSURE)[0], rows.pop(Part.IMPRINT)[0]
    if any(rows.values()):
        raise InternalError(f"plan: colophon lines of no row: {sorted(map(str, rows))}")
    return ColophonPlan(disclosure, recipients, imprint, copies[0] if copies else None, rules,
                        items[0][1], items[0][0].opens_page)
