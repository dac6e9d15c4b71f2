"""The layout's roles → the styles part: one named paragraph style per role.

    styles(doc, ctx) → None   (the styles part replaced in place; styles.py writes it)

Each style carries the role's face, size, alignment, line height and the
composer's condensing for that kind of line, so changing a style changes
every paragraph of its role.
"""

from __future__ import annotations

import math

from docx.document import Document

from ...compose import Kind
from .context import Context
from .ooxml import twips
from .styles import BODY, Paragraphing, StyleSpec, build_styles


def styles(doc: Document, ctx: Context) -> None:
    lay = ctx.layout
    s = ctx.settings_at(lay["body"]["size"])
    build_styles(doc.styles.element, _specs(ctx), ctx.faces, lay["body"]["font"],
                 lay["body"]["size"], ctx.pitch, Paragraphing(autospace=s.autospace > 0, hang=s.hang))


def _specs(ctx: Context) -> list[StyleSpec]:
    lay = ctx.layout
    p = ctx.pitch
    body, sec, title = lay["body"], lay["section"], lay["article_title"]
    col, folio = lay["colophon"], lay["page_number"]
    m = lay["masthead"]
    c = ctx.condense.get
    size = body["size"]
    indent = (body["indent_cells"] * size, round(body["indent_cells"] * 100))
    none = (0.0, 0)
    space = title["space_before_lines"] + title["space_after_lines"]
    before_tw = twips(title["space_before_lines"] * p)  # before + after = whole grid lines, to the twip
    after_tw = twips(math.ceil(space - 1e-9) * p) - before_tw
    specs = [
        StyleSpec(BODY, font=body["font"], size=size, condense=c(Kind.BODY, 0.0), align="both",
                  first_line=indent, line=p),
        StyleSpec("Section", autospace=False, font=sec["font"], size=sec["size"], condense=c(Kind.SECTION, 0.0),
                  align="left", first_line=none, line=p, keep_next=True, outline=0),
        StyleSpec("ArticleTitle", autospace=False, font=title["font"], size=title["size"],
                  condense=c(Kind.TITLE, 0.0), align="center", first_line=none, line=p,
                  before=before_tw / 20, after=after_tw / 20,
                  keep_next=True, keep_lines=True, outline=1),
    ]
    for level, h in sorted(lay["heading"].items()):
        specs.append(StyleSpec(f"Level{level}", font=h["font"], bold=h.get("bold", False),
                               based_on=BODY, outline=1 + int(level)))
    specs += [
        StyleSpec("Source", based_on=BODY, align="right", first_line=none),
        StyleSpec("Colophon", font=col["font"], size=col["size"], condense=c(Kind.COLOPHON, 0.0),
                  align="left", first_line=none, line=col["line_pitch"], keep_next=True, next="Colophon"),
        *_recipient_styles(ctx),
        StyleSpec("Folio", autospace=False, font=folio["font"], size=folio["size"], condense=c(Kind.FOLIO, 0.0),
                  align="left", first_line=none, line=folio["size"]),
        StyleSpec("Mark", autospace=False, font=m["mark"]["font"], size=m["mark"]["size"],
                  condense=c(Kind.MARK, 0.0), align="left", first_line=none),
        StyleSpec("Masthead", autospace=False, font=m["title"]["font"], size=m["title"]["size"],
                  color=ctx.colors.get(m["title"].get("color", "text"), "000000"),
                  condense=c(Kind.MASTHEAD_TITLE, 0.0),
                  align="distribute" if m["title"].get("fill_width") else "center",
                  first_line=none),
        StyleSpec("IssueNumber", autospace=False, font=m["number"]["font"], size=m["number"]["size"],
                  condense=c(Kind.NUMBER, 0.0), align="center", first_line=none),
        StyleSpec("Office", autospace=False, font=m["office"]["font"], size=m["office"]["size"],
                  condense=c(Kind.OFFICE, 0.0), align="left", first_line=none,
                  tabs=(("right", ctx.measure),)),
    ]
    fig = lay.spec.get("figure")
    if fig:
        cap = fig["caption"]
        specs += [
            StyleSpec("Figure", align="center", first_line=none, keep_next=True),
            StyleSpec("FigureCaption", font=cap["font"], size=cap["size"],
                      condense=c(Kind.CAPTION, 0.0), align="center", first_line=none, line=p),
        ]
    return specs


def _recipient_styles(ctx: Context) -> list[StyleSpec]:
    """The indents of the 报/送/发 names as styles, not as each paragraph's own: a group's first
    line hangs its label, and Enter at the end of any name (Word and LibreOffice give the new
    paragraph the style's `next`) starts a name under the names, never flush with the label."""
    from .colophon import recipient_indent

    left, hanging, right = recipient_indent(ctx)
    return [StyleSpec("ColophonGroup", based_on="Colophon", indent=(left, hanging, right), next="ColophonName"),
            StyleSpec("ColophonName", based_on="Colophon", indent=(left, 0.0, right), next="ColophonName")]
