"""ComposedIssue → the web edition's HTML (semantic, self-contained, fluid, printable)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path, PurePosixPath

from ...compose import ComposedIssue
from ...layout import Layout
from ...model import Article, Figure, Paragraph
from .printed import Row, printed
from .style import stylesheet


@dataclass(frozen=True)
class WebEdition:
    html: str
    files: dict[str, Path] = field(default_factory=dict)  # name relative to the page → picture file


def _text(s: str) -> str:
    return escape(s, quote=False)


def _first(rows: list[Row], kind: str) -> str:
    return "".join("".join(r.cells) for r in rows if r.kind == kind)


def _masthead(rows: list[Row]) -> list[str]:
    out = ['<header class="masthead">']
    mark = _first(rows, "mark")
    if mark:
        out.append(f'<p class="mark">{_text(mark)}</p>')
    title, number = _first(rows, "masthead-title"), _first(rows, "number")
    out.append(f'<h1><span class="series">{_text(title)}</span>'
               f'<span class="number">{_text(number)}</span></h1>')
    out.append(f'<p class="office"><span>{_text(_first(rows, "office"))}</span>'
               f'<time>{_text(_first(rows, "date"))}</time></p>')
    out.append("</header>")
    return out


def _picture(figure: Figure, folder: str, files: dict[str, Path]) -> str:
    source = Path(figure.path)
    name = f"{len(files) + 1}{source.suffix.lower()}"
    href = str(PurePosixPath(folder) / name)
    files[href] = source
    caption = f"<figcaption>{_text(figure.caption)}</figcaption>" if figure.caption else ""
    alt = escape(figure.caption or "", quote=True)
    width = f"{(figure.width or 0.8) * 100:.0f}%"
    return (f'<figure><img src="{escape(href, quote=True)}" alt="{alt}" style="width:{width}" '
            f'width="{figure.pixels[0]}" height="{figure.pixels[1]}">{caption}</figure>')


def _article(article: Article, folder: str, files: dict[str, Path]) -> list[str]:
    out = ["<article>", f"<h3>{''.join(_text(line) for line in article.title)}</h3>"]
    for item in article.paragraphs:
        if isinstance(item, Figure):
            out.append(_picture(item, folder, files))
        elif isinstance(item, Paragraph) and item.level:
            tag = f"h{min(3 + item.level, 6)}"
            out.append(f'<{tag} class="level{item.level}">{_text(item.text)}</{tag}>')
        else:
            out.append(f"<p>{_text(item.text)}</p>")
    if article.source:
        out.append(f'<p class="source">（{_text(article.source)}）</p>')
    out.append("</article>")
    return out


def _colophon(rows: list[Row]) -> list[str]:
    out = ['<footer class="colophon">']
    for row in rows:
        cells = "".join(f"<span>{_text(c)}</span>" for c in row.cells)
        cls = "row split" if len(row.cells) > 1 else "row"
        out.append(f'<p class="{cls}">{cells}</p>')
    out.append("</footer>")
    return out


def render(composed: ComposedIssue, layout: Layout, folder: str = "pictures") -> WebEdition:
    """The web edition; pictures are named below `folder`, relative to the page."""
    issue = composed.issue
    masthead, colophon = printed(composed)
    files: dict[str, Path] = {}
    section_format = layout.section.format
    body = [*_masthead(masthead), "<main>"]
    for section in issue.sections:
        body.append("<section>")
        body.append(f"<h2>{_text(section_format.format(name=section.name))}</h2>")
        for article in section.articles:
            body.extend(_article(article, folder, files))
        body.append("</section>")
    body.append("</main>")
    body.extend(_colophon(colophon))
    colors = layout.colors
    red = colors.get(layout.masthead.title.color or "text", colors.text)
    page = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(composed.title)}</title>",
        f'<meta name="author" content="{escape(composed.series.office, quote=True)}">',
        f'<meta name="date" content="{issue.date.isoformat()}">',
        f"<style>{stylesheet(red)}</style>",
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
        "",
    ]
    return WebEdition("\n".join(page), files)
