"""The pictures of an official PDF: each with its caption, its width and its place among the lines.

    official_text_with_pictures(pdf) → (text, pictures)

pdftohtml (poppler, as pdftotext) lists every picture of a page with its box, and the text
rows with theirs. A picture's caption is the row just below it, centred under it (FORMAT §5);
its place in the text is before that caption, else before the first row below it. The text is
the one compare.official_text gives, with a marker line (MARK + number) where each picture
stands; the reader turns a marker into a picture item, the caption row into its caption.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from ...errors import TypesetError
from ..compare import pdf_rows

MARK = "\ue100图片"  # a line of its own: never text of an official issue (private use)
MARKED = re.compile("^" + MARK + r"(\d+)$")
MAX_PICTURES = 200  # an issue has a few; a PDF with thousands is not an issue
TIMEOUT = 120  # seconds for pdftohtml
CAPTION_ROWS = 3  # a caption stands within this many text rows' height below its picture


@dataclass
class Picture:
    page: int  # 1-based
    data: bytes
    suffix: str  # ".jpg", ".png"
    caption: str | None
    width: float  # a fraction of the page's text width
    placed: bool = False  # found its place among the text rows


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _rows(page: ElementTree.Element) -> list[tuple[float, float, float, float, str]]:
    """The text rows of a pdftohtml page: (top, bottom, left, right, text), top to bottom."""
    rows: list[list] = []
    for t in sorted(page.iter("text"), key=lambda e: float(e.get("top", 0))):
        top, height = float(t.get("top", 0)), float(t.get("height", 0))
        left, width = float(t.get("left", 0)), float(t.get("width", 0))
        text = "".join(t.itertext())
        if rows and abs(top - rows[-1][0]) < 0.5 * max(height, rows[-1][1] - rows[-1][0]):
            row = rows[-1]
            row[1], row[2], row[3] = max(row[1], top + height), min(row[2], left), max(row[3], left + width)
            row[4] += text
        else:
            rows.append([top, top + height, left, left + width, text])
    return [(a, b, c, d, e) for a, b, c, d, e in rows]


def _pdftohtml(pdf: Path, folder: Path) -> ElementTree.Element:
    try:
        subprocess.run(["pdftohtml", "-xml", "-q", "-nodrm", "-hidden", str(pdf), str(folder / "p")],
                       check=True, capture_output=True, timeout=TIMEOUT)
        return ElementTree.parse(folder / "p.xml").getroot()
    except FileNotFoundError:
        raise TypesetError("找不到 pdftohtml：请安装 poppler-utils（scripts/setup.sh 会安装）") from None
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, ElementTree.ParseError, OSError):
        raise TypesetError(f"{pdf}：这个 PDF 中的图片读不出来，可能已损坏；请重新导出这个 PDF 再导入") from None


def official_text_with_pictures(pdf: Path, text_width_pt: float) -> tuple[str, list[Picture]]:
    """The official text (compare.official_text's form) with a marker line for each picture."""
    pages = pdf_rows(pdf)
    pictures: list[Picture] = []
    with tempfile.TemporaryDirectory(prefix="typeset-import-") as tmp:
        root = _pdftohtml(pdf, Path(tmp))
        for number, page in enumerate(root.iter("page"), 1):
            images = list(page.iter("image"))
            if not images or number > len(pages):
                continue
            rows = _rows(page)
            scale = float(page.get("width", 0)) / 595.276 if page.get("width") else 1.0  # px per pt (A4)
            for image in sorted(images, key=lambda e: float(e.get("top", 0))):
                if len(pictures) >= MAX_PICTURES:
                    raise TypesetError(f"{pdf}：图片超过 {MAX_PICTURES} 张，不像是一期简报；请确认给的是简报正式版")
                src = Path(image.get("src", ""))
                path = src if src.is_absolute() else Path(tmp) / src.name
                if not path.is_file():
                    continue
                top, height = float(image.get("top", 0)), float(image.get("height", 0))
                left, width = float(image.get("left", 0)), float(image.get("width", 0))
                bottom, centre = top + height, left + width / 2
                below = [r for r in rows if r[0] >= bottom - 1]
                caption = None
                if below:
                    r = below[0]
                    line = r[1] - r[0]
                    if r[0] - bottom <= CAPTION_ROWS * line and abs((r[2] + r[3]) / 2 - centre) <= 0.03 * width + 2:
                        caption = r[4].strip()
                picture = Picture(number, path.read_bytes(), path.suffix.lower() or ".png", caption,
                                  round(width / scale / text_width_pt, 2))
                pictures.append(picture)
                anchor = _squash(below[0][4]) if below else None
                picture.placed = _place(pages[number - 1], anchor, f"{MARK}{len(pictures)}")
    out = [(" " if i == 0 else "") + row for page_rows in pages for i, row in enumerate(page_rows)]
    return "\n\n".join(out) + "\n", pictures


def _place(rows: list[str], anchor: str | None, marker: str) -> bool:
    """Insert the marker before the row that reads `anchor` (after any marker placed already);
    at the page's end when nothing stands below the picture."""
    if anchor is None:
        rows.append(marker)
        return True
    for i, row in enumerate(rows):
        if _squash(row) == anchor:
            rows.insert(i, marker)
            return True
    return False
