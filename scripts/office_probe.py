"""How a LibreOffice sets the Word mechanisms the DOCX writer would use: small probe documents.

    .venv/bin/python scripts/office_probe.py [SOFFICE]     (default $TYPESET_SOFFICE, else soffice)

Each probe is a python-docx document in the stand-in faces (fonts/stand-in, Chinese text
tagged zh-CN as the writer tags it), converted to PDF in one headless run and read back
with pypdfium2 (glyph origins and fonts). It prints what the README's LibreOffice
accommodations rest on, so that another LibreOffice version can be judged in a minute:
character spacing at run ends, script changes and line ends, and under a character grid,
w:autoSpaceDE/DN, the face of digits
after Chinese in one run, a source kept whole on the last line (U+2060, U+200D, U+FEFF,
the 避头尾 lists of settings.xml, a ruby), w:overflowPunct and the hanging of closing marks.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from docx.oxml import parse_xml
from docx.shared import Twips

ROOT = Path(__file__).resolve().parent.parent
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
SIZE = 16  # pt, the body size; 28 characters to the line
MARGIN = 1473  # twips
MEASURE = 28 * SIZE * 20  # twips
FONTS = ('<w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif" w:eastAsia="FandolFang"'
         ' w:cs="Liberation Serif"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/>')
TEXT = "地方志工作简报编纂出版" * 6
SOURCE = "（省地方志办）"
SPACING = '<w:spacing w:val="-20"/>'  # -1 pt


def run(text: str, rpr: str = "") -> str:
    return f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def para(runs: str, ppr: str = "") -> str:
    return f"<w:p {W}><w:pPr>{ppr}</w:pPr>{runs}</w:p>"


def document(path: Path, paragraphs: list[str], normal: str = "", settings: tuple[str, ...] = (),
             measure: int = MEASURE, grid: str = "") -> Path:
    d = docx.Document()
    section = d.sections[0]
    section.page_width, section.page_height = Twips(11906), Twips(16838)
    section.left_margin, section.right_margin = Twips(MARGIN), Twips(11906 - MARGIN - measure)
    if grid:  # w:docGrid attributes
        for old in section._sectPr.findall("{*}docGrid"):
            section._sectPr.remove(old)
        section._sectPr.append(parse_xml(f"<w:docGrid {W} {grid}/>"))
    style = d.styles["Normal"]._element
    for old in style.findall("{*}rPr") + style.findall("{*}pPr"):
        style.remove(old)
    style.append(parse_xml(f'<w:pPr {W}><w:spacing w:before="0" w:after="0" w:line="480" w:lineRule="exact"/>'
                           '<w:jc w:val="both"/></w:pPr>'))
    style.append(parse_xml(f'<w:rPr {W}>{FONTS}{normal}<w:sz w:val="{SIZE * 2}"/></w:rPr>'))
    body = d.element.body
    for p in paragraphs:
        body.insert(len(body) - 1, parse_xml(p))
    for s in settings:
        d.settings.element.append(parse_xml(s))
    d.save(path)
    return path


Line = list[tuple[str, float, str]]  # (character, origin x in pt from the margin, font)


def lines(pdf: Path) -> list[Line]:
    found: dict[tuple[int, int], Line] = {}
    doc = pdfium.PdfDocument(str(pdf))
    for page in range(len(doc)):
        text = doc[page].get_textpage()
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1)
            if not ch.strip():
                continue
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium_c.FPDFText_GetCharOrigin(text.raw, i, ctypes.byref(x), ctypes.byref(y))
            name = ctypes.create_string_buffer(128)
            pdfium_c.FPDFText_GetFontInfo(text.raw, i, name, 128, ctypes.byref(ctypes.c_int()))
            found.setdefault((page, -round(y.value)), []).append(
                (ch, x.value - MARGIN / 20, name.value.decode(errors="replace")))
    return [found[k] for k in sorted(found)]


def advance(line: Line, ch: str) -> float:
    """The advance of the first `ch` of the line (to the next character's origin)."""
    i = next(i for i, c in enumerate(line) if c[0] == ch)
    return line[i + 1][1] - line[i][1]


def probes(work: Path) -> dict[str, Path]:
    left = '<w:jc w:val="left"/>'
    spaced = [para(run("一二三四五六"), left),  # inside a run: 三→四
              para(run("一二三") + run("四五六", '<w:color w:val="C00000"/>'), left),  # run end
              para(run("一二三四五2021六七"), left),  # script changes 五→2, 1→六
              para(run("一二三", '<w:spacing w:val="20"/>') + run("四五六"), left),  # +1 pt at a run end
              para(run("一二“三四”五 六a.b七"), left)]  # quotes and a space: the script before
    # 28 characters spaced -1 pt: 420 pt, and 1 pt more if the line's last one loses it
    full = [para(run(TEXT), '<w:snapToGrid w:val="0"/>')]
    chars_grid = 'w:type="linesAndChars" w:linePitch="579" w:charSpace="-848"'
    tabs = f'<w:tabs><w:tab w:val="right" w:pos="{MEASURE}"/></w:tabs>'

    def crowded(source: str) -> str:  # 23 characters left on the last line, a 7-character source
        return para(run(TEXT[:51]) + "<w:r><w:tab/></w:r>" + source, tabs)

    ruby = ('<w:r><w:ruby><w:rubyPr><w:rubyAlign w:val="center"/><w:hps w:val="2"/><w:hpsRaise w:val="30"/>'
            f'<w:hpsBaseText w:val="{SIZE * 2}"/><w:lid w:val="zh-CN"/></w:rubyPr><w:rt>{run(" ")}</w:rt>'
            f"<w:rubyBase>{run(SOURCE)}</w:rubyBase></w:ruby></w:r>")
    kinsoku = (f'<w:noLineBreaksAfter {W} w:lang="zh-CN" w:val="（省地方志"/>',
               f'<w:noLineBreaksBefore {W} w:lang="zh-CN" w:val="省地方志办）"/>')
    autospace = ["", '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>',
                 '<w:autoSpaceDE w:val="1"/><w:autoSpaceDN w:val="1"/>']
    punct = ["", '<w:overflowPunct w:val="1"/>', '<w:overflowPunct w:val="0"/>']
    return {
        "spaced": document(work / "spaced.docx", spaced, SPACING),
        "line end": document(work / "line-end.docx", full, SPACING, measure=28 * 15 * 20 + 10),
        "no grid": document(work / "no-grid.docx", full, SPACING, measure=28 * 15 * 20 + 20),
        "line grid": document(work / "line-grid.docx", full, SPACING, measure=28 * 15 * 20 + 20,
                              grid='w:type="lines" w:linePitch="579"'),
        "char grid": document(work / "char-grid.docx", full, SPACING, measure=28 * 15 * 20 + 20,
                              grid=chars_grid),
        "unspaced": document(work / "unspaced.docx", spaced),
        "autospace": document(work / "autospace.docx", [para(run("中文2021中文"), a + left) for a in autospace]),
        "source": document(work / "source.docx", [crowded(run(s)) for s in (
            SOURCE, "\u2060".join(SOURCE), "\u200d".join(SOURCE), "\ufeff".join(SOURCE))] + [crowded(ruby)]),
        "kinsoku": document(work / "kinsoku.docx", [crowded(run(SOURCE))], settings=kinsoku),
        # 28 characters fill 448 pt of a 452 pt measure; the 29th, a mark, hangs or moves down
        "hang": document(work / "hang.docx", [para(run(TEXT[:28] + m + TEXT[:10]), p)
                                              for m in "，。、）》」”" for p in punct], measure=MEASURE + 80),
    }


def convert(program: str, docs: dict[str, Path], work: Path) -> dict[str, Path]:
    conf = work / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                    f"<dir>{ROOT / 'fonts' / 'stand-in'}</dir>\n<cachedir>{work / 'cache'}</cachedir>\n"
                    "</fontconfig>\n", "utf-8")
    subprocess.run([program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(work), *map(str, docs.values())],
                   check=True, capture_output=True, timeout=300,
                   env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    return {name: work / f"{path.stem}.pdf" for name, path in docs.items()}


SOURCES = {"source": ["plain", "U+2060", "U+200D", "U+FEFF", "ruby"], "kinsoku": ["避头尾 lists"]}
MARKS = "，。、）》」”"
PUNCT = ("absent", "on", "off")


def measure(pdfs: dict[str, Path]) -> dict:
    """What the probes show: spacing deltas (pt; -1 = kept, 0 = dropped; a +1 pt spacing as
    set), the characters that keep their spacing, the characters a spaced line holds (line
    end, grids), the autospace gaps
    (pt) with w:autoSpaceDE/DN absent/off/on, the digits' face, per way of holding a source
    (whole, own line, right edge pt), and per closing mark whether it hung with
    w:overflowPunct absent/on/off."""
    spaced, plain = lines(pdfs["spaced"]), lines(pdfs["unspaced"])

    def delta(k: int, ch: str) -> float:
        return round(advance(spaced[k], ch) - advance(plain[k], ch), 2)

    sources = {}
    for doc, names in SOURCES.items():
        held = [ln for ln in lines(pdfs[doc]) if any(c == "（" for c, _x, _f in ln)]
        for label, line in zip(names, held, strict=True):
            text = "".join(c for c, _x, _f in line if c not in "\u2060\u200d\ufeff")
            sources[label] = (text.endswith(SOURCE), text == SOURCE, round(line[-1][1] + SIZE, 1))
    hang = [ln for ln in lines(pdfs["hang"]) if len(ln) > 12]  # the first line of each
    portions = spaced[4]
    kept = "".join(c for k, (c, _x, _f) in enumerate(portions[:-1])
                   if portions[k + 1][1] - portions[k][1] - (plain[4][k + 1][1] - plain[4][k][1]) < -0.5)
    return {
        "producer": pdfium.PdfDocument(str(pdfs["spaced"])).get_metadata_dict().get("Producer", "?"),
        "spacing": {"inside a run": delta(0, "三"), "at a run end": delta(1, "三"),
                    "Chinese→digit in one run": delta(2, "五"), "digit→Chinese": delta(2, "1"),
                    "+1 pt at a run end": round(advance(spaced[3], "三") - SIZE, 2)},
        # characters of 一二“三四”五 六a.b七 (the space not drawn) that keep the spacing: the
        # last of each portion does not; quotes and the space take the script before them
        "kept": kept,
        # characters on the first line: at 420.5 pt (28: the line's last keeps its spacing),
        # and at 421 pt without a grid, with a line grid, with a character grid
        "line end": len(lines(pdfs["line end"])[0]),
        "grids": [len(lines(pdfs[g])[0]) for g in ("no grid", "line grid", "char grid")],
        "autospace": [round(advance(line, "文") - SIZE, 2) for line in lines(pdfs["autospace"])],
        "digit face": next(f for ch, _x, f in spaced[2] if ch == "2"),
        "sources": sources,
        "hung": {m: [len(hang[3 * n + k]) == 29 for k in range(3)] for n, m in enumerate(MARKS)},
    }


def report(facts: dict) -> list[str]:
    spacing = "; ".join(f"{where} {d:+.2f} pt ({'kept' if abs(d) > 0.5 else 'dropped'})"
                        for where, d in facts["spacing"].items())
    sources = []
    for label, (whole, own, edge) in facts["sources"].items():
        flush = "" if edge > MEASURE / 20 - 2 else f", ends at {edge:.0f} of {MEASURE / 20:.0f} pt"
        sources.append(f"{label} whole ({'own line' if own else 'last line'}{flush})" if whole
                       else f"{label} split")
    hung = "; ".join(f"{m} " + "/".join("hung" if h else "moved" for h in v) for m, v in facts["hung"].items())
    none, line, chars = facts["grids"]
    return [facts["producer"],
            f"w:spacing -1 pt in Normal, change of the advance: {spacing}",
            f"spacing kept in 一二“三四”五 六a.b七 by: {facts['kept']}",
            f"28 characters spaced to 420 pt: {facts['line end']} fit 420.5 pt; 421 pt holds "
            f"{none} without a grid, {line} under a line grid, {chars} under a character grid",
            "Chinese→digit gap (autospace), DE/DN absent/off/on: "
            + ", ".join(f"{g:.2f}" for g in facts["autospace"]) + " pt",
            f"digits after Chinese in one run: face {facts['digit face']}",
            "a source out of room after a right tab: " + ", ".join(sources),
            f"a 29th mark, w:overflowPunct {'/'.join(PUNCT)}: {hung}"]


def probe(program: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="office-probe-") as tmp:
        work = Path(tmp)
        return measure(convert(program, probes(work), work))


def main() -> None:
    program = (sys.argv[1] if len(sys.argv) > 1 else None) or os.environ.get("TYPESET_SOFFICE") \
        or shutil.which("soffice")
    if not program:
        sys.exit("LibreOffice (soffice) not found")
    print("\n".join(report(probe(program))))


if __name__ == "__main__":
    main()
