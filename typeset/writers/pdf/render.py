"""ComposedIssue → HTML → PDF bytes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from ...compose import ComposedIssue, Rule, TextLine
from ...compose.metrics import times_em
from ...errors import TypesetError
from ...fonts import Face, faces
from ...layout import Layout
from .fetch import ConfinedFetcher


@dataclass(frozen=True)
class Span:
    css: str  # font-family of the face that draws it
    margin: float  # pt from the end of the previous span to this one's first glyph
    spacing: float  # letter-spacing, pt
    text: str


@dataclass(frozen=True)
class Line:
    """One composed line: a block at the baseline, its glyph runs as inline spans."""

    left: float
    top: float
    css: str
    size: float
    color: str
    bold: bool
    spans: tuple[Span, ...]


def _css_name(face: Face) -> str:
    return f"ts-{face.role}"


def _line(line: TextLine, layout: Layout, table: dict[str, Face],
          origin: tuple[float, float]) -> Line:
    """Runs of glyphs with a constant pitch become one span each; margins place every run at
    the composer's x, so the line stays one piece of text in reading order."""
    size = line.size
    main = table[line.font]
    runs: list[tuple[float, str, float, str]] = []  # (x, css, pitch or advance, text)
    group: list[tuple[float, str]] = []

    def flush() -> None:
        if group:
            pitch = group[1][0] - group[0][0] if len(group) > 1 else size
            runs.append((group[0][0], _css_name(main), pitch, "".join(ch for _, ch in group)))
            group.clear()

    for u in line.units:
        if u.text.isspace():
            flush()
        elif u.latin:
            flush()
            runs.append((u.x + u.dx, _css_name(table["latin"]), u.width, u.text))
        else:
            step = u.width / len(u.text)
            for i, ch in enumerate(u.text):
                g = (u.x + u.dx + i * step, ch)
                if len(group) > 1 and abs((g[0] - group[-1][0]) - (group[1][0] - group[0][0])) > 0.01:
                    flush()
                group.append(g)
    flush()
    spans, pen = [], 0.0
    for x, css, width, text in runs:
        if css == _css_name(main):  # ideographs: advance 1 em each, pitch `width`
            spacing = width - size
            advance = len(text) * width
        else:  # Latin: spread (or tighten) the face's own advances to the composed box
            natural = sum(times_em(c) for c in text) * size
            spacing = (width - natural) / len(text)
            advance = width
        spans.append(Span(css, x - pen, spacing, text))
        pen = x + advance
    top = origin[1] + line.baseline - ((1 - main.ascent - main.descent) / 2 + main.ascent) * size
    return Line(origin[0] + line.x, top, _css_name(main), size,
                layout["colors"].get(line.color, line.color), line.bold, tuple(spans))


def _page_runs(page, layout: Layout, table: dict[str, Face]) -> dict[str, list]:
    origin = (layout.margin_left, layout.margin_top)
    lines: list[Line] = []
    rules = []
    items = list(page.items) + ([page.folio] if page.folio else [])
    for item in items:
        if isinstance(item, Rule):
            rules.append({
                "left": origin[0] + item.x, "top": origin[1] + item.y - item.thickness / 2,
                "width": item.width, "height": item.thickness,
                "color": layout["colors"].get(item.color, item.color),
            })
        else:
            lines.append(_line(item, layout, table, origin))
    return {"lines": lines, "rules": rules}


def _environment(folder: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=False,
    )


def html(composed: ComposedIssue, layout: Layout) -> str:
    """The HTML that WeasyPrint draws (useful for inspection)."""
    table = faces(layout)
    template = _environment(layout.folder).get_template("page.html.j2")
    used = {}
    for face in table.values():
        used[_css_name(face)] = {"css": _css_name(face), "url": face.path.resolve().as_uri()}
    return template.render(
        title=composed.title,
        author=composed.series.office,
        date=composed.issue.date.isoformat(),
        page={"width": layout.page_width, "height": layout.page_height},
        faces=list(used.values()),
        pages=[_page_runs(p, layout, table) for p in composed.pages],
    )


def render(composed: ComposedIssue, layout: Layout, allowed: list[Path]) -> bytes:
    """ComposedIssue → PDF bytes. Only files below `allowed` folders may be read."""
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    fetcher = ConfinedFetcher(allowed + [f.path.parent for f in faces(layout).values()])
    try:
        document = weasyprint.HTML(string=html(composed, layout),
                                   base_url=layout.folder.as_uri() + "/", url_fetcher=fetcher)
        return document.write_pdf(custom_metadata=True)
    except FatalURLFetchingError:
        where = "、".join(fetcher.refused) or "未知地址"
        raise TypesetError(f"排版时拒绝读取项目以外的文件或网络地址：{where}") from None
