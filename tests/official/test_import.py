"""typeset import: each official text gives back its fixture; an unseen issue's PDF gives back its file."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from typeset.cli import main
from typeset.layout import load_layout
from typeset.model import Issue, Paragraph
from typeset.official.compare import read_official
from typeset.official.importer import import_official, to_yaml
from typeset.reader import load_issue, load_series

from ..conftest import FIXTURES, OFFICIAL, ROOT

LAYOUT = load_layout("briefing")
FIXED = [p.stem for p in sorted(FIXTURES.glob("*.yaml")) if (OFFICIAL / f"{p.stem}.txt").is_file()]
LABELS = LAYOUT["colophon"]["labels"]


@pytest.fixture(scope="module")
def series():
    return load_series(ROOT / "issues")


def imported(official: Path, tmp_path: Path, series, **kw) -> Issue:
    data = import_official(official, LAYOUT, **kw).data
    path = tmp_path / f"{official.stem}.yaml"
    path.write_text(to_yaml(data, path, official), "utf-8")
    return load_issue(path, series)


def content(issue: Issue) -> list[tuple]:
    """What the issue says, part by part (numbers and layout settings left aside)."""
    out: list[tuple] = [("date", issue.date)]
    for s in issue.sections:
        out.append(("section", s.name))
        for a in s.articles:
            out += [("title", a.title), *(("paragraph", p.text) for p in a.paragraphs), ("source", a.source)]
    c = issue.colophon
    return out + [("colophon", c.disclosure, c.recipients, c.printer, c.print_date, c.copies)]


def printed(issue: Issue) -> str:
    """The issue's text as the official prints it, after the masthead (white space removed)."""
    parts: list[str] = []
    for s in issue.sections:
        parts.append(f"【{s.name}】")
        for a in s.articles:
            parts += [*a.title, *(p.text for p in a.paragraphs if isinstance(p, Paragraph))]
            parts.append(f"（{a.source}）" if a.source else "")
    return re.sub(r"\s+", "", "".join(parts))


def changed_characters(a: str, b: str) -> int:
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")


@pytest.mark.parametrize("name", FIXED)
def test_an_official_text_gives_back_its_fixture(name, tmp_path, series):
    fixture = load_issue(FIXTURES / f"{name}.yaml", series)
    mine = imported(OFFICIAL / f"{name}.txt", tmp_path, series, date=fixture.date)  # where the text has none
    assert changed_characters(printed(mine), printed(fixture)) == 0
    assert content(mine) == content(fixture)


@pytest.mark.parametrize("path", sorted(OFFICIAL.glob("*.txt")), ids=lambda p: p.stem)
def test_no_official_character_is_lost_or_added(path, tmp_path, series):
    """Every character of the official text, in order, and nothing else (dates given where missing)."""
    import datetime as dt

    issue = imported(path, tmp_path, series, date=dt.date(2023, 2, 1) if path.stem == "2023-02" else None)
    official = "".join(read_official(path).lines)
    body = official[official.index("【"):]
    colophon = body.find(LABELS["disclosure"])
    assert changed_characters(printed(issue), body[:colophon] if colophon >= 0 else body) == 0
    assert sum(len(a.paragraphs) for s in issue.sections for a in s.articles) > 1


def test_an_unseen_issue_from_its_pdf(built, tmp_path, series):
    """The series' own issue 645, built and read back from its PDF: its file's content, its numbers."""
    from typeset.catalog import Catalog

    path = Catalog.scan(ROOT / "issues").find("645")
    mine = imported(built("645"), tmp_path, series)
    original = load_issue(path, series)
    assert content(mine) == content(original)
    assert mine.stated == original.stated or (mine.stated.year_number, mine.stated.total) == (40, 645)


@pytest.mark.parametrize("name", FIXED)
def test_a_fixture_from_its_pdf(built, name, tmp_path, series):
    mine = imported(built(FIXTURES / f"{name}.yaml"), tmp_path, series)
    fixture = load_issue(FIXTURES / f"{name}.yaml", series)
    assert content(mine) == content(fixture) and mine.stated == fixture.stated


def test_cli(tmp_path):
    runner = CliRunner()
    out = tmp_path / "old.yaml"
    ok = runner.invoke(main, ["import", str(OFFICIAL / f"{FIXED[0]}.txt"), "-o", str(out)])
    assert ok.exit_code == 0 and "已导入" in ok.output and out.read_text("utf-8").startswith("# yaml-language-server")
    again = runner.invoke(main, ["import", str(OFFICIAL / f"{FIXED[0]}.txt"), "-o", str(out)])
    assert again.exit_code == 1 and "已存在" in again.output
    undated = runner.invoke(main, ["import", str(OFFICIAL / "2023-02.txt"), "-o", str(tmp_path / "x.yaml")])
    assert undated.exit_code == 1 and "--date" in undated.output and not (tmp_path / "x.yaml").exists()
    dated = runner.invoke(main, ["import", str(OFFICIAL / "2023-02.txt"), "-o", str(tmp_path / "x.yaml"),
                                 "--date", "2023-02-08"])
    assert dated.exit_code == 0 and "date: 2023-02-08" in (tmp_path / "x.yaml").read_text("utf-8")
    notext = tmp_path / "empty.txt"
    notext.write_text("这不是简报\n", "utf-8")
    bad = runner.invoke(main, ["import", str(notext), "-o", str(tmp_path / "y.yaml")])
    assert bad.exit_code == 1 and "栏目" in bad.output and "Traceback" not in bad.output
