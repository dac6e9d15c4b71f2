"""The DOCX as Word reads it: reopened with python-docx, its XML checked against the layout."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from typeset.build import build, numbered
from typeset.cli import main
from typeset.compose import compose, read_plan
from typeset.layout import load_layout
from typeset.reader import load_issue, load_series
from typeset.writers.docx import render
from typeset.writers.docx.ooxml import eighths, twips

from ...conftest import FIXTURES, ROOT, _by_total
from .conftest import NS, part, w

LAYOUT = load_layout("briefing")
BODY_STYLES = {"Normal", "Level1", "Level2", "Level3", "Level4"}


def composed_of(project, target):
    path = target if isinstance(target, Path) else _by_total(project, target)
    series = load_series(project.issues)
    issue = numbered(load_issue(path, series), path, project, series)
    return compose(issue, series, LAYOUT.with_overrides(issue.layout_overrides)), series


def style(styles, style_id: str):
    found = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, style_id
    return found


def paragraphs(document, style_id: str):
    return [p for p in document.iter(w("p"))
            if p.find("w:pPr/w:pStyle", NS) is not None
            and p.find("w:pPr/w:pStyle", NS).get(w("val")) == style_id]


def text(p) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")))


# ---------------------------------------------------------------- the build

def test_build_writes_docx_beside_pdf_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["build", "645", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    from pypdf import PdfReader

    pdf_text = "".join(page.extract_text() for page in PdfReader(tmp_path / "645.pdf").pages)
    masthead = [p.text for p in docx.Document(str(tmp_path / "645.docx")).paragraphs[:3]]
    assert "四川省地方志工作简报" in pdf_text.replace(" ", "")
    assert "四川省地方志工作简报" in masthead


def test_format_docx_alone(tmp_path, project):
    result = build(_by_total(project, "645"), project, ("docx",), tmp_path)
    assert [p.name for p in result.outputs] == ["645.docx"]


def test_writer_does_not_import_the_pdf_writer():
    code = ("import sys, typeset.writers.docx; "
            "assert not any(m.startswith('typeset.writers.pdf') for m in sys.modules), 'pdf writer'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


@pytest.mark.parametrize("target", ["645", FIXTURES / "2021-07-16.yaml", FIXTURES / "2020-06-23.yaml"])
def test_reopens_with_python_docx(built, target):
    document = docx.Document(str(built(target, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0 if texts[0] == "四川省地方志工作简报" else 1] == "四川省地方志工作简报"
    assert any(t.startswith("【") and t.endswith("】") for t in texts)
    assert document.tables, "the colophon is a table"


@pytest.mark.parametrize("target", ["645", FIXTURES / "2021-07-16.yaml", FIXTURES / "2020-06-23.yaml"])
def test_composer_decisions_are_read_for_every_element(project, target):
    composed, _ = composed_of(project, target)
    plan = read_plan(composed)
    issue = composed.issue
    assert [len(s.articles) for s in plan.sections] == [len(s.articles) for s in issue.sections]
    for section, splan in zip(issue.sections, plan.sections, strict=True):
        assert splan.marker.lines()[0].text == LAYOUT["section"]["format"].format(name=section.name)
        for article, aplan in zip(section.articles, splan.articles, strict=True):
            assert [t.text for t in aplan.title.lines()] == list(article.title)
            assert len(aplan.paragraphs) == len(article.paragraphs)
            for para, placed in zip(article.paragraphs, aplan.paragraphs, strict=True):
                printed = "".join(t.text for t in placed.lines())
                assert printed.replace(" ", "").startswith(para.text.replace(" ", ""))
    assert set(plan.colophon.rules) == {"thick", "thin", "bottom"}
    everything = sum(len(p.items) + (p.folio is not None) for p in composed.pages)
    grouped = len(plan.masthead) + sum(len(p.items) for s in plan.sections for p in (
        s.marker, *(q for a in s.articles for q in a.placements())))
    colophon = 2 + len(plan.colophon.recipient_lines) + (plan.colophon.copies is not None) + 3
    assert grouped + colophon == everything  # every composed item belongs to one element


def test_a_composed_item_of_no_element_is_an_internal_error(project):
    """The composer and the DOCX writer disagreeing fails loudly, never a neutral plan."""
    from typeset.compose import Ref
    from typeset.errors import InternalError

    composed, _ = composed_of(project, "645")
    page = composed.pages[0]
    body = next(i for i, item in enumerate(page.items) if item.kind == "body")
    stray = dataclasses.replace(page.items[body], ref=Ref(section=99, article=0, item=0))
    broken = dataclasses.replace(composed, pages=(
        dataclasses.replace(page, items=(*page.items[:body], stray, *page.items[body + 1:])),
        *composed.pages[1:]))
    with pytest.raises(InternalError):
        read_plan(broken)
    with pytest.raises(InternalError):
        render(broken, LAYOUT)


# ---------------------------------------------------------------- styles and faces

def test_styles_carry_the_official_faces_on_east_asian(built):
    styles = part(built("645", "docx"), "word/styles.xml")
    fonts = LAYOUT["fonts"]
    latin = fonts["latin"]["faces"][0]
    roles = {
        "Normal": LAYOUT["body"]["font"], "Section": LAYOUT["section"]["font"],
        "ArticleTitle": LAYOUT["article_title"]["font"], "Colophon": LAYOUT["colophon"]["font"],
        "Masthead": LAYOUT["masthead"]["title"]["font"],
        "IssueNumber": LAYOUT["masthead"]["number"]["font"],
        "Folio": LAYOUT["page_number"]["font"],
        **{f"Level{k}": h["font"] for k, h in LAYOUT["heading"].items()},
    }
    for style_id, role in roles.items():
        r = style(styles, style_id).find("w:rPr/w:rFonts", NS)
        assert r.get(w("eastAsia")) == fonts[role]["faces"][0], style_id
        assert r.get(w("ascii")) == r.get(w("hAnsi")) == latin, style_id
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert defaults.get(w("eastAsia")) == fonts[LAYOUT["body"]["font"]]["faces"][0]
    reopened = docx.Document(str(built("645", "docx")))
    assert reopened.styles["文章标题"].font.size.pt == LAYOUT["article_title"]["size"]


def test_no_theme_fonts(built):
    path = built(FIXTURES / "2021-07-16.yaml", "docx")
    for name in ("word/styles.xml", "word/document.xml"):
        for fonts in part(path, name).iter(w("rFonts")):
            assert not any("Theme" in key for key in fonts.attrib), (name, dict(fonts.attrib))


def test_named_styles_for_each_role(built):
    path = built(FIXTURES / "2020-06-23.yaml", "docx")
    names = {s.name for s in docx.Document(str(path)).styles}
    assert {"报头", "期号", "发文机关", "栏目", "文章标题", "来源", "版记", "页码", "一级标题"} <= names
    document = part(path, "word/document.xml")
    assert len(paragraphs(document, "Section")) == 2
    assert len(paragraphs(document, "ArticleTitle")) == 4
    assert paragraphs(document, "Normal"), "body text is in Word's 正文 (Normal)"


@pytest.mark.parametrize("target", ["645", FIXTURES / "2021-07-16.yaml", FIXTURES / "2020-06-23.yaml"])
def test_no_glyph_scaled_below_the_floor(built, target):
    """Squeezed marks, curly quotes and fitted characters are narrowed by a width scale no
    further than SCALE_FLOOR and by spacing for the rest: no glyph visibly distorted."""
    from typeset.writers.docx.calibration import SCALE_FLOOR

    path = built(target, "docx")
    scales = [int(e.get(w("val"))) for name in ("word/document.xml", "word/styles.xml")
              for e in part(path, name).iter(w("w"))]
    assert scales and min(scales) >= SCALE_FLOOR


def test_body_condensed_by_character_spacing(built):
    """字符间距 紧缩 in 正文: the composer's condensing as w:spacing, no width scale."""
    rpr = style(part(built("645", "docx"), "word/styles.xml"), "Normal").find("w:rPr", NS)
    condense = LAYOUT.composition["condense"]
    assert rpr.find("w:spacing", NS).get(w("val")) == str(-twips(condense)) == "-9"
    assert rpr.find("w:w", NS) is None


# runs per body paragraph, median at most (measured: curly quotes keep runs of their own,
# each pair four; 2021-07-16 and 2023-02 have many)
RUNS = {"645": 3, "2020-06-23": 3, "2021-07-16": 5, "2023-02": 5}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_body_paragraphs_in_a_handful_of_runs(built, name):
    """Digits take the style's spacing inside the Chinese runs; a run of its own only for a
    curly quote, a Latin letter or mark set at its composed width, a squeezed mark, and a
    stretch fitted for LibreOffice."""
    import statistics

    target = name if name == "645" else FIXTURES / f"{name}.yaml"
    document = part(built(target, "docx"), "word/document.xml")
    body = paragraphs(document, "Normal")
    counts = [len(p.findall("w:r", NS)) for p in body]
    assert statistics.median(counts) <= RUNS[name], counts
    for run in document.iter(w("r")):
        if run.find("w:rPr/w:rStyle", NS) is not None:
            assert not any(ch.isdigit() for ch in "".join(run.itertext())), "a digit in the Latin style"


def test_word_keeps_the_composed_breaks_but_on_one_line(project, tmp_path, monkeypatch):
    """The fitting for LibreOffice never sets a line so narrow in Word that the next line's
    first unit would fit, but where nothing else lets LibreOffice keep the line: one line of
    the fixtures and 645, 2023-02's with four squeezed Chinese-face quotes (README)."""
    from typeset.writers.docx import body as docx_body

    seen: list[str] = []

    def recorded(text, lines, *args, **kwargs):
        fit = fitted(text, lines, *args, **kwargs)
        seen.extend(lines[k].text for k in fit.conflicts)
        return fit

    fitted = docx_body.fitted
    monkeypatch.setattr(docx_body, "fitted", recorded)
    for target in ("645", "2020-06-23", "2021-07-16", "2023-02"):
        path = _by_total(project, target) if target == "645" else FIXTURES / f"{target}.yaml"
        build(path, project, ("docx",), tmp_path / target)
    assert seen == ["充分肯定四川坚持“三个服务”理念，狠抓“存史、育人、资政”"]


def test_body_style_is_justified_with_a_two_character_indent(built):
    body = style(part(built("645", "docx"), "word/styles.xml"), "Normal")
    assert body.find("w:pPr/w:jc", NS).get(w("val")) == "both"
    ind = body.find("w:pPr/w:ind", NS)
    cells = LAYOUT["body"]["indent_cells"]
    assert ind.get(w("firstLineChars")) == str(cells * 100)
    assert ind.get(w("firstLine")) == str(twips(cells * LAYOUT["body"]["size"]))
    spacing = body.find("w:pPr/w:spacing", NS)
    assert spacing.get(w("line")) == str(twips(LAYOUT.line_pitch))
    assert spacing.get(w("lineRule")) == "exact"


# ---------------------------------------------------------------- page set-up

def test_page_set_up_and_grid_from_the_layout(built):
    sect = part(built("645", "docx"), "word/document.xml").find("w:body/w:sectPr", NS)
    size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)

    def val(e, key):
        return int(e.get(w(key)))

    assert val(size, "w") == twips(LAYOUT.page_width)
    assert val(size, "h") == twips(LAYOUT.page_height)
    assert val(margins, "top") == twips(LAYOUT.margin_top)
    assert val(margins, "left") == twips(LAYOUT.margin_left)
    # the text block to the twip: 156 × 225 mm
    assert val(size, "w") - val(margins, "left") - val(margins, "right") == twips(LAYOUT.text_width)
    assert val(size, "h") - val(margins, "top") - val(margins, "bottom") == twips(LAYOUT.text_height)
    grid = sect.find("w:docGrid", NS)
    # a line grid: no paragraph snaps to a grid, and LibreOffice 7.4 breaks character-spaced
    # text early under a character grid (README, LibreOffice accommodations)
    assert grid.get(w("type")) == "lines" and grid.get(w("charSpace")) is None
    assert grid.get(w("linePitch")) == str(twips(LAYOUT.line_pitch)) == "579"


def test_chinese_paragraph_settings(built):
    path = built("645", "docx")
    ppr = part(path, "word/styles.xml").find("w:docDefaults/w:pPrDefault/w:pPr", NS)
    assert ppr.find("w:kinsoku", NS).get(w("val")) == "1"
    # LibreOffice reads w:overflowPunct inverted: left out, both programs hang punctuation
    assert ppr.find("w:overflowPunct", NS) is None
    autospace = LAYOUT.composition["autospace"] > 0
    for key in ("autoSpaceDE", "autoSpaceDN"):
        assert ppr.find(f"w:{key}", NS).get(w("val")) == ("1" if autospace else "0")
    assert ppr.find("w:widowControl", NS).get(w("val")) == "0"
    settings = part(path, "word/settings.xml")
    comp = LAYOUT.composition
    assert settings.find("w:noLineBreaksBefore", NS).get(w("val")) == comp["no_start"]
    assert settings.find("w:noLineBreaksAfter", NS).get(w("val")) == comp["no_end"]
    control = settings.find("w:characterSpacingControl", NS).get(w("val"))
    assert control == ("compressPunctuation" if comp["compress_punctuation"] else "doNotCompress")


# ---------------------------------------------------------------- masthead, body

def test_masthead_red_title_office_and_date_and_red_rule(built):
    path = built("645", "docx")
    styles = part(path, "word/styles.xml")
    red = LAYOUT["colors"]["red"].lstrip("#").upper()
    masthead = style(styles, "Masthead")
    assert masthead.find("w:rPr/w:color", NS).get(w("val")) == red
    assert masthead.find("w:pPr/w:jc", NS).get(w("val")) == "distribute"  # fills the width
    document = part(path, "word/document.xml")
    assert [text(p) for p in paragraphs(document, "Masthead")] == ["四川省地方志工作简报"]
    assert [text(p) for p in paragraphs(document, "IssueNumber")] == ["第 40 期（总第 645 期）"]
    (office,) = paragraphs(document, "Office")
    assert text(office) == "四川省地方志工作办公室2024年3月26日"
    assert office.find(".//w:tab", NS) is not None  # the date at a right tab
    tab = style(styles, "Office").find("w:pPr/w:tabs/w:tab", NS)
    assert tab.get(w("val")) == "right" and tab.get(w("pos")) == str(twips(LAYOUT.text_width))
    rule = office.find("w:pPr/w:pBdr/w:bottom", NS)
    assert rule.get(w("color")) == red
    assert rule.get(w("sz")) == str(eighths(LAYOUT["masthead"]["rule"]["width"]))


def test_masthead_ends_on_the_body_grid_line(built):
    """Masthead heights add up, to the twip, to the grid lines above the body (less the grid's
    slack), so page 1 holds as many body lines as the composer gave it."""
    document = part(built("645", "docx"), "word/document.xml")
    total = 0
    for style_id in ("Mark", "Masthead", "IssueNumber", "Office"):
        for p in paragraphs(document, style_id):
            sp = p.find("w:pPr/w:spacing", NS)
            total += sum(int(sp.get(w(k), 0)) for k in ("before", "line", "after"))
            bottom = p.find("w:pPr/w:pBdr/w:bottom", NS)
            if bottom is not None:
                total += int(bottom.get(w("space"))) * 20 + int(bottom.get(w("sz"))) * 20 / 8
    lines = LAYOUT["masthead"]["office_line"]
    slack = LAYOUT.text_height - LAYOUT.lines * LAYOUT.line_pitch
    assert total == pytest.approx(twips(lines * LAYOUT.line_pitch - slack), abs=3)


def test_titles_keep_the_authors_lines(built, project):
    target = FIXTURES / "2020-06-23.yaml"
    composed, _ = composed_of(project, target)
    titles = [a.title for s in composed.issue.sections for a in s.articles]
    document = part(built(target, "docx"), "word/document.xml")
    found = paragraphs(document, "ArticleTitle")
    assert [text(p) for p in found] == ["".join(t) for t in titles]
    assert [len(p.findall(".//w:br", NS)) for p in found] == [len(t) - 1 for t in titles]


def test_source_where_the_composer_put_it(built, project):
    """On the last line (a right tab) when it fits, else a flush-right paragraph (FORMAT §5)."""
    target = FIXTURES / "2020-06-23.yaml"
    composed, _ = composed_of(project, target)
    plan = read_plan(composed)
    inline = [a.source_inline for s in plan.sections for a in s.articles]
    assert True in inline and False in inline  # both cases in this issue
    document = part(built(target, "docx"), "word/document.xml")
    sources = [text(p) for p in paragraphs(document, "Source")]
    assert len(sources) == inline.count(False)
    assert all(s.startswith("（") and s.endswith("）") for s in sources)
    style_jc = style(part(built(target, "docx"), "word/styles.xml"), "Source").find("w:pPr/w:jc", NS)
    assert style_jc.get(w("val")) == "right"
    tabbed = [p for p in paragraphs(document, "Normal") if p.find(".//w:tab", NS) is not None]
    assert len(tabbed) == inline.count(True)
    for p in tabbed:
        stop = p.find("w:pPr/w:tabs/w:tab", NS)
        assert stop.get(w("val")) == "right" and stop.get(w("pos")) == str(twips(LAYOUT.text_width))
        assert text(p).endswith("）")


def test_pages_break_by_keep_with_next_not_by_written_breaks(built, project):
    """Where the composer starts a page with a title, the DOCX writes no break: the page
    before is full and the title keeps with its next line (the LibreOffice tests check
    the page starts); at the top of a page the title takes its lines only."""
    target = FIXTURES / "2020-06-23.yaml"
    composed, _ = composed_of(project, target)
    plan = read_plan(composed)
    opening = [a for s in plan.sections for a in s.articles if a.title.opens_page]
    assert opening
    document = part(built(target, "docx"), "word/document.xml")
    assert document.find(".//w:pageBreakBefore", NS) is None
    assert document.find(".//w:br[@w:type='page']", NS) is None
    titles = paragraphs(document, "ArticleTitle")
    spaced = [p for p in titles if p.find("w:pPr/w:spacing", NS) is not None]
    assert len(spaced) == len(opening)
    for p in spaced:
        spacing = p.find("w:pPr/w:spacing", NS)
        assert spacing.get(w("before")) == spacing.get(w("after")) == "0"
    styles = part(built(target, "docx"), "word/styles.xml")
    for style in ("Section", "ArticleTitle"):
        ppr = styles.find(f"w:style[@w:styleId='{style}']/w:pPr", NS)
        assert ppr.find("w:keepNext", NS) is not None


# ---------------------------------------------------------------- colophon

def test_colophon_is_a_floating_table_that_never_splits(built, project):
    path = built("645", "docx")
    document = part(path, "word/document.xml")
    (table,) = document.iter(w("tbl"))
    pos = table.find("w:tblPr/w:tblpPr", NS)
    # bottom-aligned on the page, so that it grows upward; no absolute place
    assert pos.get(w("horzAnchor")) == "page" and pos.get(w("vertAnchor")) == "page"
    assert pos.get(w("tblpYSpec")) == "bottom" and pos.get(w("tblpY")) is None
    assert int(pos.get(w("tblpX"))) == twips(LAYOUT.margin_left)
    composed, _ = composed_of(project, "645")
    plan = read_plan(composed)
    c = LAYOUT["colophon"]
    rows = table.findall("w:tr", NS)
    # the rows under the last rule reach the page's foot: the rule stands where the composer put it
    last_rule = plan.colophon.rules["bottom"].y
    under = sum(int(r.find("w:trPr/w:trHeight", NS).get(w("val"))) for r in rows[3:])
    assert under == pytest.approx(twips(LAYOUT.page_height - LAYOUT.margin_top - last_rule), abs=2)
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    texts = ["".join(text(p) for p in r.iter(w("p"))) for r in rows]
    labels = c["labels"]
    assert texts[0] == labels["disclosure"] + composed.issue.colophon.disclosure
    for key in ("to_superiors", "to_peers", "to_subordinates"):
        assert labels[key] in texts[1]
    assert texts[2].startswith(composed.issue.colophon.printer) and texts[2].endswith(labels["printed"])
    assert texts[3] == labels["copies"].format(n=composed.issue.colophon.copies)
    widths = [int(r.find("w:tc/w:tcPr/w:tcBorders/w:bottom", NS).get(w("sz"))) for r in rows[:3]]
    assert widths == [eighths(c["thick_rule"]), eighths(c["thin_rule"]), eighths(c["thick_rule"])]


# ---------------------------------------------------------------- page numbers, properties

def test_page_numbers_when_the_series_prints_them(project, tmp_path):
    composed, series = composed_of(project, FIXTURES / "2021-07-16.yaml")
    numbered_series = dataclasses.replace(series, page_numbers=True)
    layout = LAYOUT.with_overrides(composed.issue.layout_overrides)
    composed = compose(composed.issue, numbered_series, layout)
    out = tmp_path / "n.docx"
    out.write_bytes(render(composed, layout))
    assert part(out, "word/settings.xml").find("w:evenAndOddHeaders", NS) is not None
    reopened = docx.Document(str(out))
    section = reopened.sections[0]
    before, _, after = LAYOUT["page_number"]["format"].partition("{n}")
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = footer.paragraphs[0]._p
        assert p.find("w:pPr/w:jc", NS).get(w("val")) == side
        instr = "".join(t.text for t in p.iter(w("instrText")))
        assert instr.strip() == "PAGE"
        shown = text(p)
        assert shown.startswith(before) and shown.endswith(after)


def test_no_page_numbers_when_the_series_prints_none(built):
    path = built("645", "docx")
    assert part(path, "word/settings.xml").find("w:evenAndOddHeaders", NS) is None
    sect = part(path, "word/document.xml").find("w:body/w:sectPr", NS)
    assert sect.find("w:footerReference", NS) is None


def test_document_properties(built, project):
    composed, series = composed_of(project, "645")
    props = docx.Document(str(built("645", "docx"))).core_properties
    assert props.title == "四川省地方志工作简报 第 40 期（总第 645 期）" == composed.title
    assert props.author == series.office
    assert props.created.date() == dt.date(2024, 3, 26)
    assert props.language == "zh-CN"
    assert "python-docx" not in (props.comments or "")
    app = part(built("645", "docx"), "docProps/app.xml")
    ns = {"e": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"}
    assert app.find("e:Pages", ns).text == str(len(composed.pages))


# ---------------------------------------------------------------- pictures

def test_picture_with_caption(tmp_path):
    from PIL import Image

    root = tmp_path / "project"
    (root / "issues" / "images").mkdir(parents=True)
    (root / "issues" / "series.yaml").write_text(
        (ROOT / "issues" / "series.yaml").read_text("utf-8"), "utf-8")
    Image.new("RGB", (400, 300), (200, 220, 240)).save(root / "issues" / "images" / "a.png")
    issue = root / "issues" / "2024" / "645.yaml"
    issue.parent.mkdir()
    issue.write_text(
        "date: 2024-03-26\nnumber: 40\ntotal: 645\nsections:\n  - name: 特别关注\n    articles:\n"
        "      - title: 标题\n        paragraphs:\n          - 正文一段。\n"
        "          - {image: images/a.png, caption: 图为座谈会现场, width: 0.5}\n"
        "        source: 省地方志办\ncolophon:\n  copies: 21\n", "utf-8")
    from typeset.build import Project

    result = build(issue, Project(root), ("docx",), tmp_path / "out")
    path = result.outputs[0]
    document = part(path, "word/document.xml")
    (figure,) = paragraphs(document, "Figure")
    extent = figure.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")
    width_pt = int(extent.get("cx")) / 12700
    assert width_pt == pytest.approx(LAYOUT.text_width * 0.5, abs=0.1)
    assert int(extent.get("cy")) / int(extent.get("cx")) == pytest.approx(300 / 400, abs=0.01)
    spacing = figure.find("w:pPr/w:spacing", NS)
    assert spacing.get(w("lineRule")) == "atLeast"
    assert int(spacing.get(w("line"))) % twips(LAYOUT.line_pitch) == 0  # whole grid lines
    assert [text(p) for p in paragraphs(document, "FigureCaption")] == ["图为座谈会现场"]
    assert [text(p) for p in paragraphs(document, "Source")] == ["（省地方志办）"]


def test_colophon_on_a_page_of_its_own(project, tmp_path):
    """When the composer puts the colophon on a new page, the DOCX forces no break: the
    table that does not fit under the body goes to the next page by itself (LibreOffice
    puts it there: tests/writers/docx/test_edits.py)."""
    import yaml

    data = yaml.safe_load((FIXTURES / "2021-07-16.yaml").read_text("utf-8"))
    paragraphs_ = data["sections"][0]["articles"][0]["paragraphs"]
    filler = "会议还对强化队伍建设、严肃纪律作风提出要求。"
    for _ in range(40):
        path = tmp_path / "issue.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        composed, _ = composed_of(project, path)
        plan = read_plan(composed)
        if plan.colophon_page > plan.last_body_page:
            break
        paragraphs_.append(filler)
    else:
        pytest.fail("the colophon never went to a page of its own")
    out = tmp_path / "own.docx"
    out.write_bytes(render(composed, LAYOUT.with_overrides(composed.issue.layout_overrides)))
    body = part(out, "word/document.xml").find("w:body", NS)
    children = list(body)
    table = next(i for i, e in enumerate(children) if e.tag == w("tbl"))
    anchor = children[table + 1]
    assert anchor.find("w:pPr/w:pageBreakBefore", NS) is None
    assert body.find(".//w:br[@w:type='page']", NS) is None


def test_the_same_issue_gives_the_same_bytes(project, monkeypatch) -> None:
    """Every part stamped with the issue's date, compressed, as written on Unix: a build an
    hour later (or on another machine) gives the same file."""
    import io
    import time
    import zipfile

    composed, _ = composed_of(project, "645")
    layout = LAYOUT.with_overrides(composed.issue.layout_overrides)
    first = render(composed, layout)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 3600.0)
    later = render(composed, layout)
    assert later == first
    date = composed.issue.date
    for item in zipfile.ZipFile(io.BytesIO(first)).infolist():
        assert item.date_time == (date.year, date.month, date.day, 0, 0, 0), item.filename
        assert item.compress_type == zipfile.ZIP_DEFLATED and item.create_system == 3, item.filename
