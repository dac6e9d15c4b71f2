"""`typeset book`: a generated series (60+ issues, supplements, some issues of several pages
with two sections) bound and read back with pypdf."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from typeset.cli import main

from ..cli.series import Made
from .volume import make_volume_series

OFFICE = "四川省地方志工作办公室"
ENTRY = re.compile(r"(.+?) ·+ (\d+)")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[Made]]]:
    """The generated series, bound once with --all; cwd = the project."""
    root = tmp_path_factory.mktemp("volume")
    made = make_volume_series(root)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = run("book", "--all")
        assert result.exit_code == 0, result.output
        assert f"需要排版 {len(made)} 期" in result.stderr
        yield root, made
    finally:
        os.chdir(cwd)


@contextmanager
def edited(path: Path, old: str, new: str) -> Iterator[None]:
    """`path` with its first `old` replaced by `new`, restored afterwards (the series is shared)."""
    text = path.read_text("utf-8")
    path.write_text(text.replace(old, new, 1), "utf-8")
    try:
        yield
    finally:
        path.write_text(text, "utf-8")


def stem(m: Made) -> str:
    return f"{m.date.year}-增刊-{m.number}" if m.supplement else str(m.total)


def heading(m: Made) -> str:
    number = f"增刊第{m.number}期" if m.supplement else f"第{m.number}期（总第{m.total}期）"
    return f"{number}\u3000{m.date.year}年{m.date.month}月{m.date.day}日"


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark, in order."""
    out: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]


def front_pages(reader: PdfReader) -> int:
    """Pages before the first issue: labelled i, ii, …; the issues' pages 1, 2, …"""
    labels = reader.page_labels
    front = labels.index("1")
    assert front >= 2  # a cover and at least one page of contents
    assert labels[:front] == ROMAN[:front]
    assert labels[front:] == [str(k) for k in range(1, len(labels) - front + 1)]
    return front


def titles(m: Made) -> list[str]:
    """The articles of an issue: a long one (two sections) has three."""
    long = "续报" in m.path.read_text("utf-8")
    return [m.title, f"{m.title}续报", f"{m.title}市州来稿"] if long else [m.title]


def test_pages_labels_and_bookmarks(project: tuple[Path, list[Made]]) -> None:
    root, made = project
    book = PdfReader(root / "build" / "2023-2025-合订本.pdf")
    front = front_pages(book)
    own = [len(PdfReader(root / "build" / f"{stem(m)}.pdf").pages) for m in made]
    assert len(made) >= 60 and sum(m.supplement for m in made) >= 3
    assert len(book.pages) == front + sum(own)
    texts = [page.extract_text().splitlines() for page in book.pages]
    marks = outline(book)
    assert [t for d, t, _ in marks if d == 0] == ["2023年", "2024年", "2025年"]
    issues = [(t, p) for d, t, p in marks if d == 1]
    assert [t for t, _ in issues] == [heading(m) for m in made]  # numbering order, supplements by date
    start = front
    for (_, page), m, pages in zip(issues, made, own, strict=True):
        assert page == start, m.title  # the issue's first page: its masthead, its number line
        assert "四川省地方志工作简报" in texts[page][0] and m.line in texts[page][1]
        start += pages
    sections = [(t, p) for d, t, p in marks if d == 2]
    assert {t for t, _ in sections} == {"工作动态", "市州动态"}
    for name, page in sections:
        assert f"【{name}】" in texts[page]
    articles = [(t, p) for d, t, p in marks if d == 3]
    assert [t for t, _ in articles] == [t for m in made for t in titles(m)]
    assert any(p not in {start for _, start in issues} for _, p in articles)  # some start on a later page
    for title, page in articles:
        assert title in texts[page], title  # on that page…
        assert page == front or title not in texts[page - 1]  # …and not already on the one before


def test_contents_agree_with_bookmarks(project: tuple[Path, list[Made]]) -> None:
    root, made = project
    book = PdfReader(root / "build" / "2023-2025-合订本.pdf")
    front = front_pages(book)
    labels = book.page_labels
    listed: list[tuple[str, str]] = []
    for page in book.pages[1:front]:
        for line in page.extract_text().splitlines():
            m = ENTRY.fullmatch(line.strip())
            if m:
                listed.append((m[1].strip(), m[2]))
    marks = [(t, labels[p]) for d, t, p in outline(book) if d in (1, 3)]
    assert listed == marks
    assert sum(1 for t, _ in listed if t in {heading(m) for m in made}) == len(made)


def test_cover_and_metadata(project: tuple[Path, list[Made]]) -> None:
    root, _ = project
    book = PdfReader(root / "build" / "2023-2025-合订本.pdf")
    cover = book.pages[0].extract_text()
    assert "四川省地方志工作简报" in cover and "2023—2025年合订本" in cover and OFFICE in cover
    info = book.metadata
    assert info.title == "四川省地方志工作简报 2023—2025年合订本"
    assert info.author == OFFICE
    assert "总第101—164期" in info.subject and "增刊3期" in info.subject
    assert "合订本" in info["/Keywords"]
    assert info.creation_date is not None
    xmp = book.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title["x-default"] == info.title
    assert xmp.dc_creator == [OFFICE]
    assert xmp.dc_description["x-default"] == info.subject
    assert "合订本" in xmp.pdf_keywords
    assert xmp.xmp_create_date is not None


def test_a_year_and_a_date_range(project: tuple[Path, list[Made]]) -> None:
    root, made = project
    result = run("book", "2024")
    assert result.exit_code == 0, result.output
    assert "需要排版 0 期" in result.stderr  # every issue was built for --all already
    book = PdfReader(root / "build" / "2024-合订本.pdf")
    year = [m for m in made if m.date.year == 2024]
    marks = outline(book)
    assert [t for d, t, _ in marks if d == 0] == ["2024年"]
    assert [t for d, t, _ in marks if d == 1] == [heading(m) for m in year]
    assert any(m.supplement for m in year)

    result = run("book", "2024-05-01..2024-09-18")
    assert result.exit_code == 0, result.output
    book = PdfReader(root / "build" / "2024-05-01至2024-09-18-合订本.pdf")
    inside = [m for m in made if "2024-05-01" <= m.date.isoformat() <= "2024-09-18"]
    assert [t for d, t, _ in outline(book) if d == 1] == [heading(m) for m in inside]
    assert inside[0].supplement and inside[-1].supplement  # both ends included


def test_rebuilds_only_the_edited_issue(project: tuple[Path, list[Made]]) -> None:
    root, made = project
    changed, other = made[20], made[30]
    other_pdf = root / "build" / f"{stem(other)}.pdf"
    before = other_pdf.stat().st_mtime_ns
    with edited(changed.path, changed.title, changed.title + "（修订）"):
        result = run("book", "--all")
        assert result.exit_code == 0, result.output
        assert "需要排版 1 期" in result.stderr
        book = PdfReader(root / "build" / "2023-2025-合订本.pdf")
        assert changed.title + "（修订）" in [t for _, t, _ in outline(book)]
        assert other_pdf.stat().st_mtime_ns == before


def test_an_issue_that_fails_leaves_the_previous_book(project: tuple[Path, list[Made]]) -> None:
    root, made = project
    target = root / "build" / "2023-2025-合订本.pdf"
    previous = target.read_bytes()
    broken = made[5]
    with edited(broken.path, "        source:", "        sauce:"):
        result = run("book", "--all")
        assert result.exit_code == 1
        assert re.search(rf"{re.escape(broken.path.name)}:\d+:\d+: 错误：.*sauce", result.stderr)
        assert "合订本没有生成" in result.stderr and "Traceback" not in result.output
        assert target.read_bytes() == previous


def test_a_gap_in_the_numbering_is_named(project: tuple[Path, list[Made]]) -> None:
    root, made = project
    target = root / "build" / "2024-合订本.pdf"
    previous = target.read_bytes()
    missing = next(m for m in made if m.date.year == 2024 and m.number == 7)
    aside = root / "aside.yaml"
    shutil.move(missing.path, aside)
    try:
        result = run("book", "2024")
        assert result.exit_code == 1
        assert f"中间缺少总第 {missing.total} 期" in result.stderr
        assert "合订本没有生成" in result.stderr
        assert target.read_bytes() == previous
    finally:
        shutil.move(aside, missing.path)


@pytest.mark.parametrize("args, words", [
    ((), "请指定要装订的范围"),
    (("2024", "--all"), "请指定要装订的范围"),
    (("2024-02-30..2024-03-01",), "日期“2024-02-30”无效"),
    (("2024-06-01..2024-01-01",), "起点晚于终点"),
    (("二〇二四",), "看不懂"),
    (("1999",), "没有任何一期"),
])
def test_bad_spans(project: tuple[Path, list[Made]], args: tuple[str, ...], words: str) -> None:
    result = run("book", *args)
    assert result.exit_code == 1
    assert words in result.stderr


def test_missing_glyphs_are_warned_every_time_and_stop_strict(project: tuple[Path, list[Made]]) -> None:
    root, made = project
    rare = "𠀀"  # CJK Extension B: no face of any role draws it
    issue = next(m for m in made if m.date.year == 2024 and not m.supplement)
    target = root / "build" / "2024-合订本.pdf"
    with edited(issue.path, "的正文。", f"的正文{rare}。"):
        for built in ("需要排版 1 期", "需要排版 0 期"):  # the unchanged issue's warning is repeated
            result = run("book", "2024")
            assert result.exit_code == 0, result.output
            assert built in result.stderr
            assert re.search(rf"{re.escape(issue.path.name)}:\d+:\d+: 警告：.*U\+20000", result.stderr)
        previous = target.read_bytes()
        result = run("book", "2024", "--strict")
        assert result.exit_code == 1
        assert re.search(rf"{re.escape(issue.path.name)}:\d+:\d+: 错误：.*U\+20000", result.stderr)
        assert target.read_bytes() == previous
