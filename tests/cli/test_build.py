"""typeset build: an issue found by its numbers, many issues at once, the numbers in the masthead.

Only three issues are rendered here (about a second each); the lookups and the
batch control flow run without rendering.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from typeset.build import Result
from typeset.catalog import Catalog
from typeset.errors import TypesetError

from ..conftest import pdf_lines
from .series import Made, issue_text, make_series


def catalog() -> Catalog:
    return Catalog.scan(Path("issues").resolve())


class TestLookup:
    def test_every_issue_by_total_and_by_year_and_number(self, series: list[Made]) -> None:
        c = catalog()
        for m in series:
            if m.supplement:
                assert c.find(f"{m.date.year}-增刊-{m.number}") == m.path
                assert c.find(f"{m.date.year}-增刊{m.number}") == m.path
            else:
                assert c.find(str(m.total)) == m.path
                assert c.find(f"{m.date.year}-{m.number}") == m.path

    def test_by_numbers_not_by_file_name(self, series: list[Made]) -> None:
        m = next(m for m in series if m.total == 122)
        renamed = m.path.rename(m.path.with_name("2024-04-26.yaml"))
        assert catalog().find("122") == renamed
        assert catalog().find("2024-10") == renamed

    @pytest.mark.parametrize(("target", "message"), [
        ("999", "找不到总第 999 期"), ("2024-31", "找不到2024 年第 31 期"), ("2026-1", "找不到2026 年第 1 期"),
        ("2024-增刊-3", "找不到2024 年增刊第 3 期"), ("abc", "看不懂“abc”")])
    def test_not_found(self, series, target: str, message: str) -> None:
        with pytest.raises(TypesetError, match=message.replace("（", "").split("找不到")[-1]):
            catalog().find(target)

    @pytest.mark.parametrize(("args", "message"), [
        (["999"], "找不到总第 999 期"),
        (["abc"], "看不懂“abc”"),
        (["missing.yaml"], "找不到文件 missing.yaml"),
        ([], "三者选一"),
        (["645", "--all"], "三者选一"),
        (["--year", "2024", "--all"], "三者选一"),
    ])
    def test_cli_messages(self, series, typeset, args: list[str], message: str) -> None:
        result = typeset("build", *args, "--format", "pdf")
        assert result.exit_code == 1 and message in result.stderr
        assert "Traceback" not in result.output

    def test_an_issue_with_inconsistent_numbers_is_not_built(self, series, typeset) -> None:
        Path("issues/2024/130.yaml").unlink()  # 131 and later now state numbers one too high
        result = typeset("build", "2024-20", "--format", "pdf")
        assert result.exit_code == 1
        assert "issues/2024/131.yaml" in result.stderr and "期号与按日期顺序推算的不符" in result.stderr
        assert not Path("build").exists()

    def test_a_file_outside_the_series_must_state_its_numbers(self, series, typeset) -> None:
        Path("loose.yaml").write_text(issue_text(series[0].date, "散页"), "utf-8")
        result = typeset("build", "loose.yaml", "--format", "pdf")
        assert result.exit_code == 1 and "不在系列文件夹" in result.stderr


class TestMany:
    """--year and --all in one process (--jobs 1), the build replaced: which issues, in what order,
    what if one fails. Built on both cores for real below."""

    @pytest.fixture
    def calls(self, monkeypatch) -> list[Path]:
        seen: list[Path] = []
        catalogs: set[int] = set()

        def fake(path: Path, project, formats, out_dir, stem=None, strict=False, catalog=None, stamp=None) -> Result:
            seen.append(path)
            catalogs.add(id(catalog))
            assert len(catalogs) == 1 and catalog is not None  # the series is scanned once
            if path.name == "125.yaml":
                raise TypesetError("第 125 期坏了")
            if path.name == "增刊-1.yaml" and "2024" in str(path):
                raise RuntimeError("意外")
            return Result((out_dir / f"{path.stem}.pdf",), (), 1)

        monkeypatch.setattr("typeset.build.build", fake)
        return seen

    def test_year(self, series, typeset, calls) -> None:
        result = typeset("build", "--year", "2024", "--format", "pdf", "--jobs", "1")
        assert result.exit_code == 1
        assert calls == [m.path for m in series if m.date.year == 2024]  # all 32, in date order
        assert "完成：成功 30 期，失败 2 期" in result.stdout
        assert result.stdout.count("已生成 ") == 30
        assert "失败：issues/2024/125.yaml\n  错误：第 125 期坏了" in result.stderr
        assert "失败：issues/2024/增刊-1.yaml\n  issues/2024/增刊-1.yaml: 错误：内部错误：RuntimeError: 意外" \
            in result.stderr
        assert not re.search(r"^排版", result.stderr, re.M)  # no progress bar into a log (not a terminal)

    def test_all(self, series, typeset, calls) -> None:
        result = typeset("build", "--all", "--format", "pdf", "--jobs", "1")
        assert calls == [m.path for m in series]
        assert "完成：成功 65 期，失败 2 期" in result.stdout and result.exit_code == 1

    def test_all_succeed(self, series, typeset, calls) -> None:
        Path("issues/2024/125.yaml").unlink()
        Path("issues/2024/增刊-1.yaml").unlink()
        result = typeset("build", "--year", "2025", "--format", "pdf", "--jobs", "1")
        assert result.exit_code == 0, result.output
        assert "完成：成功 23 期，失败 0 期" in result.stdout  # 22 issues and a supplement

    def test_a_year_without_issues(self, series, typeset, calls) -> None:
        result = typeset("build", "--year", "2030", "--format", "pdf", "--jobs", "1")
        assert result.exit_code == 1 and "2030 年没有任何一期" in result.stderr and calls == []


def test_a_year_built_on_two_cores(series, typeset) -> None:
    """--year with two processes: every issue built for real, a broken one located, the report in
    date order, the outputs those of a build of each issue alone."""
    year = sorted((m for m in series if m.date.year == 2025 and not m.supplement), key=lambda m: m.date)
    for m in series:  # the year's first three issues are left, the series' last
        if m.date > year[2].date:
            m.path.unlink()
    kept = [m for m in series if m.date.year == 2025 and m.date <= year[2].date]
    broken = year[1].path
    broken.write_text(broken.read_text("utf-8").replace("paragraphs:", "paragraphs:\n\t- 制表符"), "utf-8")
    result = typeset("build", "--year", "2025", "--format", "pdf,docx", "--jobs", "2", "-o", "out")
    assert result.exit_code == 1
    assert f"完成：成功 {len(kept) - 1} 期，失败 1 期" in result.stdout
    made = re.findall(r"已生成 out/(\S+)\.(pdf|docx)（", result.stdout)
    assert made == [(m.path.stem, f) for m in sorted(kept, key=lambda m: m.date) if m.path != broken
                    for f in ("pdf", "docx")]
    assert f"失败：issues/2025/{broken.name}" in result.stderr and "制表符" in result.stderr
    alone = typeset("build", str(year[2].total), "--format", "pdf", "-o", "alone")
    assert alone.exit_code == 0, alone.output
    assert pdf_lines(Path(f"out/{year[2].total}.pdf")) == pdf_lines(Path(f"alone/{year[2].total}.pdf"))


def masthead(lines: list[list[str]]) -> str:
    return "".join(lines[0][:4])


def test_build_by_total_prints_the_numbers_in_the_masthead(series, typeset) -> None:
    result = typeset("build", "122", "--format", "pdf", "-o", "out")
    assert result.exit_code == 0, result.output
    assert "已生成 out/122.pdf" in result.stdout
    lines = pdf_lines(Path("out/122.pdf"))
    assert "第10期（总第122期）" in masthead(lines)
    # the 版记 from the series defaults: printed on the issue date, the issue's print run
    last = "".join(lines[-1])
    assert "信息公开选项：主动公开" in last and "报：省委，" in last and "中国地方志工作办公室。" in last
    assert "四川省地方志工作办公室综合处2024年4月26日印发" in last and "（共印20份）" in last


def test_build_year_renders_each_and_reports_failures(tmp_path, monkeypatch, typeset) -> None:
    """A real batch: a main issue, a supplement, and a fresh unfilled issue that fails."""
    made = make_series(tmp_path)
    keep = {"2025/143.yaml", "2025/增刊-1.yaml"}  # 2025 第 1 期 and 2025 增刊第 1 期
    for m in made:
        if f"{m.date.year}/{m.path.name}" not in keep and m.date.year == 2025:
            m.path.unlink()
    monkeypatch.chdir(tmp_path)
    assert "总第 144 期" in typeset("new", "--date", "2025-12-30").stdout
    result = typeset("build", "--year", "2025", "--format", "pdf", "-o", "out")
    assert result.exit_code == 1
    assert "完成：成功 2 期，失败 1 期" in result.stdout
    assert "typeset new 新建的一期，还没有填写完" in result.stderr
    pdfs = sorted(p.name for p in Path("out").glob("*.pdf"))
    assert pdfs == ["143.pdf", "2025-增刊-1.pdf"]
    assert "第1期（总第143期）" in masthead(pdf_lines(Path("out/143.pdf")))
    assert "增刊第1期" in masthead(pdf_lines(Path("out/2025-增刊-1.pdf")))


def docx_text(path: Path) -> str:
    """All text of the body and headers (runs, text boxes), white space squeezed out."""
    with zipfile.ZipFile(path) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"word/(document|header\d*)\.xml", n)]
        xml = "".join(z.read(n).decode("utf-8") for n in sorted(parts))
    return re.sub(r"\s+", "", "".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml)))


def test_docx_masthead_has_the_numbers(series, typeset) -> None:
    result = typeset("build", "2024-10", "--format", "docx", "-o", "out")
    assert result.exit_code == 0, result.output
    assert "第10期（总第122期）" in docx_text(Path("out/122.docx"))
