"""The articles: sections, titles, paragraphs, pictures and sources → paragraphs.

    body(ctx, doc) → [w:p]   (`doc` only takes the pictures' image parts)

The text flows in the word processor: paragraphs are paragraphs, titles keep
the author's lines (w:br), so an editor can change the file. From the plan:
which title opens a page (its space left out there; the break itself comes from
keep-with-next, never a written break), the source on the last line (a right tab)
or on its own, a paragraph condensed otherwise than its style, and the characters set at
other advances so that the composer's line breaks hold (fitting.py).
"""

from __future__ import annotations

import io
import math

from docx.document import Document
from docx.shared import Emu
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from ...compose import ArticlePlan, Kind, Picture, Placement, SectionPlan, settings_for, title_settings, units_of
from ...confined import read_confined
from ...model import Article, Figure, Paragraph, Section
from .context import Context
from .fitting import fitted
from .ooxml import break_run, el, on_off, paragraph, tab_run, twips
from .runs import runs
from .styles import BODY

PT_EMU = 12700  # EMU per pt


def body(ctx: Context, doc: Document) -> list[etree._Element]:
    out: list[etree._Element] = []
    for section, plan in zip(ctx.issue.sections, ctx.plan.sections, strict=True):
        out += _section(ctx, doc, section, plan)
    return out




def _section(ctx: Context, doc: Document, section: Section, plan: SectionPlan) -> list[etree._Element]:
    p = paragraph("Section")
    p.extend(runs(ctx, plan.marker.lines()[0].text, Kind.SECTION))
    out = [p]
    for article, aplan in zip(section.articles, plan.articles, strict=True):
        out += _article(ctx, doc, article, aplan)
    return out


def _article(ctx: Context, doc: Document, article: Article, plan: ArticlePlan) -> list[etree._Element]:
    extra = []
    if plan.title.opens_page:
        # at the top of a page the title takes its lines only: Word drops the space
        # before a paragraph at the top of a page after a soft break, LibreOffice keeps it
        # (README, LibreOffice accommodations); the page break comes from keep-with-next
        extra.append(el("w:spacing", {"before": 0, "after": 0}))
    room = _title_room(ctx, article.title)
    if room > 0:  # always, in effect: see _title_room
        extra.append(el("w:ind", {"left": -twips(room), "right": -twips(room),
                                  "firstLine": 0, "firstLineChars": 0}))
    p = paragraph("ArticleTitle", extra)
    composed = plan.title.lines()
    for i, line in enumerate(article.title):
        if i:
            p.append(break_run())
        p.extend(runs(ctx, line, Kind.TITLE, composed[i].condense))  # a line the composer condensed
    out = [p]
    last = len(article.paragraphs) - 1
    for k, (item, placed) in enumerate(zip(article.paragraphs, plan.paragraphs, strict=True)):
        if isinstance(item, Figure):
            out += _figure(ctx, doc, item, placed)
        else:
            out.append(_paragraph(ctx, item, placed, k == last and plan.source_inline))
    if plan.source is not None:
        p = paragraph("Source")
        p.extend(runs(ctx, plan.source.lines()[0].text, Kind.SOURCE))
        out.append(p)
    return out


def _title_room(ctx: Context, lines: tuple[str, ...]) -> float:
    """pt to widen a title on each side so that no author's line wraps where a program
    sets it a little wider than the composer: Chinese/Latin auto-spacing (LibreOffice
    ignores w:autoSpaceDE/DN), rounding of marks. One title cell, and the auto-spacing
    on top. Symmetric, so a centred line stays where it was."""
    s = title_settings(ctx.layout)
    need = 0.0
    for line in lines:
        units = units_of(line, s)
        width = sum(u.width for u in units)
        gaps = sum(1 for a, b in zip(units, units[1:], strict=False)
                   if (a.ideograph and b.alnum) or (a.alnum and b.ideograph))
        need = max(need, width + gaps * s.autospace - ctx.measure)
    return s.size + (math.ceil(need * 20) / 20 if need > 0 else 0.0)


def _paragraph(ctx: Context, para: Paragraph, placed: Placement, inline_source: bool) -> etree._Element:
    style = f"Level{para.level}" if para.level else BODY
    extra: list[etree._Element] = []
    if inline_source:
        extra.append(el("w:tabs", children=[el("w:tab", {"val": "right", "pos": twips(ctx.measure)})]))
    size = ctx.sizes[Kind.BODY]
    if "autospace" in para.composition:
        s = settings_for(ctx.layout, size, ctx.issue.composition, para.composition)
        extra += [on_off("w:autoSpaceDE", s.autospace > 0), on_off("w:autoSpaceDN", s.autospace > 0)]
    lines = placed.lines()
    condense = None
    c = lines[0].condense
    if c is not None and abs(c - ctx.condense.get(Kind.BODY, 0.0)) > 1e-6:
        condense = c
    own = ctx.condense.get(Kind.BODY, 0.0) if condense is None else condense
    fit = fitted(para.text, lines, ctx.settings_at(size), size, own,
                      ctx.layout.body.indent_cells * size, ctx.measure)
    p = paragraph(style, extra)
    p.extend(runs(ctx, para.text, Kind.BODY, condense, fit))
    if inline_source:
        last = lines[-1]
        p.append(tab_run())
        source = "".join(u.text for u in last.units[last.source_from:]).strip()
        p.extend(runs(ctx, source, Kind.BODY, condense))
    return p


def _figure(ctx: Context, doc: Document, figure: Figure, placed: Placement) -> list[etree._Element]:
    pic = next(i for i in placed.items if isinstance(i, Picture))
    width, height = pic.width, pic.height
    top = math.floor(pic.y / ctx.pitch + 1e-6) * ctx.pitch
    slots = max(1, round((2 * (pic.y - top) + height) / ctx.pitch))
    # at least its grid lines high: the picture stands on the baseline, never clipped
    line = slots * ctx.pitch
    p = paragraph("Figure", [el("w:spacing", {"line": twips(line), "lineRule": "atLeast"})])
    run = DocxParagraph(p, doc._body).add_run()
    data = read_confined(figure.path, ctx.composed.series.folder)
    run.add_picture(io.BytesIO(data), width=Emu(round(width * PT_EMU)), height=Emu(round(height * PT_EMU)))
    out = [p]
    if figure.caption:
        cp = paragraph("FigureCaption")
        cp.extend(runs(ctx, figure.caption, Kind.CAPTION))
        out.append(cp)
    return out
