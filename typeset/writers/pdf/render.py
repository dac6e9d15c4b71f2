"""ComposedIssue → HTML → PDF bytes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from ...compose import ComposedIssue, Picture, Rule, TextLine, times_em
from ...errors import InternalError, TypesetError
from ...fonts import Face, faces
from ...layout import Layout
from ...session import current, listing
from .fetch import ConfinedFetcher
from .patches import font_config


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
    """The composer's units as spans that never overlap: each ideograph advances to the next
    glyph's x (runs of equal advance share a span and a letter-spacing); each Latin run is
    spread to its own box; margins place every span at the composer's x, so the line stays
    one piece of text in reading order."""
    size = line.size
    main = table[line.font]
    latin = _css_name(table["latin"])
    glyphs: list[tuple[float, str, bool, float]] = []  # (x, text, latin, box width)
    for u in line.units:
        if u.text.isspace():
            continue
        if u.latin:
            glyphs.append((u.x + u.dx, u.text, True, u.width))
        else:
            step = u.width / len(u.text)
            glyphs.extend((u.x + u.dx + i * step, ch, False, step) for i, ch in enumerate(u.text))
    spans: list[Span] = []
    pen = 0.0
    group: list[str] = []
    group_x = group_adv = 0.0

    def flush() -> None:
        nonlocal pen
        if group:
            spans.append(Span(_css_name(main), group_x - pen, group_adv - size, "".join(group)))
            pen = group_x + group_adv * len(group)
            group.clear()

    for k, (x, text, is_latin, box) in enumerate(glyphs):
        if is_latin:
            flush()
            natural = sum(times_em(c) for c in text) * size
            spans.append(Span(latin, x - pen, (box - natural) / len(text), text))
            pen = x + box
            continue
        advance = glyphs[k + 1][0] - x if k + 1 < len(glyphs) else box
        if group and abs(advance - group_adv) > 0.005:
            flush()
        if not group:
            group_x, group_adv = x, advance
        group.append(text)
    flush()
    top = origin[1] + line.baseline - ((1 - main.ascent - main.descent) / 2 + main.ascent) * size
    return Line(origin[0] + line.x, top, _css_name(main), size,
                layout.colors.get(line.color, line.color), line.bold, tuple(spans))


def _page_runs(page, layout: Layout, table: dict[str, Face]) -> dict[str, list]:
    origin = (layout.margin_left, layout.margin_top)
    lines: list[Line] = []
    rules = []
    pictures = []
    items = list(page.items) + ([page.folio] if page.folio else [])
    for item in items:
        if isinstance(item, Rule):
            rules.append({
                "left": origin[0] + item.x, "top": origin[1] + item.y - item.thickness / 2,
                "width": item.width, "height": item.thickness,
                "color": layout.colors.get(item.color, item.color),
            })
        elif isinstance(item, Picture):
            pictures.append({
                "left": origin[0] + item.x, "top": origin[1] + item.y,
                "width": item.width, "height": item.height, "src": Path(item.path).as_uri(),
            })
        else:
            lines.append(_line(item, layout, table, origin))
    return {"lines": lines, "rules": rules, "pictures": pictures}


def _templates(folder: Path) -> jinja2.Environment:
    """The layout folder's Jinja2 environment (its templates compiled once), kept by the
    session while the folder's listing is the same."""
    def make() -> jinja2.Environment:
        return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                                  undefined=jinja2.StrictUndefined, trim_blocks=False)

    return current().kept(("templates", str(folder)), listing([folder]), make, [folder])


def html(composed: ComposedIssue, layout: Layout) -> str:
    """The HTML that WeasyPrint draws (useful for inspection)."""
    if not layout.applies(composed.issue.layout_overrides):
        raise InternalError("pdf: the layout lacks the issue's overrides (Layout.with_overrides)")
    table = faces(layout, composed.series.folder)
    template = _templates(layout.folder).get_template("page.html.j2")
    pages = [_page_runs(p, layout, table) for p in composed.pages]
    # Only the faces something is drawn in: WeasyPrint loads every @font-face it is given
    # (copies and scans a CJK file of several MB), used or not.
    drawn = {css for page in pages for line in page["lines"] for css in (line.css, *(s.css for s in line.spans))}
    used = {}
    for face in table.values():
        if _css_name(face) in drawn:
            used[_css_name(face)] = {"css": _css_name(face), "url": face.path.resolve().as_uri()}
    return template.render(
        title=composed.title,
        author=composed.series.office,
        date=composed.issue.date.isoformat(),
        page={"width": layout.page_width, "height": layout.page_height},
        faces=list(used.values()),
        pages=pages,
    )


def render(composed: ComposedIssue, layout: Layout, allowed: list[Path]) -> bytes:
    """ComposedIssue → PDF bytes. Only files below `allowed` folders may be read."""
    from weasyprint.urls import FatalURLFetchingError

    from .sheets import document as print_document

    table = faces(layout, composed.series.folder)
    fetcher = ConfinedFetcher(allowed + [f.path.parent for f in table.values()])
    try:
        document = print_document(html(composed, layout), base_url=layout.folder.as_uri() + "/",
                                  url_fetcher=fetcher)
        config = font_config(f.path for f in table.values())
        return document.write_pdf(custom_metadata=True, font_config=config)
    except FatalURLFetchingError:
        where = "、".join(fetcher.refused) or "未知地址"
        raise TypesetError(f"排版时拒绝读取项目以外的文件或网络地址：{where}；排版只读取版式、字体和系列文件夹"
                           "（series.yaml 所在的文件夹）中的文件，不访问网络。请把所需文件放进系列文件夹") from None
