"""ComposedIssue → DOCX bytes (python-docx, with raw WordprocessingML where it falls short).

The text flows in the word processor: paragraphs are paragraphs, titles keep
the author's lines (w:br), so an editor can change the file. The composer's
decisions that a word processor would not take the same way are carried over
(plan.py): which block opens a page, the source on the last line or its own,
condensed paragraphs, where the masthead lines and the colophon stand.
Every number comes from the layout or from the composed pages.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections import Counter
from dataclasses import dataclass

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Emu
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from ...compose import (
    EPS,
    RECIPIENT_PARTS,
    ComposedIssue,
    Kind,
    Part,
    Picture,
    Rule,
    Settings,
    TextLine,
    gap_between,
    is_ideograph,
    is_latin,
    latin_em,
    settings_for,
    times_em,
    title_settings,
    units_of,
)
from ...compose import Placed as PlacedUnit
from ...errors import InternalError
from ...layout import MM, Layout
from ...model import Article, Figure, Issue, Paragraph, Section
from ...reader.pictures import read_confined
from .ooxml import (
    break_run,
    eighths,
    el,
    field_runs,
    hex_color,
    on_off,
    props,
    put,
    sub,
    tab_run,
    text_run,
    twips,
)
from .plan import ArticlePlan, Placement, Plan, SectionPlan, condense_of, read_plan
from .styles import BODY, Faces, Paragraphing, StyleSpec, build_styles, scale_of

# Where Word and LibreOffice put the baseline in a line of exact height: four fifths down.
EXACT_ASCENT = 0.8
# The closing marks LibreOffice 7.4 hangs past the right edge (measured); a line the
# composer ends with another hung mark is fitted by squeezing instead (_Fitter.unhang).
HANGS = "，。、；：？！"
# pt per character by which a program's advance may fall short of the exact scaled width
# (LibreOffice 7.4 sets a scaled glyph up to 0.05 pt narrower).
ADVANCE_SLACK = 0.05
# LibreOffice 7.4 draws a hung mark only while the room left on the line before it is less
# than about 0.6 of the mark's width (measured); lines are kept under this share of it.
HANG_ROOM = 0.5
# At most this many percent wider or narrower a character is set to keep a composed line.
STRETCH = 3
# GB 2312 character set (w:charset) for the East Asian faces in the font table: Word
# looks for a Chinese substitute when the named face is missing.
GB2312 = "86"
_DROP_RELS = (RT.CUSTOM_XML, RT.NUMBERING, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects")


def render(composed: ComposedIssue, layout: Layout) -> bytes:
    """ComposedIssue → DOCX bytes."""
    if not layout.applies(composed.issue.layout_overrides):
        raise InternalError("docx: the layout lacks the issue's overrides (Layout.with_overrides)")
    plan = read_plan(composed)
    writer = _Writer(composed, layout, plan)
    return writer.write()


@dataclass(frozen=True)
class _MastRow:
    style: str
    lines: tuple[TextLine, ...]
    before: int  # twips
    height: int  # twips


class _Writer:
    def __init__(self, composed: ComposedIssue, layout: Layout, plan: Plan):
        self.composed = composed
        self.issue: Issue = composed.issue
        self.layout = layout
        self.plan = plan
        self.doc = docx.Document()
        self.body = self.doc.element.body
        fonts = layout["fonts"]
        self.faces = Faces({role: spec["faces"][0] for role, spec in fonts.items()},
                           fonts["latin"]["faces"][0])
        self.colors = {k: hex_color(v) for k, v in layout["colors"].items()}
        self.pitch = layout.line_pitch
        self.measure = layout.text_width
        self.condense = self._condense_by_kind()
        m = layout["masthead"]
        self.sizes = {
            "body": layout["body"]["size"], "source": layout["body"]["size"],
            "section": layout["section"]["size"], "title": layout["article_title"]["size"],
            "colophon": layout["colophon"]["size"], "folio": layout["page_number"]["size"],
            "mark": m["mark"]["size"], "masthead-title": m["title"]["size"],
            "number": m["number"]["size"], "office": m["office"]["size"], "date": m["office"]["size"],
        }
        if layout.spec.get("figure"):
            self.sizes["caption"] = layout["figure"]["caption"]["size"]

    # ------------------------------------------------------------ whole document

    def write(self) -> bytes:
        self._clean_package()
        self._page_setup()
        self._settings()
        self._fonts_table()
        build_styles(self.doc.styles.element, self._specs(), self.faces, self.layout["body"]["font"],
                     self.layout["body"]["size"], self.pitch, self._paragraphing())
        self._masthead()
        for i, section in enumerate(self.issue.sections):
            self._section(section, self.plan.sections[i])
        self._colophon()
        if self.composed.series.page_numbers:
            self._folios()
        self._properties()
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def _clean_package(self) -> None:
        """The template's leftovers: sample styles, thumbnail, custom XML, numbering."""
        rels = self.doc.part.rels
        for rid, rel in list(rels.items()):
            if rel.reltype in _DROP_RELS:
                rels.pop(rid)
        pkg = self.doc.part.package.rels
        for rid, rel in list(pkg.items()):
            if rel.reltype == RT.THUMBNAIL:
                pkg.pop(rid)
        for child in list(self.body):
            if child.tag != _w("sectPr"):
                self.body.remove(child)

    def _add(self, p: etree._Element) -> etree._Element:
        self.body.sectPr.addprevious(p)
        return p

    # ------------------------------------------------------------ page, settings, fonts

    def _page_setup(self) -> None:
        lay = self.layout
        sect = self.body.sectPr
        width, height = twips(lay.page_width), twips(lay.page_height)
        left, top = twips(lay.margin_left), twips(lay.margin_top)
        text_w, text_h = twips(lay.text_width), twips(lay.text_height)
        pn = lay["page_number"]
        folio_top = lay.margin_top + lay.text_height + pn["below_mm"] * MM
        footer = lay.page_height - folio_top - pn["size"]  # the folio line is one size high
        for tag in ("w:pgSz", "w:pgMar", "w:cols", "w:docGrid"):
            for old in sect.findall(_w(tag[2:])):
                sect.remove(old)
        sub(sect, "w:pgSz", {"w": width, "h": height})
        sub(sect, "w:pgMar", {"top": top, "right": width - left - text_w, "bottom": height - top - text_h,
                              "left": left, "header": max(0, twips(footer)), "footer": max(0, twips(footer)),
                              "gutter": 0})
        sub(sect, "w:cols", {"space": 0})
        body_size = lay["body"]["size"]
        chars = lay["grid"]["chars"]
        # Word: character pitch = body size + charSpace/4096 pt; 28 pitches fill the measure.
        char_space = round((lay.text_width / chars - body_size) * 4096)
        sub(sect, "w:docGrid", {"type": "linesAndChars", "linePitch": twips(self.pitch),
                                "charSpace": char_space})

    def _paragraphing(self) -> Paragraphing:
        s = settings_for(self.layout, self.layout["body"]["size"], self.issue.composition)
        return Paragraphing(autospace=s.autospace > 0, hang=s.hang)

    def _settings(self) -> None:
        settings = self.doc.settings.element
        s = settings_for(self.layout, self.layout["body"]["size"], self.issue.composition)
        put(settings, el("w:characterSpacingControl",
                         {"val": "compressPunctuation" if s.compress_punctuation else "doNotCompress"}))
        # 避头尾 lists of the composition settings, for Simplified Chinese (FORMAT §8)
        put(settings, el("w:noLineBreaksAfter", {"lang": "zh-CN", "val": s.no_end}))
        put(settings, el("w:noLineBreaksBefore", {"lang": "zh-CN", "val": s.no_start}))
        if self.composed.series.page_numbers:
            put(settings, el("w:evenAndOddHeaders"))
        put(settings, el("w:themeFontLang", {"val": "en-US", "eastAsia": "zh-CN"}))
        compat = settings.find(_w("compat"))
        if compat is not None:
            for setting in compat.findall(_w("compatSetting")):
                if setting.get(_w("name")) == "compatibilityMode":
                    setting.set(_w("val"), "15")

    def _fonts_table(self) -> None:
        """The faces by their official names, each with its first alternative name."""
        table = el("w:fonts")
        seen: set[str] = set()
        for role, spec in self.layout["fonts"].items():
            name = spec["faces"][0]
            if name in seen:
                continue
            seen.add(name)
            font = el("w:font", {"name": name})
            if len(spec["faces"]) > 1:
                font.append(el("w:altName", {"val": spec["faces"][1]}))
            latin = role == "latin"
            font.append(el("w:charset", {"val": "00" if latin else GB2312}))
            font.append(el("w:family", {"val": "roman" if latin else "modern"}))
            font.append(el("w:pitch", {"val": "variable" if latin else "fixed"}))
            table.append(font)
        part = self.doc.part.part_related_by(RT.FONT_TABLE)
        # python-docx keeps this part as plain bytes
        part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)

    # ------------------------------------------------------------ styles

    def _condense_by_kind(self) -> dict[str, float]:
        """pt taken from each character, per kind of composed line (the composer's choice;
        the most common one, where a paragraph was condensed more)."""
        seen: dict[str, Counter[float]] = {}
        for page in self.composed.pages:
            for item in (*page.items, *([page.folio] if page.folio else [])):
                if isinstance(item, TextLine):
                    c = condense_of(item)
                    if c is not None:
                        seen.setdefault(item.kind, Counter())[c] += 1
        return {kind: counts.most_common(1)[0][0] for kind, counts in seen.items()}

    def _specs(self) -> list[StyleSpec]:
        lay = self.layout
        p = self.pitch
        body, sec, title = lay["body"], lay["section"], lay["article_title"]
        col, folio = lay["colophon"], lay["page_number"]
        m = lay["masthead"]
        c = self.condense.get
        size = body["size"]
        indent = (body["indent_cells"] * size, round(body["indent_cells"] * 100))
        none = (0.0, 0)
        space = title["space_lines"]
        before_tw = twips(space * p)  # before + after = whole grid lines, to the twip
        after_tw = twips(math.ceil(space - 1e-9) * p) - before_tw
        specs = [
            StyleSpec(BODY, font=body["font"], size=size, condense=c("body", 0.0), align="both",
                      first_line=indent, line=p),
            StyleSpec("Section", autospace=False, font=sec["font"], size=sec["size"], condense=c("section", 0.0),
                      align="left", first_line=none, line=p, keep_next=True, outline=0),
            StyleSpec("ArticleTitle", autospace=False, font=title["font"], size=title["size"],
                      condense=c("title", 0.0), align="center", first_line=none, line=p,
                      before=before_tw / 20, after=after_tw / 20,
                      keep_next=True, keep_lines=True, outline=1),
        ]
        for level, h in sorted(lay["heading"].items()):
            specs.append(StyleSpec(f"Level{level}", font=h["font"], bold=h.get("bold", False),
                                   based_on=BODY, outline=1 + int(level)))
        specs += [
            StyleSpec("Source", based_on=BODY, align="right", first_line=none),
            StyleSpec("Colophon", font=col["font"], size=col["size"], condense=c("colophon", 0.0),
                      align="left", first_line=none, line=col["line_pitch"], keep_next=True),
            StyleSpec("Folio", autospace=False, font=folio["font"], size=folio["size"], condense=c("folio", 0.0),
                      align="left", first_line=none, line=folio["size"]),
            StyleSpec("Mark", autospace=False, font=m["mark"]["font"], size=m["mark"]["size"],
                      condense=c("mark", 0.0), align="left", first_line=none),
            StyleSpec("Masthead", autospace=False, font=m["title"]["font"], size=m["title"]["size"],
                      color=self.colors.get(m["title"].get("color", "text"), "000000"),
                      condense=c("masthead-title", 0.0),
                      align="distribute" if m["title"].get("fill_width") else "center",
                      first_line=none),
            StyleSpec("IssueNumber", autospace=False, font=m["number"]["font"], size=m["number"]["size"],
                      condense=c("number", 0.0), align="center", first_line=none),
            StyleSpec("Office", autospace=False, font=m["office"]["font"], size=m["office"]["size"],
                      condense=c("office", 0.0), align="left", first_line=none,
                      tabs=(("right", self.measure),)),
        ]
        fig = lay.spec.get("figure")
        if fig:
            cap = fig["caption"]
            specs += [
                StyleSpec("Figure", align="center", first_line=none, keep_next=True),
                StyleSpec("FigureCaption", font=cap["font"], size=cap["size"],
                          condense=c("caption", 0.0), align="center", first_line=none, line=p),
            ]
        return specs

    # ------------------------------------------------------------ paragraphs and runs

    def _paragraph(self, style: str, ppr_extra: list[etree._Element] | None = None) -> etree._Element:
        p = el("w:p")
        ppr = el("w:pPr")
        put(ppr, el("w:pStyle", {"val": style}))
        for extra in ppr_extra or []:
            put(ppr, extra)
        p.append(ppr)
        return p

    def _runs(self, p: etree._Element, text: str, kind: str = "body",
              condense: float | None = None, squeezed: dict[int, float] | None = None) -> None:
        """Text as runs of a paragraph of `kind` (a composed line kind), each character at the
        composer's advance: Chinese at the style's condensing (or `condense`, when the composer
        condensed this paragraph otherwise); Latin characters (ASCII, curly quotes …) in the
        Latin character style, which names the Latin face on every font slot whatever script a
        program files a character under, each fitted to its composed advance. `squeezed`:
        characters (by index) that the composer set narrower to keep a line (push-in), with
        their advance."""
        size = self.sizes.get(kind, self.layout["body"]["size"])
        style = self.condense.get(kind, 0.0)
        own = style if condense is None else condense
        s = self._settings_at(size)
        for chunk, latin, spacing, scale in _segments(text, s, size, own, squeezed or {}):
            rpr = el("w:rPr")
            if latin:
                put(rpr, el("w:rStyle", {"val": "Latin"}))
            if scale is None and abs(own - style) > 1e-6:  # a paragraph condensed otherwise
                scale = scale_of(size - own, size)
            if scale is not None:
                put(rpr, el("w:w", {"val": scale}))
            if spacing is not None:
                put(rpr, el("w:spacing", {"val": twips(spacing)}))
            p.append(text_run(chunk, rpr))

    def _settings_at(self, size: float) -> Settings:
        return settings_for(self.layout, size, self.issue.composition)

    # ------------------------------------------------------------ masthead

    def _masthead_rows(self) -> tuple[list[_MastRow], Rule | None]:
        """Masthead lines as paragraphs of exact height whose baselines fall where the
        composer put them (sizes in twips, so that they add up exactly)."""
        styles = {"mark": "Mark", "masthead-title": "Masthead", "number": "IssueNumber",
                  "office": "Office", "date": "Office"}
        groups: dict[str, list[TextLine]] = {}
        rule = None
        for item in self.plan.masthead:
            if isinstance(item, Rule):
                rule = rule or item
            elif isinstance(item, TextLine):
                groups.setdefault(styles[item.kind], []).append(item)
        rows: list[_MastRow] = []
        y = 0
        for style, lines in sorted(groups.items(), key=lambda g: g[1][0].baseline):
            size = max(line.size for line in lines)
            height = twips(self.pitch * max(1, math.ceil(size / self.pitch - 1e-9)))
            before = max(0, twips(lines[0].baseline - EXACT_ASCENT * height / 20) - y)
            y += before + height
            rows.append(_MastRow(style, tuple(lines), before, height))
        return rows, rule

    def _masthead(self) -> None:
        """Masthead paragraphs; the red rule that closes it is the last one's bottom border.
        The masthead ends on the grid line where the body starts, less the grid's slack
        (text height − lines × pitch), which programs' rounding would otherwise eat."""
        rows, rule = self._masthead_rows()
        lay = self.layout
        slack = max(0.0, lay.text_height - lay.lines * self.pitch)
        body_top = twips(lay["masthead"]["office_line"] * self.pitch - slack)
        y = 0
        for k, row in enumerate(rows):
            spacing = {"before": row.before, "after": 0, "line": row.height, "lineRule": "exact"}
            extra = []
            y += row.before + row.height
            if k == len(rows) - 1 and rule is not None:
                width = eighths(rule.thickness)  # eighths of a point: 2.5 twips each
                room = (body_top - y) * 8 - width * 20  # in 1/160 pt
                wanted = round((rule.y - rule.thickness / 2) - y / 20)
                space = max(0, min(wanted, room // 160))  # whole points (w:space)
                spacing["after"] = max(0, body_top - y - space * 20 - math.ceil(width * 2.5))
                extra.append(el("w:pBdr", children=[el("w:bottom", {
                    "val": "single", "sz": width, "space": space,
                    "color": self.colors.get(rule.color, hex_color(rule.color))})]))
            extra.append(el("w:spacing", spacing))
            p = self._paragraph(row.style, extra)
            if row.style == "Office":
                office = next((t.text for t in row.lines if t.kind == "office"), "")
                date = next((t.text for t in row.lines if t.kind == "date"), "")
                self._runs(p, office, "office")
                p.append(tab_run())
                self._runs(p, date, "date")
            else:
                text = "".join(t.text for t in sorted(row.lines, key=lambda t: t.x)).strip()
                self._runs(p, text, row.lines[0].kind)
            self._add(p)

    # ------------------------------------------------------------ body

    def _opens(self, placed: Placement) -> list[etree._Element]:
        return [el("w:pageBreakBefore")] if placed.opens_page else []

    def _section(self, section: Section, plan: SectionPlan) -> None:
        p = self._paragraph("Section", self._opens(plan.marker))
        self._runs(p, plan.marker.lines()[0].text, Kind.SECTION)
        self._add(p)
        for article, aplan in zip(section.articles, plan.articles, strict=True):
            self._article(article, aplan)

    def _article(self, article: Article, plan: ArticlePlan) -> None:
        extra = self._opens(plan.title)
        if plan.title.opens_page:  # at the top of a page the title takes its lines only
            extra.append(el("w:spacing", {"before": 0, "after": 0}))
        room = self._title_room(article.title)
        if room > 0:  # always, in effect: see _title_room
            extra.append(el("w:ind", {"left": -twips(room), "right": -twips(room),
                                      "firstLine": 0, "firstLineChars": 0}))
        p = self._paragraph("ArticleTitle", extra)
        for i, line in enumerate(article.title):
            if i:
                p.append(break_run())
            self._runs(p, line, "title")
        self._add(p)
        last = len(article.paragraphs) - 1
        for k, (item, placed) in enumerate(zip(article.paragraphs, plan.paragraphs, strict=True)):
            if isinstance(item, Figure):
                self._figure(item, placed)
            else:
                self._body_paragraph(item, placed, k == last and plan.source_inline)
        if plan.source is not None:
            p = self._paragraph("Source")
            self._runs(p, plan.source.lines()[0].text, Kind.SOURCE)
            self._add(p)

    def _title_room(self, lines: tuple[str, ...]) -> float:
        """pt to widen a title on each side so that no author's line wraps where a program
        sets it a little wider than the composer: Chinese/Latin auto-spacing (LibreOffice
        ignores w:autoSpaceDE/DN), rounding of marks. One title cell, and the auto-spacing
        on top. Symmetric, so a centred line stays where it was."""
        s = title_settings(self.layout)
        need = 0.0
        for line in lines:
            units = units_of(line, s)
            width = sum(u.width for u in units)
            gaps = sum(1 for a, b in zip(units, units[1:], strict=False)
                       if (a.ideograph and b.alnum) or (a.alnum and b.ideograph))
            need = max(need, width + gaps * s.autospace - self.measure)
        return s.size + (math.ceil(need * 20) / 20 if need > 0 else 0.0)

    def _body_paragraph(self, para: Paragraph, placed: Placement, inline_source: bool) -> None:
        style = f"Level{para.level}" if para.level else BODY
        extra: list[etree._Element] = []
        if inline_source:
            extra.append(el("w:tabs", children=[el("w:tab", {"val": "right",
                                                              "pos": twips(self.measure)})]))
        composition = para.composition
        if "autospace" in composition:
            s = settings_for(self.layout, self.layout["body"]["size"], self.issue.composition,
                             composition)
            extra += [on_off("w:autoSpaceDE", s.autospace > 0), on_off("w:autoSpaceDN", s.autospace > 0)]
        condense = None
        c = condense_of(placed.lines()[0])
        if c is not None and abs(c - self.condense.get("body", 0.0)) > 1e-6:
            condense = c
        squeezed = _squeezed(para.text, placed.lines())
        size = self.sizes["body"]
        own = self.condense.get("body", 0.0) if condense is None else condense
        fitter = _Fitter(para.text, placed.lines(), self._settings_at(size), size, own, squeezed,
                         self.layout["body"]["indent_cells"] * size, self.measure)
        fitter.unhang()
        fitter.refit()
        p = self._paragraph(style, extra)
        self._runs(p, para.text, "body", condense, squeezed)
        if inline_source:
            last = placed.lines()[-1]
            p.append(tab_run())
            self._runs(p, "".join(u.text for u in last.units[last.source_from:]).strip(), Kind.BODY,
                       condense)
        self._add(p)

    def _figure(self, figure: Figure, placed: Placement) -> None:
        pic = next(i for i in placed.items if isinstance(i, Picture))
        width, height = pic.width, pic.height
        top = math.floor(pic.y / self.pitch + 1e-6) * self.pitch
        slots = max(1, round((2 * (pic.y - top) + height) / self.pitch))
        # at least its grid lines high: the picture stands on the baseline, never clipped
        line = slots * self.pitch
        p = self._paragraph("Figure", [el("w:spacing", {"line": twips(line), "lineRule": "atLeast"})])
        self._add(p)
        run = DocxParagraph(p, self.doc._body).add_run()
        data = read_confined(figure.path, self.composed.series.folder)
        run.add_picture(io.BytesIO(data), width=Emu(round(width * 12700)), height=Emu(round(height * 12700)))
        if figure.caption:
            cp = self._paragraph("FigureCaption")
            self._runs(cp, figure.caption, "caption")
            self._add(cp)

    # ------------------------------------------------------------ colophon

    def _colophon(self) -> None:
        lay = self.layout
        c = lay["colophon"]
        col = self.issue.colophon
        cp = self.plan.colophon
        pitch = c["line_pitch"]
        width = self.measure
        thick, thin, bottom = cp.rules[Part.THICK], cp.rules[Part.THIN], cp.rules[Part.BOTTOM]
        recipients = cp.recipient_lines
        top = bottom.y - (len(recipients) + 2) * pitch  # disclosure, recipients, imprint
        printer, copies = cp.imprint, cp.copies
        base_x = min((t.x for t in recipients), default=0.0)

        rows: list[etree._Element] = []
        disclosure = self._paragraph("Colophon", _natural())
        self._runs(disclosure, c["labels"]["disclosure"] + col.disclosure, Kind.COLOPHON)
        rows.append(_row([disclosure], 1, pitch, width, bottom=("single", thick.thickness)))

        paragraphs = []
        groups = zip(RECIPIENT_PARTS, (col.recipients.superiors, col.recipients.peers,
                                       col.recipients.subordinates), strict=True)
        size = self.sizes[Kind.COLOPHON]
        own = self.condense.get(Kind.COLOPHON, 0.0)
        for part, names in groups:
            if not names:
                continue
            label = c["labels"][part]
            held_by_name = cp.recipients[part]
            lw = _label_width(held_by_name[0][0], label)
            for i, (name, held) in enumerate(zip(names, held_by_name, strict=True)):
                text = (label if i == 0 else "") + name
                # the composer's breaks, at the DOCX's advances (see _Fitter)
                fitter = _Fitter(text, held, self._settings_at(size), size, own,
                                 _squeezed(text, held), -lw if i == 0 else 0.0,
                                 width - 2 * base_x - lw, edge=width - base_x)
                fitter.unhang()
                fitter.refit()
                ind = {"left": twips(base_x + lw), "right": twips(base_x)}
                ind.update({"hanging": twips(lw)} if i == 0 else {"firstLine": 0})
                p = self._paragraph("Colophon", [el("w:ind", ind)])
                self._runs(p, text, Kind.COLOPHON, squeezed=fitter.squeezed)
                paragraphs.append(p)
        rows.append(_row(paragraphs, max(1, len(recipients)), pitch, width,
                         bottom=("single", thin.thickness), grow=True))

        date_end = printer.x + max(u.x + u.width for u in printer.units)
        p = self._paragraph("Colophon", [
            *_natural(),
            el("w:tabs", children=[el("w:tab", {"val": "right", "pos": twips(date_end)})]),
            el("w:ind", {"left": twips(printer.x), "right": twips(width - date_end), "firstLine": 0}),
        ])
        self._runs(p, col.printer, Kind.COLOPHON)
        p.append(tab_run())
        self._runs(p, _tail(printer, col.printer), Kind.COLOPHON)
        rows.append(_row([p], 1, pitch, width, bottom=("single", bottom.thickness)))
        if copies is not None:
            right = width - (copies.x + max(u.x + u.width for u in copies.units))
            p = self._paragraph("Colophon", [*_natural(), el("w:ind", {"right": twips(right), "firstLine": 0}),
                                             el("w:jc", {"val": "right"})])
            self._runs(p, copies.text, Kind.COLOPHON)
            rows.append(_row([p], 1, pitch, width))
        self._table(rows, top)

    def _table(self, rows: list[etree._Element], top: float) -> None:
        """A floating one-column table at the composer's place on the page; rows never split.
        Horizontally from the page edge, vertically from the text block's top: LibreOffice
        keeps a full-width table floating only so (page-relative on both axes, it would not
        float one in the lower half of a page)."""
        lay = self.layout
        width = twips(self.measure)
        tbl = el("w:tbl")
        tblpr = el("w:tblPr")
        put(tblpr, el("w:tblpPr", {
            "leftFromText": 0, "rightFromText": 0, "topFromText": 0, "bottomFromText": 0,
            "vertAnchor": "margin", "horzAnchor": "page",
            "tblpX": twips(lay.margin_left), "tblpY": twips(top)}))
        put(tblpr, el("w:tblOverlap", {"val": "never"}))
        put(tblpr, el("w:tblW", {"w": width, "type": "dxa"}))
        put(tblpr, el("w:tblBorders", children=[
            el(f"w:{side}", {"val": "nil"}) for side in ("top", "left", "bottom", "right", "insideH", "insideV")]))
        put(tblpr, el("w:tblLayout", {"type": "fixed"}))
        put(tblpr, el("w:tblCellMar", children=[
            el(f"w:{side}", {"w": 0, "type": "dxa"}) for side in ("top", "left", "bottom", "right")]))
        put(tblpr, el("w:tblLook", {"val": "0000", "firstRow": 0, "lastRow": 0, "firstColumn": 0,
                                    "lastColumn": 0, "noHBand": 1, "noVBand": 1}))
        tbl.append(tblpr)
        tbl.append(el("w:tblGrid", children=[el("w:gridCol", {"w": width})]))
        for row in rows:
            tbl.append(row)
        self._add(tbl)
        # the paragraph a table must be followed by, which anchors it: as small as Word allows
        anchor_extra = [el("w:spacing", {"before": 0, "after": 0, "line": 20, "lineRule": "exact"}),
                        el("w:ind", {"firstLine": 0})]
        if self.plan.colophon.opens_page:  # on a page of its own
            anchor_extra.append(el("w:pageBreakBefore"))
        anchor = self._paragraph(BODY, anchor_extra)
        rpr = el("w:rPr")
        put(rpr, el("w:sz", {"val": 2}))
        put(rpr, el("w:szCs", {"val": 2}))
        put(props(anchor, "w:pPr"), rpr)
        self._add(anchor)

    # ------------------------------------------------------------ page numbers

    def _folios(self) -> None:
        """Odd pages flush right, even pages flush left, one character in (FORMAT §7)."""
        pn = self.layout["page_number"]
        before, _, after = pn["format"].partition("{n}")
        indent = twips(pn["indent_cells"] * pn["size"])
        section = self.doc.sections[0]
        for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]._p
            for child in list(p):
                p.remove(child)
            ppr = el("w:pPr")
            put(ppr, el("w:pStyle", {"val": "Folio"}))
            put(ppr, el("w:ind", {side: indent, "firstLine": 0}))
            put(ppr, el("w:jc", {"val": side}))
            p.append(ppr)
            if before:
                self._runs(p, before, "folio")
            for r in field_runs("PAGE", "1"):
                p.append(r)
            if after:
                self._runs(p, after, "folio")
        self.doc.settings.odd_and_even_pages_header_footer = True

    # ------------------------------------------------------------ properties

    def _properties(self) -> None:
        core = self.doc.core_properties
        when = dt.datetime.combine(self.issue.date, dt.time())
        core.title = self.composed.title
        core.subject = self.composed.series.title
        core.author = self.composed.series.office
        core.last_modified_by = self.composed.series.office
        core.created = when
        core.modified = when
        core.revision = 1
        core.language = "zh-CN"
        core.comments = ""
        core.keywords = ""
        core.category = ""
        # extended properties: the template's (another program, one page) replaced
        for rel in self.doc.part.package.rels.values():
            if rel.reltype == RT.EXTENDED_PROPERTIES:
                ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
                root = etree.Element(f"{{{ns}}}Properties", nsmap={None: ns})
                for key, value in (("Pages", str(len(self.composed.pages))), ("Application", "typeset")):
                    etree.SubElement(root, f"{{{ns}}}{key}").text = value
                rel.target_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                       standalone=True)


# ---------------------------------------------------------------- helpers

def _w(local: str) -> str:
    return f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{local}"


def _natural() -> list[etree._Element]:
    """A line the composer set at natural widths: no Chinese/Latin auto-spacing."""
    return [on_off("w:autoSpaceDE", False), on_off("w:autoSpaceDN", False)]


def _squeezed(text: str, lines: tuple[TextLine, ...]) -> dict[int, float]:
    """Characters of a paragraph that the composer set narrower than their cell to keep a
    line together (Word's push-in), by index in `text`, with their composed advance."""
    out: dict[int, float] = {}
    for line, units in _line_units(text, lines):
        c = condense_of(line) or 0.0
        for i, u in units:
            if not u.latin and len(u.text) == 1 and u.width < line.size - c - EPS:
                out[i] = u.width
    return out


def _line_units(text: str, lines: tuple[TextLine, ...]
                ) -> list[tuple[TextLine, list[tuple[int, PlacedUnit]]]]:
    """The composed lines of a paragraph, each unit with its index in the paragraph's text
    (an inline source on the last line left out)."""
    out: list[tuple[TextLine, list[tuple[int, PlacedUnit]]]] = []
    pos = 0
    for line in lines:
        units: list[tuple[int, PlacedUnit]] = []
        for u in line.units[:line.source_from]:
            found = text.find(u.text, pos)
            if found < 0:
                break
            pos = found + len(u.text)
            units.append((found, u))
        out.append((line, units))
    return out


def _char_format(ch: str, s: Settings, size: float, condense: float,
                 squeezed: float | None) -> tuple[bool, float | None, int | None]:
    """(Latin, spacing pt or None, width scale % or None = the style's) of one character.

    A Latin character is set at the composer's advance (its Latin width less `condense`):
    a digit, mark or space by a width scale of the Latin face's glyph; a letter by spacing,
    which keeps its shape. A `squeezed` mark is scaled to its advance."""
    latin = is_latin(ch)
    if squeezed is not None:
        return latin, None, scale_of(squeezed, size)
    if not latin:
        return False, None, None
    composed = latin_em(ch, s.quote_width, s.latin_widths) * size - condense
    face = times_em(ch) * size
    if ch.isalpha():
        return True, (round(composed - face, 2) if abs(composed - face) > 0.005 else None), 100
    return True, None, scale_of(composed, face)


def _advance(ch: str, fmt: tuple[bool, float | None, int | None], size: float,
             style_scale: int) -> float:
    """The advance a word processor gives a character formatted so (pt): the scaled width
    (programs stray from it by up to ADVANCE_SLACK)."""
    latin, spacing, scale = fmt
    natural = times_em(ch) * size if latin else size
    return natural * (style_scale if scale is None else scale) / 100 + (spacing or 0.0)


def _least_head(units: list[tuple[int, PlacedUnit]], s: Settings) -> list[tuple[int, PlacedUnit]]:
    """The least a line could give up to the line before: its first unit and those that
    避头尾 keeps with it. By the most lenient rules a program may break by: LibreOffice also
    breaks between digits and the ideograph after them, and after a hyphen in a Latin run."""
    take = 1
    while take < len(units) and (units[take][1].text[0] in s.no_start
                                 or units[take - 1][1].text[-1] in s.no_end):
        take += 1
    head = units[:take]
    i, last = head[-1]
    cut = last.text.find("-", 0, len(last.text) - 1) if last.latin else -1
    if cut >= 0:
        head[-1] = (i, PlacedUnit(last.x, last.text[:cut + 1], last.width, True))
    return head


def _segments(text: str, s: Settings, size: float, condense: float,
              squeezed: dict[int, float] | None = None
              ) -> list[tuple[str, bool, float | None, int | None]]:
    """Runs of text: (chunk, Latin, spacing pt or None, width scale % or None = the style's);
    see _char_format."""
    out: list[tuple[str, bool, float | None, int | None]] = []
    squeezed = squeezed or {}
    for i, ch in enumerate(text):
        key = _char_format(ch, s, size, condense, squeezed.get(i))
        if out and out[-1][1:] == key:
            out[-1] = (out[-1][0] + ch, *key)
        else:
            out.append((ch, *key))
    return out


class _Fitter:
    """A paragraph's composed lines at the advances the DOCX gives its characters, to carry
    the composer's line breaks over where a word processor would set a line a little wider
    or narrower (whole-percent scales, its own break rules) or would not hang a closing mark
    (LibreOffice hangs only HANGS): unhang(), then refit(); the result is `squeezed`, the
    advance of each character set otherwise than its style says."""

    def __init__(self, text: str, lines: tuple[TextLine, ...], s: Settings, size: float, condense: float,
                 squeezed: dict[int, float], indent: float, measure: float,
                 edge: float | None = None):
        self.s, self.size, self.condense = s, size, condense
        self.style_scale = scale_of(size - condense, size)
        self.squeezed = squeezed
        self.indent, self.measure = indent, measure
        self.lines = _line_units(text, lines)
        edge = measure if edge is None else edge  # the composer's right edge, from its lines' x
        self.hung: list[bool] = []
        for line, units in self.lines:
            body = _trimmed(units)
            end = line.x + line.units[-1].x + line.units[-1].width
            self.hung.append(bool(body) and end > edge + EPS
                             and len(body[-1][1].text) == 1 and body[-1][1].text in s.hangable)

    def adv(self, i: int, u: PlacedUnit, stray: float = 0.0) -> float:
        """Advance of a composed unit (pt), each character strayed by `stray`."""
        return sum(_advance(ch, _char_format(ch, self.s, self.size, self.condense,
                                             self.squeezed.get(i + k)), self.size, self.style_scale)
                   + stray for k, ch in enumerate(u.text))

    def gap(self, a: PlacedUnit, b: PlacedUnit) -> float:
        return gap_between(a, b, self.s)

    def width(self, units: list[tuple[int, PlacedUnit]], first: bool = False,
              stray: float | None = None) -> float:
        """Width of units on a line (pt): every character `stray` off its exact advance, or by
        default rounded up to the twip (the widest a program sets it)."""
        chars = (self.adv(i, u, stray) if stray is not None else self.adv_up(i, u) for i, u in units)
        return (self.indent if first else 0.0) + sum(chars) + sum(
            self.gap(a[1], b[1]) for a, b in zip(units, units[1:], strict=False))

    def adv_up(self, i: int, u: PlacedUnit) -> float:
        return sum(math.ceil(self.adv(i + k, PlacedUnit(0.0, ch, 0.0, u.latin)) * 20 - 1e-6) / 20
                   for k, ch in enumerate(u.text))

    def body(self, k: int) -> list[tuple[int, PlacedUnit]]:
        """Line k's units that must fit the measure (a hung mark left out)."""
        units = _trimmed(self.lines[k][1])
        return units[:-1] if self.hung[k] else units

    def unhang(self) -> None:
        """A line that ends in a hung mark a program would not hang: squeeze the blank halves
        of the line's marks (as the composer's push-in does) so that it fits, if they can."""
        cell = self.size - self.condense
        for k, hung in enumerate(self.hung):
            units = _trimmed(self.lines[k][1])
            if not hung or units[-1][1].text in HANGS:
                continue
            over = self.width(units, k == 0) - self.measure
            marks = [(i, u) for i, u in units if len(u.text) == 1 and u.text in self.s.squeezable
                     and i not in self.squeezed]
            cut = over / len(marks) if marks else cell
            if cut > cell / 2:
                continue
            for i, _u in marks:
                self.squeezed[i] = cell - cut - 0.05  # a twentieth to spare for rounding
            self.hung[k] = False

    def refit(self) -> None:
        """Each line but the last at the composer's breaks, at the DOCX's advances: a line that
        would not fit has some of its Chinese characters set a percent narrower; a line that
        could take the first unit of the next, a percent wider; a line ending in a hung mark
        keeps the room before the mark under HANG_ROOM of it (LibreOffice 7.4 leaves the mark
        off the page otherwise). Per line, never by a paragraph indent: LibreOffice also drops
        the hung marks of a paragraph widened past the margin."""
        for k in range(len(self.lines) - 1):
            body = self.body(k)
            if not body:
                continue
            over = self.width(body, k == 0) - self.measure
            if over > 0:
                self._retune(k, -over)
                continue
            if self.hung[k]:
                mark = _trimmed(self.lines[k][1])[-1]
                left = self.measure - self.width(body, k == 0, 0.0)
                limit = HANG_ROOM * self.adv(*mark)
                if left > limit:
                    self._retune(k, min(left - 0.9 * limit, -over))
                continue
            rest = [(i, u) for i, u in self.lines[k + 1][1] if not u.text.isspace()]
            if not rest:
                continue
            head = _least_head(rest, self.s)
            narrow = self.width(body, k == 0, -ADVANCE_SLACK)
            spare = self.measure - (narrow + self.gap(body[-1][1], head[0][1])
                                    + self.width(head, stray=-ADVANCE_SLACK))
            if spare >= 0:  # it could take it: fill the line up to the measure, not past it
                self._retune(k, min(spare + 0.1, -over))

    def _retune(self, k: int, change: float) -> None:
        """Set Chinese characters of line k a percent wider (change > 0) or narrower, as many
        as make up `change` pt, spread along the line; up to STRETCH percent each."""
        chars = [i for i, u in self.body(k) if not u.latin and len(u.text) == 1
                 and is_ideograph(u.text) and i not in self.squeezed]
        step = self.size / 100
        if not chars or abs(change) < 1e-6:
            return
        for pct in range(1, STRETCH + 1):
            n = math.ceil(abs(change) / (pct * step) - 1e-9)
            if n <= len(chars):
                break
        else:
            return  # more than the line's characters can take
        scale = self.style_scale + (pct if change > 0 else -pct)
        stride = len(chars) / n
        for j in range(n):
            self.squeezed[chars[int(j * stride)]] = self.size * scale / 100


def _trimmed(units: list[tuple[int, PlacedUnit]]) -> list[tuple[int, PlacedUnit]]:
    units = list(units)
    while units and units[-1][1].text.isspace():
        units.pop()
    return units


def _label_width(line: TextLine, label: str) -> float:
    """Width of the 报：/送：/发： label that opens a composed colophon line."""
    n, units = 0, []
    for u in line.units:
        if n >= len(label):
            break
        units.append(u)
        n += len(u.text)
    return max(u.x + u.width for u in units) - line.units[0].x


def _tail(line: TextLine, head: str) -> str:
    return line.text[len(head):].strip() if line.text.startswith(head) else line.text


def _row(paragraphs: list[etree._Element], lines: int, pitch: float, width: float,
         bottom: tuple[str, float] | None = None, grow: bool = False) -> etree._Element:
    """A table row of one cell, `lines` high; `grow`: at least so high, for text that a
    program might break into more lines than the composer (never hidden)."""
    tr = el("w:tr")
    trpr = el("w:trPr")
    trpr.append(el("w:cantSplit"))
    trpr.append(el("w:trHeight", {"val": twips(lines * pitch),
                                  "hRule": "atLeast" if grow else "exact"}))
    tr.append(trpr)
    tc = el("w:tc")
    tcpr = el("w:tcPr")
    put(tcpr, el("w:tcW", {"w": twips(width), "type": "dxa"}))
    if bottom:
        style, thickness = bottom
        put(tcpr, el("w:tcBorders", children=[el("w:bottom", {
            "val": style, "sz": eighths(thickness), "space": 0, "color": "auto"})]))
    tc.append(tcpr)
    for p in paragraphs:
        tc.append(p)
    tr.append(tc)
    return tr

