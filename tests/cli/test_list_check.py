"""typeset list and typeset check over a generated series of 67 issues (2023–2025, 3 增刊)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .series import Made, make_series, set_head


def rows(output: str) -> list[list[str]]:
    """list's table: [total, number, date, first title] per issue (continuation lines skipped)."""
    out = []
    for line in output.splitlines()[1:]:
        m = re.match(r"\s*(\d+|-|\?)\s+((?:增刊)?第 \d+ 期|\?)\s+(\d{4}-\d\d-\d\d)\s+(.*)$", line)
        if m:
            out.append(list(m.groups()))
    return out


def expected_rows(made: list[Made]) -> list[list[str]]:
    return [[str(m.total) if m.total else "-", ("增刊" if m.supplement else "") + f"第 {m.number} 期",
             str(m.date), m.title] for m in made]


def test_series_is_large_enough(series: list[Made]) -> None:
    assert len(series) >= 60
    assert {m.date.year for m in series} == {2023, 2024, 2025}
    assert sum(m.supplement for m in series) == 3


def test_list_shows_total_number_date_and_titles(series, typeset) -> None:
    result = typeset("list")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].split() == ["总期号", "期号", "日期", "文章"]
    assert rows(result.stdout) == expected_rows(series)


def test_list_one_year(series, typeset) -> None:
    result = typeset("list", "--year", "2025")
    assert rows(result.stdout) == expected_rows([m for m in series if m.date.year == 2025])
    assert "2024-" not in result.stdout
    assert "没有任何一期" in typeset("list", "--year", "2030").stderr


def test_list_shows_every_title_of_an_issue(series, typeset) -> None:
    m = next(m for m in series if m.total == 130)
    text = m.path.read_text("utf-8").replace(
        "        source: 省地方志办\n",
        "        source: 省地方志办\n      - title: [第二篇, 分两行的标题]\n        paragraphs: [正文。]\n")
    m.path.write_text(text, "utf-8")
    lines = typeset("list").stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if m.title in line)
    assert lines[at + 1].strip() == "第二篇分两行的标题"


def test_numbers_are_derived_when_files_state_none(tmp_path: Path, monkeypatch, typeset) -> None:
    made = make_series(tmp_path, state=False, by_date=True)
    monkeypatch.chdir(tmp_path)
    assert rows(typeset("list").stdout) == expected_rows(made)
    result = typeset("check")
    assert result.exit_code == 0, result.output
    assert "检查通过：67 期（总第 101–164 期，增刊 3 期）" in result.stdout


def test_check_passes_on_a_consistent_series(series, typeset) -> None:
    result = typeset("check")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "检查通过：67 期（总第 101–164 期，增刊 3 期）" in result.stdout


def by_total(series: list[Made], total: int) -> Made:
    return next(m for m in series if m.total == total)


def shown(m: Made) -> str:
    return f"issues/{m.date.year}/{m.path.name}"


def check_fails(typeset) -> str:
    result = typeset("check")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.stderr


class TestInconsistencies:
    """Each kind of inconsistency on its own, reported with the files involved."""

    def test_two_issues_with_the_same_total(self, series, typeset) -> None:
        a, b = by_total(series, 129), by_total(series, 130)
        set_head(b.path, number=b.number, total=129)
        err = check_fails(typeset)
        assert f"总第 129 期出现在 2 个文件中：{shown(a)}、{shown(b)}" in err

    def test_a_gap(self, series, typeset) -> None:
        a, gone, b = by_total(series, 129), by_total(series, 130), by_total(series, 131)
        gone.path.unlink()
        err = check_fails(typeset)
        assert "总期号不连续" in err and "中间缺少总第 130 期" in err
        line = next(x for x in err.splitlines() if "总期号不连续" in x)
        assert shown(a) in line and shown(b) in line
        # the later files, all one too high, are reported once a year (2025's yearly numbers
        # are right again, only the totals differ), not thirty times
        runs = [x for x in err.splitlines() if "期号与按日期顺序推算的不符" in x]
        assert len(runs) == 2 and runs[0].startswith(shown(b)) and "其后" in runs[0]
        assert runs[1].startswith("issues/2025/") and "number" not in runs[1].split("：", 2)[2][:30]

    def test_a_gap_seen_in_file_names_only(self, tmp_path, monkeypatch, typeset) -> None:
        made = make_series(tmp_path, state=False)
        monkeypatch.chdir(tmp_path)
        by_total(made, 150).path.unlink()
        err = check_fails(typeset)
        assert "中间缺少总第 150 期" in err and "按文件名" in err

    def test_yearly_number_does_not_restart_at_one(self, series, typeset) -> None:
        first = min((m for m in series if m.date.year == 2025 and not m.supplement), key=lambda m: m.date)
        last = max((m for m in series if m.date.year == 2024 and not m.supplement), key=lambda m: m.date)
        set_head(first.path, number=last.number + 1, total=first.total)
        err = check_fails(typeset)
        line = next(x for x in err.splitlines() if "没有从 1 重新开始" in x)
        assert line.startswith(shown(first)) and shown(last) in line
        assert f"写的是第 {last.number + 1} 期" in line

    def test_dates_out_of_order_with_totals(self, series, typeset) -> None:
        a, b = by_total(series, 140), by_total(series, 141)
        set_head(a.path, date=b.date.isoformat(), number=a.number, total=a.total)
        set_head(b.path, date=a.date.isoformat(), number=b.number, total=b.total)
        err = check_fails(typeset)
        line = next(x for x in err.splitlines() if "日期先后与总期号不符" in x)
        assert shown(a) in line and shown(b) in line

    def test_stated_number_disagrees_with_the_derived_one(self, series, typeset) -> None:
        m = by_total(series, 120)
        set_head(m.path, number=m.number + 5, total=m.total)
        err = check_fails(typeset)
        line = next(x for x in err.splitlines() if "期号与按日期顺序推算的不符" in x)
        assert line.startswith(f"{shown(m)}:")
        assert f"number 写的是第 {m.number + 5} 期，应为第 {m.number} 期" in line

    def test_stated_total_disagrees_in_a_file_named_otherwise(self, series, typeset) -> None:
        m = by_total(series, 120)
        renamed = m.path.with_name("某一期.yaml")
        m.path.rename(renamed)
        set_head(renamed, number=m.number, total=m.total + 40)
        err = check_fails(typeset)
        assert f"total 写的是总第 {m.total + 40} 期，应为总第 {m.total} 期" in err

    def test_two_issues_on_one_day_without_their_totals(self, series, typeset) -> None:
        a, b = by_total(series, 150), by_total(series, 151)
        for m in (a, b):
            m.path.rename(m.path.with_name(f"{m.date}-{m.total}x.yaml"))
        a_path, b_path = (m.path.with_name(f"{m.date}-{m.total}x.yaml") for m in (a, b))
        set_head(a_path, number=None, total=None)
        set_head(b_path, date=a.date.isoformat(), number=None, total=None)
        err = check_fails(typeset)
        line = next(x for x in err.splitlines() if "同一天" in x)
        assert f"同一天（{a.date}）有 2 期" in line and a_path.name in line and b_path.name in line

    def test_a_supplement_with_a_total(self, series, typeset) -> None:
        s = next(m for m in series if m.supplement)
        set_head(s.path, supplement="true", number=s.number, total=999)
        assert "增刊没有总期号" in check_fails(typeset)

    def test_an_unreadable_date(self, series, typeset) -> None:
        m = by_total(series, 120)
        set_head(m.path, date="2024-02-30", number=m.number, total=m.total)
        err = check_fails(typeset)
        assert f"{shown(m)}:" in err and "2024-02-30" in err

    def test_every_problem_is_reported_not_only_the_first(self, series, typeset) -> None:
        by_total(series, 110).path.unlink()
        a, b = by_total(series, 140), by_total(series, 141)
        set_head(b.path, number=b.number, total=140)
        err = check_fails(typeset)
        assert "中间缺少总第 110 期" in err and "总第 140 期出现在 2 个文件中" in err
        assert f"{shown(a)}、{shown(b)}" in err


def test_check_reports_validation_errors_too(series, typeset) -> None:
    m = by_total(series, 125)
    m.path.write_text(m.path.read_text("utf-8").replace("name: 工作动态", "nmae: 工作动态"), "utf-8")
    err = check_fails(typeset)
    assert f"{shown(m)}:" in err and "nmae" in err


def test_check_warns_of_a_missing_print_run(series, typeset) -> None:
    m = by_total(series, 125)
    m.path.write_text(m.path.read_text("utf-8").replace("colophon:\n  copies: 20\n", ""), "utf-8")
    result = typeset("check")
    assert result.exit_code == 0
    assert f"{shown(m)}" in result.stderr and "警告" in result.stderr and "共印份数" in result.stderr


def test_check_without_issues(tmp_path, monkeypatch, typeset) -> None:
    make_series(tmp_path)
    for year in ("2023", "2024", "2025"):
        shutil.rmtree(tmp_path / "issues" / year)
    monkeypatch.chdir(tmp_path)
    result = typeset("check")
    assert result.exit_code == 0 and "检查通过：0 期" in result.stdout
