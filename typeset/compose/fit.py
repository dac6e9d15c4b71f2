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

One cause, one message: a grid too small for the masthead is reported once, at the layout
value that made the page (the issue's or series.yaml's `layout:`, else the layout's own
grid), not as every line that then falls off; a colophon taller than a page is reported
once, at its longest list, not as each of its lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Problem, TypesetError
from ..layout import Layout
from ..model import Issue, Origin, Series
from .boxes import MASTHEAD, Kind, Page, Picture, TextLine
from .lines import extent

SLACK = 0.5  # pt: rounding of composed positions

_WHAT = {
    Kind.SECTION: "栏目名", Kind.SOURCE: "来源", Kind.MARK: "报头标记", Kind.COLOPHON: "版记中的这一行",
    Kind.TITLE: "标题", Kind.CAPTION: "图题", Kind.MASTHEAD_TITLE: "报头名称（series.yaml 的 title）",
    Kind.OFFICE: "编发机关（series.yaml 的 office）",
}


def check_fit(pages: tuple[Page, ...], issue: Issue, layout: Layout, series: Series | None = None) -> None:
    width = layout.text_width
    height = layout.lines * layout.line_pitch

    def below(item: TextLine) -> float:
        """（共印N份） stands under the colophon's last rule, one colophon row below the block."""
        return layout.colophon.line_pitch if item.kind == Kind.COLOPHON else 0.0

    fallen = [item for page in pages for item in page.items
              if isinstance(item, TextLine) and item.units
              and (item.baseline > height + below(item) + SLACK or item.baseline < -SLACK)]
    if any(item.kind in MASTHEAD for item in fallen):
        raise TypesetError(_grid_too_small(issue, layout, series, "报头（报头名称、期号、编发机关和日期）"))
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    colophon = [item for item in fallen if item.kind == Kind.COLOPHON]
    if colophon:
        rows = sum(1 for p in pages for i in p.items if isinstance(i, TextLine) and i.kind == Kind.COLOPHON)
        if rows * layout["colophon"]["line_pitch"] <= _standard_height(layout):  # fits the layout's own page
            raise TypesetError(_grid_too_small(issue, layout, series, f"版记（{rows} 行）"))
        problems.append(_colophon_too_tall(pages, layout, issue))
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
            elif item.kind == Kind.COLOPHON and colophon:
                continue  # said once above
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


def _grid_too_small(issue: Issue, layout: Layout, series: Series | None, what: str) -> Problem:
    lines, pitch = layout.lines, layout.line_pitch
    origin, where = _grid_origin(issue, series, layout)
    return Problem(
        f"版心太小：每页 {lines} 行 × 行距 {pitch:g} 磅 = {lines * pitch:.0f} 磅，连{what}都排不下。"
        f"请在{where}中改大 lines（每页行数）或 line_pitch（行距），"
        f"本版式原为每页 {_layout_default(layout, 'lines')} 行、行距 {_layout_default(layout, 'line_pitch')} 磅",
        origin, "layout")


def _colophon_too_tall(pages: tuple[Page, ...], layout: Layout, issue: Issue) -> Problem:
    items = [i for p in pages for i in p.items if isinstance(i, TextLine) and i.kind == Kind.COLOPHON]
    room = int(layout.lines * layout.line_pitch // layout["colophon"]["line_pitch"])
    lists: dict[str, list[Origin]] = {}
    for item in items:
        if item.origin and item.origin.path:
            lists.setdefault(re.sub(r"\[\d+\]$", "", item.origin.path), []).append(item.origin)
    longest = max(lists.items(), key=lambda kv: len(kv[1]), default=None)
    names = {"colophon.to_superiors": "“报”", "colophon.to_peers": "“送”", "colophon.to_subordinates": "“发”"}
    what = ""
    if longest and longest[0] in names:
        what = f"其中{names[longest[0]]}的名单最长（排成 {len(longest[1])} 行）；"
    at = _list_key(longest[1][0], longest[0].rsplit(".", 1)[-1]) if longest else issue.origin
    return Problem(
        f"版记共 {len(items)} 行，一页最多排约 {room} 行，版记一页排不下：{what}请精简报、送、发名单"
        "（如把同类单位合写成“各市（州）地方志办公室”），或把名单改短",
        at, longest[0] if longest else "colophon")


def _list_key(first: Origin, key: str) -> Origin:
    """The `to_peers:` (or its `add:`) above a list's first item, where the list is named."""
    try:
        lines = Path(first.file).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return first
    for n in range(min(first.line, len(lines)) - 1, max(-1, first.line - 4), -1):
        m = re.match(rf"\s*(?:-\s+)?({key}|add)\s*:", lines[n])
        if m:
            return Origin(first.file, n + 1, m.start(1) + 1, first.path)
    return first


def _grid_origin(issue: Issue, series: Series | None, layout: Layout) -> tuple[Origin | None, str]:
    """Where the page grid was set: the issue's `layout:`, series.yaml's, else the layout's own file."""
    for owner, words in ((issue, "这一期的 layout: "), (series, " series.yaml 的 layout: ")):
        found = _key_line(owner.origin.file if owner and owner.origin else None, "layout", ("lines", "line_pitch"))
        if found:
            return found, words
    return _key_line(str(layout.folder / "layout.yaml"), "grid", ("lines",)) or None, \
        f"版式文件 layouts/{layout.folder.name}/layout.yaml 的 grid: "


def _key_line(file: str | None, key: str, inner: tuple[str, ...]) -> Origin | None:
    """A top-level `key:` in a YAML file whose table sets one of `inner`: where it stands."""
    if not file:
        return None
    try:
        lines = Path(file).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for n, line in enumerate(lines):
        if not re.match(rf"{key}\s*:", line):
            continue
        block = [line] + [x for x in _indented(lines[n + 1:])]
        if any(re.search(rf"\b{name}\s*:", b.split("#")[0]) for b in block for name in inner):
            return Origin(file, n + 1, 1)
    return None


def _indented(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        if line.strip() and not line[:1].isspace() and not line.lstrip().startswith("#"):
            break
        out.append(line)
    return out


def _standard_height(layout: Layout) -> float:
    from ..layout import load_layout

    try:
        grid = load_layout(layout.name).spec["grid"]
        return float(grid["lines"] * grid["line_pitch"])
    except Exception:  # noqa: BLE001 - a layout that cannot be read again: its page as it is
        return float(layout.lines * layout.line_pitch)


def _layout_default(layout: Layout, key: str) -> str:
    from ..layout import load_layout

    try:
        return f"{load_layout(layout.name).spec['grid'][key]:g}"
    except Exception:  # noqa: BLE001 - only for the message
        return "？"
