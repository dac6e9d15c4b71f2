"""Cover and contents of the volume, drawn with WeasyPrint from the layout's book.html.j2.

The contents lists each issue (第N期（总第M期） and its date) and under it its articles,
each with the number of the page it starts on; those numbers are the volume's page
labels (1 is the first page of the first issue), so they do not depend on how many
pages the contents itself takes. The rendered front matter is kept beside the stamps,
keyed by its HTML and font files, and drawn again (in a worker) only when that changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..build import write_atomic
from ..fonts import Face
from ..layout import MM, Layout
from ..stamps import FOLDER, digest


@dataclass(frozen=True)
class Line:
    text: str
    page: int  # the page label (1-based, the first issue's first page is 1)


@dataclass(frozen=True)
class Listed:
    """One issue in the contents."""

    text: str  # 第N期（总第M期）　2024年3月26日
    page: int
    articles: tuple[Line, ...]


@dataclass(frozen=True)
class Cover:
    title: str  # the series title
    volume: str  # 2024年合订本
    range: str  # 第1—30期（总第113—142期）、增刊2期
    office: str


def _css(role: str) -> str:
    return f"book-{role}"


def html(layout: Layout, table: dict[str, Face], cover: Cover, listed: list[Listed], title: str) -> str:
    spec = layout["book"]
    c, k = spec["cover"], spec["contents"]
    pitch = k["line_pitch"]
    colors = layout["colors"]

    def box(style: dict, text: str) -> dict:
        place = (f"top:{style['top_mm'] * MM:.3f}pt" if "top_mm" in style
                 else f"bottom:{style['bottom_mm'] * MM:.3f}pt")
        return {"place": place, "css": _css(style["font"]), "size": style["size"], "text": text,
                "color": colors.get(style.get("color", "text"), "#000000")}

    cover_boxes = [box(c["title"], cover.title), box(c["volume"], cover.volume),
                   box(c["range"], cover.range), box(c["office"], cover.office)]
    roles = {c[n]["font"] for n in ("title", "volume", "range", "office")}
    roles |= {k[n]["font"] for n in ("heading", "issue", "article")}
    faces = [{"css": _css(r), "url": table[r].path.resolve().as_uri()} for r in sorted(roles)]

    def font(name: str) -> dict:
        return {"css": _css(k[name]["font"]), "size": k[name]["size"], "text": k[name].get("text", "")}

    contents = {
        "pitch": pitch, "heading_after": k["heading"]["after_lines"] * pitch,
        "issue_before": k["issue"]["before_lines"] * pitch, "leader": k["leader"],
        "page_gap": k["page_gap_cells"] * k["article"]["size"],
        "article_indent": k["article"]["indent_cells"] * k["article"]["size"],
        "heading": font("heading"), "issue": font("issue"), "article": font("article"),
    }
    page = {"width": layout.page_width, "height": layout.page_height, "top": layout.margin_top,
            "right": layout.margin_right, "bottom": layout.margin_bottom, "left": layout.margin_left}
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(layout.folder), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template("book.html.j2").render(
        title=title, page=page, faces=faces, cover=cover_boxes, contents=contents, issues=listed)


def key(document: str, table: dict[str, Face]) -> str:
    """What the drawn front matter depends on: its HTML and the font files."""
    fonts = sorted({f.path.resolve() for f in table.values()})
    return digest("\0".join([document, *(f"{p}|{p.stat().st_size}|{p.stat().st_mtime_ns}" for p in fonts)]).encode())


def _paths(out_dir: Path, name: str) -> tuple[Path, Path]:
    return out_dir / FOLDER / f"{name}.pdf", out_dir / FOLDER / f"{name}.json"


def cached(out_dir: Path, name: str, want: str) -> tuple[bytes, int] | None:
    """(PDF bytes, pages) of the front matter drawn last time, if drawn from the same key."""
    pdf_path, meta_path = _paths(out_dir, name)
    try:
        meta = json.loads(meta_path.read_text("utf-8"))
        data = pdf_path.read_bytes()
        if meta.get("key") == want and meta.get("pdf") == digest(data):
            return data, int(meta["pages"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def draw(document: str, base_url: str, out_dir: Path, name: str, want: str) -> int:
    """Draw the front matter (in a worker process: WeasyPrint stays out of the binding
    process) and keep it with its key for `cached`; its page count."""
    from ..writers import pdf as _engine  # noqa: F401  (loads WeasyPrint the quick way)

    # isort: split
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    rendered = weasyprint.HTML(string=document, base_url=base_url).render(font_config=FontConfiguration())
    data = rendered.write_pdf()
    pages = len(rendered.pages)
    pdf_path, meta_path = _paths(out_dir, name)
    write_atomic(pdf_path, data)
    write_atomic(meta_path, json.dumps({"key": want, "pdf": digest(data), "pages": pages}).encode())
    return pages
