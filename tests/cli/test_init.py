"""Where the series is: outside a project every command refuses and says where a series must be
(never the installed package's own issues); typeset init starts a new series that passes check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from typeset.catalog import Catalog

from ..editor_project import BASE


@pytest.mark.parametrize("args", [["list"], ["check"], ["build", "645"], ["new", "--date", "2024-04-02"]])
def test_outside_a_project_every_command_refuses(tmp_path, monkeypatch, typeset, args) -> None:
    monkeypatch.chdir(tmp_path)
    result = typeset(*args)
    assert result.exit_code == 1, result.output
    assert "找不到 issues/series.yaml" in result.stderr and "typeset init" in result.stderr
    assert str(tmp_path) in result.stderr and "已生成" not in result.output
    assert list(tmp_path.iterdir()) == []  # nothing written, here or in the package


@pytest.mark.parametrize("args", [["list"], ["check"], ["build", "645"]])
def test_a_folder_in_place_of_series_yaml(tmp_path, monkeypatch, typeset, args) -> None:
    (tmp_path / "issues" / "series.yaml").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    result = typeset(*args)
    assert result.exit_code == 1 and "series.yaml 不是文件" in result.stderr


def test_init_starts_a_series_that_checks_and_builds(tmp_path, monkeypatch, typeset) -> None:
    monkeypatch.chdir(tmp_path)
    result = typeset("init")
    assert result.exit_code == 0, result.output
    assert "已新建系列 issues/series.yaml" in result.stdout and "typeset new" in result.stdout
    text = Path("issues/series.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert data["title"] == "四川省地方志工作简报" and data["layout"] == "briefing"
    assert "anchor" not in data and "中国地方志工作办公室。" in data["colophon"]["to_superiors"]
    schema = text.splitlines()[0].split("$schema=")[1]
    assert (Path("issues") / schema).resolve().name == "series.schema.json"
    assert (Path("issues") / schema).resolve().is_file()
    check = typeset("check")
    assert check.exit_code == 0 and "检查通过：0 期" in check.stdout, check.output
    # the first issue is 第 1 期（总第 1 期）
    new = typeset("new", "--date", "2025-03-04")
    assert new.exit_code == 0 and "2025 年第 1 期（总第 1 期）" in new.stdout, new.output
    Path("issues/2025/1.yaml").write_text(
        BASE.replace("date: 2024-03-26", "date: 2025-03-04").replace("number: 40", "number: 1")
        .replace("total: 645", "total: 1"), "utf-8")
    assert typeset("check").exit_code == 0
    built = typeset("build", "1", "--format", "pdf")
    assert built.exit_code == 0 and "已生成 build/1.pdf" in built.stdout, built.output
    assert typeset("new", "--date", "2025-03-11").stdout.count("2025 年第 2 期（总第 2 期）") == 1


def test_init_with_options_continues_the_numbers_of_word_issues(tmp_path, monkeypatch, typeset) -> None:
    monkeypatch.chdir(tmp_path)
    result = typeset("init", "新系列", "--title", "某某 #工作简报", "--office", "某市地方志办公室",
                     "--anchor", "2024-03-26，40，645", "--copies", "30")
    assert result.exit_code == 0, result.output
    assert "cd 新系列" in result.stdout
    data = yaml.safe_load(Path("新系列/issues/series.yaml").read_text("utf-8"))
    assert data["title"] == "某某 #工作简报" and data["office"] == data["colophon"]["printer"] == "某市地方志办公室"
    assert data["anchor"] == {"date": dt.date(2024, 3, 26), "number": 40, "total": 645}
    assert data["colophon"]["copies"] == 30
    monkeypatch.chdir("新系列")
    assert typeset("check").exit_code == 0
    new = typeset("new", "--date", "2024-04-02")
    assert "2024 年第 41 期（总第 646 期）" in new.stdout, new.output
    assert Catalog.scan(Path("issues")).series.title == "某某 #工作简报"


def test_init_never_overwrites(tmp_path, monkeypatch, typeset) -> None:
    monkeypatch.chdir(tmp_path)
    assert typeset("init").exit_code == 0
    before = Path("issues/series.yaml").read_bytes()
    again = typeset("init", "--title", "别的")
    assert again.exit_code == 1 and "已存在，不会覆盖" in again.stderr
    assert Path("issues/series.yaml").read_bytes() == before


@pytest.mark.parametrize(("anchor", "said"), [("2024-13-01,1,2", "日期“2024-13-01”无效：没有 13 月"),
                                              ("2024-03-26,40", "应写成 出刊日期,期号,总期号"),
                                              ("2024-03-26,40,39", "不合理")])
def test_init_refuses_a_bad_anchor(tmp_path, monkeypatch, typeset, anchor, said) -> None:
    monkeypatch.chdir(tmp_path)
    result = typeset("init", "--anchor", anchor)
    assert result.exit_code == 64 and said in result.stderr and "--anchor" in result.stderr
    assert list(tmp_path.iterdir()) == []
