"""typeset new: the next issue file, numbered, for an editor to fill."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from typeset.build import Project
from typeset.catalog import Catalog
from typeset.errors import TypesetError
from typeset.new_issue import create, plan

from .series import Made, make_series

LAST = dt.date(2025, 11, 18)  # the generated series' last main issue: 2025 第 22 期 = 总第 164 期


def test_last_issue_is_what_the_tests_assume(series: list[Made]) -> None:
    last = max((m for m in series if not m.supplement), key=lambda m: m.date)
    assert (last.date, last.number, last.total) == (LAST, 22, 164)


def test_new_creates_the_next_issue(series, typeset) -> None:
    result = typeset("new", "--date", "2025-12-02")
    assert result.exit_code == 0, result.output
    path = Path("issues/2025/165.yaml")
    assert f"已新建 {path}：2025 年第 23 期（总第 165 期），2025-12-02" in result.stdout
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    schema = text.splitlines()[0].split("$schema=")[1]
    assert (path.parent / schema).resolve().name == "issue.schema.json"
    assert (path.parent / schema).resolve().is_file()
    data = yaml.safe_load(text)
    assert (data["date"], data["number"], data["total"]) == (dt.date(2025, 12, 2), 23, 165)
    assert "supplement" not in data
    # the skeleton: one section, one article, to fill; the colophon defaults as comments
    assert data["sections"] == [{"name": "", "articles": [{"title": "", "paragraphs": [""], "source": ""}]}]
    assert "# disclosure: 主动公开" in text and "# printer: 四川省地方志工作办公室综合处" in text
    assert "#   - 中国地方志工作办公室。" in text and "# print_date: 2025-12-02" in text
    assert "copies:" in text
    # list and the numbering see it at once
    assert re.search(r"165\s+第 23 期\s+2025-12-02", typeset("list").stdout)


def test_new_issue_in_a_new_year_starts_at_one(series, typeset) -> None:
    result = typeset("new", "--date", "2026-01-06")
    assert "已新建 issues/2026/165.yaml：2026 年第 1 期（总第 165 期）" in result.stdout
    result = typeset("new", "--date", "2026-01-13")
    assert "已新建 issues/2026/166.yaml：2026 年第 2 期（总第 166 期）" in result.stdout


def test_new_supplement_has_its_own_count(series, typeset) -> None:
    result = typeset("new", "--date", "2025-12-01", "--supplement")
    assert result.exit_code == 0, result.output
    assert "已新建 issues/2025/增刊-2.yaml：2025 年增刊第 2 期，2025-12-01" in result.stdout
    data = yaml.safe_load(Path("issues/2025/增刊-2.yaml").read_text("utf-8"))
    assert (data["supplement"], data["number"]) == (True, 2) and "total" not in data
    # and does not advance the main numbers
    assert "2025 年第 23 期（总第 165 期）" in typeset("new", "--date", "2025-12-02").stdout
    # a supplement in a new year is 增刊第 1 期
    assert "2026 年增刊第 1 期" in typeset("new", "--date", "2026-02-01", "--supplement").stdout


def test_new_on_the_same_day_as_the_last(series, typeset) -> None:
    assert "总第 165 期" in typeset("new", "--date", "2025-12-02").stdout
    again = typeset("new", "--date", "2025-12-02")
    assert again.exit_code == 1 and not Path("issues/2025/166.yaml").exists()
    assert "2025-12-02 已有一期 issues/2025/165.yaml" in again.stderr and "--same-day" in again.stderr
    stated = typeset("new", "--date", "2025-12-02", "--same-day")
    assert stated.exit_code == 0 and "总第 166 期" in stated.stdout


def test_new_without_a_date_is_today(series, typeset) -> None:
    today = dt.date.today()
    week_ago = today - dt.timedelta(days=7)
    assert typeset("new", "--date", week_ago.isoformat()).exit_code == 0
    result = typeset("new")
    assert result.exit_code == 0, result.output
    assert f"（总第 166 期），{today}" in result.stdout


def test_new_without_a_date_long_after_the_last_issue_asks_for_one(series, typeset) -> None:
    """Today, 200 days after the last issue, is not taken without a word."""
    long_ago = dt.date.today() - dt.timedelta(days=200)
    assert typeset("new", "--date", long_ago.isoformat()).exit_code == 0
    before = sorted(Path("issues").rglob("*.yaml"))
    result = typeset("new")
    assert result.exit_code == 1 and sorted(Path("issues").rglob("*.yaml")) == before
    assert f"是 {long_ago}，已相隔 200 天" in result.stderr and "请写明出刊日期" in result.stderr
    assert typeset("new", "--date", dt.date.today().isoformat()).exit_code == 0


def test_new_refuses_a_date_years_ahead(series, typeset) -> None:
    before = sorted(Path("issues").rglob("*.yaml"))
    result = typeset("new", "--date", "9999-12-31")
    assert result.exit_code == 1 and "9999-12-31 在一年以后" in result.stderr
    assert sorted(Path("issues").rglob("*.yaml")) == before
    assert typeset("new", "--date", "2025-12-02").exit_code == 0  # nothing blocked


def test_a_file_dated_years_ahead_is_named_when_new_cannot_follow_it(series, typeset) -> None:
    Path("issues/9999").mkdir()
    text = Path("issues/2025/164.yaml").read_text("utf-8")
    Path("issues/2025/164.yaml").rename("issues/9999/164.yaml")
    Path("issues/9999/164.yaml").write_text(text.replace("date: 2025-11-18", "date: 9999-12-31"), "utf-8")
    result = typeset("new", "--date", "2025-12-02")
    assert result.exit_code == 1
    assert "issues/9999/164.yaml:" in result.stderr and "9999-12-31 在一年以后" in result.stderr
    check = typeset("check")
    assert "issues/9999/164.yaml:2:1: 警告：" in check.stderr, check.stderr
    assert "日期 9999-12-31 在一年以后" in check.stderr


def test_new_refuses_a_date_before_the_last_issue(series, typeset) -> None:
    before = sorted(Path("issues").rglob("*.yaml"))
    result = typeset("new", "--date", "2025-06-01")
    assert result.exit_code == 1
    assert "早于最近一期 issues/2025/164.yaml（2025-11-18）" in result.stderr
    assert sorted(Path("issues").rglob("*.yaml")) == before


def test_new_refuses_a_bad_date(series, typeset) -> None:
    result = typeset("new", "--date", "2025-13-01")
    assert result.exit_code == 1 and "日期“2025-13-01”无效" in result.stderr


def test_new_refuses_to_overwrite(series, typeset) -> None:
    # a main issue filed under a supplement's name is in the way of the next supplement
    Path("issues/2025/164.yaml").rename("issues/2025/增刊-2.yaml")
    assert typeset("check").exit_code == 0
    before = Path("issues/2025/增刊-2.yaml").read_bytes()
    result = typeset("new", "--date", "2025-12-01", "--supplement")
    assert result.exit_code == 1 and "issues/2025/增刊-2.yaml 已存在，不会覆盖" in result.stderr
    assert Path("issues/2025/增刊-2.yaml").read_bytes() == before


def test_create_never_overwrites(series) -> None:
    planned = plan(Catalog.scan(Path("issues").resolve()), dt.date(2025, 12, 2))
    planned.path.write_text("已有内容", "utf-8")  # appeared in between
    with pytest.raises(TypesetError, match="已存在"):
        create(planned)
    assert planned.path.read_text("utf-8") == "已有内容"


def test_new_refuses_while_the_numbering_is_inconsistent(series, typeset) -> None:
    Path("issues/2024/130.yaml").unlink()
    result = typeset("new", "--date", "2025-12-02")
    assert result.exit_code == 1
    assert "中间缺少总第 130 期" in result.stderr and "先改正" in result.stderr
    assert not Path("issues/2025/165.yaml").exists()


def test_new_in_an_empty_series_follows_the_anchor(tmp_path, monkeypatch, typeset) -> None:
    made = make_series(tmp_path)
    for year in ("2023", "2024", "2025"):
        shutil.rmtree(tmp_path / "issues" / year)
    monkeypatch.chdir(tmp_path)
    anchor = next(m for m in made if m.total == 122)  # the series' anchor: 2024 第 10 期
    result = typeset("new", "--date", str(anchor.date))
    assert f"2024 年第 10 期（总第 122 期），{anchor.date}" in result.stdout
    result = typeset("new", "--date", "2024-12-30")
    assert "2024 年第 11 期（总第 123 期）" in result.stdout


def test_series_default_print_run_is_written(tmp_path, monkeypatch, typeset) -> None:
    make_series(tmp_path, series_copies=25)
    monkeypatch.chdir(tmp_path)
    typeset("new", "--date", "2025-12-02")
    data = yaml.safe_load(Path("issues/2025/165.yaml").read_text("utf-8"))
    assert data["colophon"] == {"copies": 25}


def test_a_fresh_file_asks_to_be_filled(series, typeset) -> None:
    typeset("new", "--date", "2025-12-02")
    for args in (("build", "165", "--format", "pdf"), ("check",)):
        result = typeset(*args)
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        err = result.stderr
        assert "issues/2025/165.yaml:" in err
        assert "sections[1].name" in err and "sections[1].articles[1].title" in err
        assert "提示：issues/2025/165.yaml 是 typeset new 新建的一期，还没有填写完" in err
    assert not Path("build").exists()


def test_a_filled_file_checks(series, typeset) -> None:
    typeset("new", "--date", "2025-12-02")
    path = Path("issues/2025/165.yaml")
    text = path.read_text("utf-8")
    for old, new in (('name: ""', "name: 工作动态"), ('title: ""', "title: 一篇文章"),
                     ('- ""', "- 正文。"), ('source: ""', "source: 省地方志办"), ("copies:", "copies: 21")):
        text = text.replace(old, new, 1)
    path.write_text(text, "utf-8")
    result = typeset("check")
    assert result.exit_code == 0, result.output
    assert "68 期" in result.stdout
    assert Project(Path.cwd()).issues.is_dir()
