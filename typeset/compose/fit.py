"""Nothing falls off the page: a last check of the composed pages, before any writer.

    check_fit(pages, issue, layout)   raises TypesetError with located problems

The composer sets the author's single-line texts (section names, sources,
the mark, the printing office) as they are, and never re-breaks a title; a
text too long for its line, or a block taller than a page (a title of thirty
lines, a caption of a thousand characters), would run off the text block and
print a document that looks finished but is not; the masthead title, spread
over the text width, would instead be crushed into it, its characters overlapping. Each such line is reported
where its text stands (the origin the reader gave it: the issue's file, or
series.yaml for a series default) and with what to shorten.
"""

from __future__ import annotations

from ..errors import Problem, TypesetError
from ..layout import Layout
from ..model import Issue, Origin
from .boxes import Kind, Page, Picture, TextLine
from .lines import extent

SLACK = 0.5  # pt: rounding of composed positions

_WHAT = {
    Kind.SECTION: "栏目名", Kind.SOURCE: "来源", Kind.MARK: "报头标记", Kind.COLOPHON: "版记中的这一行",
    Kind.TITLE: "标题", Kind.CAPTION: "图题", Kind.MASTHEAD_TITLE: "报头名称（series.yaml 的 title）",
    Kind.OFFICE: "编发机关（series.yaml 的 office）",
}


def check_fit(pages: tuple[Page, ...], issue: Issue, layout: Layout) -> None:
    width = layout.text_width
    height = layout.lines * layout.line_pitch

    def below(item: TextLine) -> float:
        """（共印N份） stands under the colophon's last rule, one colophon row below the block."""
        return layout.colophon.line_pitch if item.kind == Kind.COLOPHON else 0.0

    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for page in pages:
        for item in page.items:
            if isinstance(item, Picture):
                if item.y + item.height > height + SLACK:
                    _add(problems, seen, "picture", "", "图片连同图题一页排不下，请缩短图题或把图片的 width 改小",
                         item.origin or issue.origin)
                continue
            if not isinstance(item, TextLine) or not item.units:
                continue
            left, right = (item.x + e for e in extent(item.units))  # the room lines.py allotted
            hang = item.size if item.kind == Kind.BODY else 0.0  # a hung closing mark
            what = _WHAT.get(item.kind, "这一行")
            where = item.origin or issue.origin
            span = right - left
            if item.kind == Kind.MASTHEAD_TITLE:  # spread over the width: too long a title overlaps
                span = max(span, sum(u.width for u in item.units))
            if left < -SLACK or left + span > width + hang + SLACK:
                cells = span / item.size
                _add(problems, seen, item.kind, item.text,
                     f"{what}“{_short(item.text)}”太长，一行排不下（约 {cells:.0f} 字宽，这一行最多约 "
                     f"{width / item.size:.0f} 字）；请缩短", where)
            elif item.baseline > height + below(item) + SLACK or item.baseline < -SLACK:
                hint = {Kind.TITLE: "标题行数太多，一页排不下；请缩短标题（一般不超过三四行）",
                        Kind.CAPTION: "图题太长，连同图片一页排不下；请缩短图题"}.get(
                    item.kind, f"{what}一页排不下，排到了版心以外；请缩短")
                _add(problems, seen, item.kind + "-tall", "", hint, where)
    if problems:
        raise TypesetError(problems)


def _add(problems: list[Problem], seen: set[tuple[str, str]], kind: str, text: str, message: str,
         origin: Origin | None) -> None:
    key = (kind, text if text else str(origin))
    if key not in seen:
        seen.add(key)
        problems.append(Problem(message, origin, origin.path if origin else ""))


def _short(text: str) -> str:
    return text if len(text) <= 24 else text[:24] + "…"
