"""A built issue against an official one, line by line (typeset compare).

The official issue is its text as poppler's pdftotext prints it: one official
line per text line (blank lines between), and a line beginning with a space
is the first line of a page; an official PDF is read the same way. A `.md`
official text has no line information: only the content is compared.

Lines of a built PDF are read with `pdftotext -bbox` and grouped by their
vertical position, so a mark hanging past the right margin still belongs to
its line. White space is ignored on both sides; page-number lines (— 3 —) are
dropped. Lines the official text lacks (masthead title and number) cost nothing.

Figures (Figures):
  exact_lines   official lines reproduced exactly, in order
  breaks        official line ends at which the build also ends a line
  local         of the official lines that start where a built line starts,
                those that also end where it ends (one early difference
                does not count again on every later line)
  page starts   official pages after the first that begin on the same line
  missing       official characters absent from the build (lost content)
"""

from __future__ import annotations

import difflib
import html
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import TypesetError

PAGE_NUMBER = re.compile(r"^[-—–－―]*\d+[-—–－―]*$")
SPACE = 0.25  # of the text height: words further apart than this stand apart in the text
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Text:
    """Lines (white space removed) and the index of each page's first line."""

    lines: list[str]
    page_starts: list[int]
    content_only: bool = False
    blank_pages: int = 0  # pages of the official text without text (a colophon set as a picture)


@dataclass
class Figures:
    reference_lines: int
    missing_chars: int
    missing_samples: list[str]
    content_only: bool = False
    exact_lines: int = 0
    breaks: int = 0
    local_lines: int = 0
    local_ok: int = 0
    page_starts_total: int = 0
    page_starts_matched: int = 0
    reference_pages: int = 0
    pdf_pages: int = 0
    blank_pages: int = 0  # official pages without text, which reference_pages does not count (as fidelity.py)
    mismatches: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        if self.content_only:
            return f"content only · missing chars {self.missing_chars}"
        return (f"lines {self.exact_lines}/{self.reference_lines} exact "
                f"({pct(self.exact_lines, self.reference_lines):.1f}%) · "
                f"breaks {pct(self.breaks, self.reference_lines):.1f}% · "
                f"local {self.local_ok}/{self.local_lines} "
                f"({pct(self.local_ok, self.local_lines):.1f}%) · "
                f"page starts {self.page_starts_matched}/{self.page_starts_total} · "
                f"pages {self.pdf_pages} (reference {self.reference_pages}) · "
                f"missing chars {self.missing_chars}")

    def summary_zh(self) -> str:
        if self.content_only:
            return f"只比较内容：缺失 {self.missing_chars} 字"
        return (f"逐行一致 {self.exact_lines}/{self.reference_lines} 行"
                f"（{pct(self.exact_lines, self.reference_lines):.1f}%）；"
                f"局部一致 {self.local_ok}/{self.local_lines}（{pct(self.local_ok, self.local_lines):.1f}%）；"
                f"换页一致 {self.page_starts_matched}/{self.page_starts_total}；"
                f"页数 {self.pdf_pages}（正式版 {self.reference_pages}"
                f"{f'，另有 {self.blank_pages} 页没有文字' if self.blank_pages else ''}）；"
                f"缺失 {self.missing_chars} 字")

    @property
    def complete(self) -> bool:
        """Every official line, page start and character reproduced."""
        return (self.missing_chars == 0 and (self.content_only or (
            self.exact_lines == self.reference_lines
            and self.pdf_pages == self.reference_pages + self.blank_pages
            and self.page_starts_matched == self.page_starts_total)))


def pct(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 100.0


def _pdftotext(args: list[str], path: Path) -> str:
    try:
        return subprocess.run(["pdftotext", *args, str(path), "-"], check=True,
                              capture_output=True, text=True).stdout
    except FileNotFoundError:
        raise TypesetError("找不到 pdftotext：请安装 poppler-utils（scripts/setup.sh 会安装）") from None
    except subprocess.CalledProcessError as err:
        said = [line.removeprefix("Syntax Error: ").strip() for line in err.stderr.splitlines() if line.strip()]
        detail = f"（pdftotext：{said[-1]}）" if said else ""
        raise TypesetError(f"{path}：这个 PDF 读不出来{detail}，可能没有下载或导出完整，或已损坏；"
                           "请重新导出或下载这个 PDF 再比较") from None


def parse_official(raw_text: str, content_only: bool = False) -> Text:
    """The official text as pdftotext printed it: a line beginning with a space starts a page."""
    lines: list[str] = []
    starts: list[int] = []
    blank = 0
    for raw in raw_text.split("\n"):
        if content_only:
            raw = re.sub(r"^#+\s*|\*\*|^-{3,}$", "", raw.strip())
        text = squash(raw)
        if not text:
            blank += raw.startswith(" ") and not content_only
            continue
        if raw.startswith(" ") and not content_only:
            starts.append(len(lines))
        lines.append(text)
    return Text(lines, starts, content_only, blank)


def _gbk(raw: bytes) -> bool:
    """Bytes that read as Chinese text in GB18030 (a Chinese Windows' "ANSI")."""
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text) > len(text) / 4


def official_text(path: Path) -> str:
    """An official issue's text in the reference form: `.txt`/`.md` as it is; a PDF read
    line by line as a built one is, each page's first line marked by a leading space."""
    path = Path(path)
    if not path.is_file():
        raise TypesetError(f"找不到文件 {path}")
    if path.suffix.lower() != ".pdf":
        raw = path.read_bytes()
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode": exact, so read as it is
            return raw.decode("utf-16")
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            kind = "看起来是 GBK/GB2312 编码" if _gbk(raw) else "不是 UTF-8 文本"
            raise TypesetError(f"{path} {kind}：请给出 pdftotext 输出的 .txt（UTF-8）或正式版 PDF；"
                               "是记事本保存的文本时，另存为 UTF-8 编码") from None
    rows = [(" " if i == 0 else "") + row for page in pdf_rows(path) for i, row in enumerate(page)]
    return "\n\n".join(rows) + "\n"


def read_official(path: Path) -> Text:
    path = Path(path)
    return parse_official(official_text(path), content_only=path.suffix.lower() == ".md")


def pdf_rows(path: Path) -> list[list[str]]:
    """Each page's lines (words joined by a space): words grouped by their vertical centre,
    page numbers dropped."""
    pages = []
    for page in _pdftotext(["-bbox"], Path(path)).split("<page ")[1:]:
        words = [(float(x0), float(x1), (float(y0) + float(y1)) / 2, float(y1) - float(y0), html.unescape(t))
                 for x0, y0, x1, y1, t in WORD.findall(page)]
        words.sort(key=lambda w: w[2])
        rows: list[list] = []  # [centre, height, [(x0, x1, text)]]
        for x0, x1, centre, height, text in words:
            if rows and abs(centre - rows[-1][0]) < 0.45 * max(height, rows[-1][1]):
                rows[-1][2].append((x0, x1, text))
            else:
                rows.append([centre, height, [(x0, x1, text)]])
        lines = [_joined(sorted(parts), height) for _c, height, parts in rows]
        pages.append([line for line in lines if line and not PAGE_NUMBER.match(squash(line))])
    return pages


def _joined(words: list[tuple[float, float, str]], height: float) -> str:
    """A row's words, a space where they stand apart (pdftotext cuts words at every change
    of face too: those pieces touch)."""
    out, end = "", None
    for x0, x1, text in words:
        out += (" " if end is not None and x0 - end > SPACE * height else "") + text
        end = x1
    return out.strip()


def read_built(path: Path) -> Text:
    """A built PDF's lines and each page's first line."""
    lines: list[str] = []
    starts: list[int] = []
    for page in pdf_rows(path):
        starts.append(len(lines))
        lines.extend(squash(row) for row in page)
    return Text(lines, starts)


def compare(built: Text, official: Text) -> Figures:
    ref, out = official.lines, built.lines
    ref_text = "".join(ref)
    chars = difflib.SequenceMatcher(None, ref_text, "".join(out), autojunk=False)
    blocks = chars.get_matching_blocks()
    gaps, pos = [], 0
    for block in blocks:
        if block.a > pos:
            gaps.append(ref_text[pos:block.a])
        pos = block.a + block.size
    figures = Figures(len(ref), len(ref_text) - sum(b.size for b in blocks), gaps[:5], official.content_only)
    if official.content_only:
        return figures

    char_map = {b.a + k: b.b + k for b in blocks for k in range(b.size)}
    out_ends, pos = set(), 0
    for line in out:
        pos += len(line)
        out_ends.add(pos)
    out_starts = {0} | out_ends
    pos = 0
    for line in ref:
        start, end = pos, pos + len(line)
        pos = end
        last = char_map.get(end - 1)
        end_ok = last is not None and last + 1 in out_ends
        figures.breaks += end_ok
        first = char_map.get(start)
        if first is not None and first in out_starts:
            figures.local_lines += 1
            figures.local_ok += end_ok

    matcher = difflib.SequenceMatcher(None, ref, out, autojunk=False)
    where = {b.a + k: b.b + k for b in matcher.get_matching_blocks() for k in range(b.size)}
    figures.exact_lines = len(where)
    later = official.page_starts[1:]
    built_starts = set(built.page_starts)
    figures.page_starts_total = len(later)
    figures.page_starts_matched = sum(1 for i in later if where.get(i) in built_starts)
    figures.reference_pages = len(official.page_starts)
    figures.pdf_pages = len(built.page_starts)
    figures.blank_pages = official.blank_pages
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            n = max(i2 - i1, j2 - j1)
            rs, bs = ref[i1:i2] + [""] * (n - (i2 - i1)), out[j1:j2] + [""] * (n - (j2 - j1))
            figures.mismatches.extend(zip(rs, bs, strict=True))
    return figures


def compare_files(built_pdf: Path, official: Path) -> Figures:
    return compare(read_built(built_pdf), read_official(official))


def show(figures: Figures) -> list[str]:
    """The differing line pairs and the lost text, for an editor."""
    rows = [f"  正式版：{official}\n  排版：  {built}\n" for official, built in figures.mismatches]
    return rows + [f"  缺失：{gap[:60]}" for gap in figures.missing_samples]
