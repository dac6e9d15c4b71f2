"""typeset compare: figures checked against rules, and against fidelity.py where it is at hand."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from typeset.cli import main
from typeset.errors import TypesetError
from typeset.official.compare import (
    Text,
    compare,
    compare_files,
    official_text,
    parse_official,
    read_built,
    read_official,
)

from ..conftest import FIXTURES, OFFICIAL

TEXTS = sorted(OFFICIAL.glob("*.txt"))
# The judge of the official format, kept outside the project (shared/tools/ beside a folder
# above the project, or $TYPESET_FIDELITY): the figures are compared with its own where it is there.
FIDELITY = next((p for p in [Path(os.environ.get("TYPESET_FIDELITY", "/nonexistent"))] + [
    d / "shared" / "tools" / "fidelity.py" for d in Path(__file__).resolve().parents[2].parents] if p.is_file()),
    Path("/nonexistent"))
BUILT = [p.stem for p in sorted(FIXTURES.glob("*.yaml")) if (OFFICIAL / f"{p.stem}.txt").is_file()]


def copy(text: Text) -> Text:
    """The text as a built PDF would give it (a page without text starts after the last line)."""
    return Text(list(text.lines), list(text.page_starts) + [len(text.lines)] * text.blank_pages)


def middle_lines(text: Text) -> list[int]:
    """Lines i (not ending a page) whose successor i+1 is long enough to give a character."""
    starts = set(text.page_starts)
    return [i for i in range(1, len(text.lines) - 1)
            if i + 1 not in starts and len(text.lines[i + 1]) > 2 and text.lines[i][-1] != text.lines[i + 1][0]]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_the_official_text_against_itself_is_complete(path):
    official = read_official(path)
    built = copy(official)
    built.lines[:0] = ["四川省地方志工作简报", "第1期"]  # the masthead the official text lacks costs nothing
    built.page_starts = ([0] + [i + 2 for i in official.page_starts[1:]]
                         + [len(built.lines)] * official.blank_pages)
    f = compare(built, official)
    n = len(official.lines)
    assert (f.exact_lines, f.breaks, f.local_lines, f.local_ok, f.missing_chars) == (n, n, n, n, 0)
    assert f.page_starts_matched == f.page_starts_total == len(official.page_starts) - 1
    assert f.complete and not f.mismatches


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_one_character_carried_to_the_next_line(path):
    """Line i ends one character early: lines i and i+1 differ, one break is lost, line i
    starts right but ends wrong, line i+1 no longer starts a built line."""
    official = read_official(path)
    n = len(official.lines)
    for i in middle_lines(official)[:: max(1, n // 7)]:
        built = copy(official)
        built.lines[i], built.lines[i + 1] = built.lines[i][:-1], built.lines[i][-1] + built.lines[i + 1]
        f = compare(built, official)
        assert (f.exact_lines, f.breaks, f.local_lines, f.local_ok, f.missing_chars) == (n - 2, n - 1, n - 1, n - 2, 0)
        assert f.mismatches == [(official.lines[i], built.lines[i]), (official.lines[i + 1], built.lines[i + 1])]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_a_lost_character_and_a_late_page(path):
    official = read_official(path)
    n = len(official.lines)
    built = copy(official)
    i = middle_lines(official)[len(middle_lines(official)) // 2]
    lost = built.lines[i][1]
    built.lines[i] = built.lines[i][0] + built.lines[i][2:]
    built.page_starts[1] += 1  # the second page begins one line late
    f = compare(built, official)
    assert (f.exact_lines, f.missing_chars, f.missing_samples) == (n - 1, 1, [lost])
    assert (f.breaks, f.local_lines, f.local_ok) == (n, n, n)
    assert f.page_starts_matched == f.page_starts_total - 1


def test_content_only_counts_lost_characters():
    official = read_official(OFFICIAL / "issue-645-2024-03-26.md")
    assert official.content_only and official.lines
    text = "".join(official.lines)
    f = compare(Text([text[:100], text[103:]], [0]), official)
    assert f.content_only and f.missing_chars == 3 and f.missing_samples == [text[100:103]]


def test_reference_form_pages_and_spaces():
    text = parse_official(" 第一页 第 1 行\n\n第 2 行\n\n 第二页\n\n\n末行\n")
    assert text.lines == ["第一页第1行", "第2行", "第二页", "末行"] and text.page_starts == [0, 2]


@pytest.fixture(scope="module")
def fidelity_figures():
    if not FIDELITY.is_file():
        pytest.skip("fidelity.py is not beside the project")

    def run(pdf: Path, reference: Path) -> dict:
        out = subprocess.run([sys.executable, str(FIDELITY), str(pdf), str(reference), "--json"],
                             capture_output=True, text=True, check=True).stdout
        return json.loads(out[: out.rindex("}") + 1])

    return run


KEYS = ("reference_lines", "exact_lines", "breaks", "local_lines", "local_ok", "page_starts_total",
        "page_starts_matched", "reference_pages", "pdf_pages", "missing_chars", "missing_samples")


@pytest.mark.parametrize("name", BUILT)
def test_same_figures_as_fidelity(built, fidelity_figures, name, tmp_path):
    pdf = built(FIXTURES / f"{name}.yaml")
    # the fixture as built, and set looser, which moves many breaks
    wide = tmp_path / f"{name}.yaml"
    text = (FIXTURES / f"{name}.yaml").read_text("utf-8")
    looser = (text.replace("\ncomposition: {", "\ncomposition: {condense: 0.1, ", 1) if "\ncomposition: {" in text
              else text.replace("\nsections:", "\ncomposition: {condense: 0.1}\nsections:", 1))
    wide.write_text(looser, "utf-8")
    for path in (pdf, built(wide)):
        mine = compare_files(path, OFFICIAL / f"{name}.txt")
        theirs = fidelity_figures(path, OFFICIAL / f"{name}.txt")
        assert {k: getattr(mine, k) for k in KEYS} == {k: theirs[k] for k in KEYS}
        assert mine.mismatches == [(m["reference"], m["pdf"]) for m in theirs["mismatches"]]
        assert mine.summary() == subprocess.run(
            [sys.executable, str(FIDELITY), str(path), str(OFFICIAL / f"{name}.txt")],
            capture_output=True, text=True).stdout.strip()
    mine = compare_files(built("645"), OFFICIAL / "issue-645-2024-03-26.md")
    assert mine.missing_chars == fidelity_figures(built("645"), OFFICIAL / "issue-645-2024-03-26.md")["missing_chars"]


@pytest.mark.parametrize("name", BUILT)
def test_an_official_pdf_is_read_as_its_text_was(built, name):
    """A PDF given as the official issue: its lines as text in the reference form."""
    pdf = built(FIXTURES / f"{name}.yaml")
    text = parse_official(official_text(pdf))
    assert (text.lines, text.page_starts) == (read_built(pdf).lines, read_built(pdf).page_starts)
    assert compare_files(pdf, pdf).complete
    official = read_official(OFFICIAL / f"{name}.txt")
    assert all(line in text.lines for line in official.lines)


def test_cli(built):
    pdf = built(FIXTURES / f"{BUILT[0]}.yaml")
    runner = CliRunner()
    ok = runner.invoke(main, ["compare", str(pdf), str(OFFICIAL / f"{BUILT[0]}.txt")])
    assert ok.exit_code == 0 and ok.output.startswith("逐行一致 ") and "缺失 0 字" in ok.output
    other = runner.invoke(main, ["compare", str(pdf), str(OFFICIAL / f"{BUILT[-1]}.txt"), "--show"])
    assert other.exit_code == 0 and "  正式版：" in other.output and "  排版：" in other.output
    missing = runner.invoke(main, ["compare", str(pdf), "nowhere.txt"])
    assert missing.exit_code != 0 and "nowhere.txt" in missing.output


@pytest.mark.parametrize("content", [b"%PDF-1.4\ngarbage", b"PK\x03\x04 a DOCX, not a PDF"])
def test_an_unreadable_pdf_is_named_in_chinese(tmp_path, content):
    bad = tmp_path / "坏的.pdf"
    bad.write_bytes(content)
    out = subprocess.run([sys.executable, "-m", "typeset", "compare", str(bad), str(OFFICIAL / f"{BUILT[0]}.txt")],
                         capture_output=True, text=True)
    assert out.returncode == 1 and out.stdout == "", out
    assert out.stderr.startswith(f"错误：{bad}：这个 PDF 读不出来") and "请重新导出或下载" in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "Syntax Error" not in out.stderr, out.stderr


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_an_official_text_saved_by_notepad_reads_the_same(tmp_path, encoding):
    """Notepad's UTF-8 with a byte-order mark and its "Unicode" (UTF-16) are exact: read as
    they are, the first page's start included."""
    original = OFFICIAL / f"{BUILT[0]}.txt"
    saved = tmp_path / "saved.txt"
    saved.write_bytes(original.read_text("utf-8").encode(encoding))
    assert read_official(saved) == read_official(original)


def test_an_official_text_in_gbk_is_refused_with_what_to_do(tmp_path):
    saved = tmp_path / "ansi.txt"
    saved.write_bytes((OFFICIAL / f"{BUILT[0]}.txt").read_text("utf-8").encode("gb18030"))
    with pytest.raises(TypesetError, match="看起来是 GBK/GB2312 编码.*另存为 UTF-8"):
        read_official(saved)
