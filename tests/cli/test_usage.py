"""click's own errors: in Chinese, with the command meant, exit code 64 (usage), never 2
(internal errors) and never English; --version; the help page in Chinese."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from typeset.usage import USAGE_EXIT

ASCII_SENTENCE = re.compile(r"\b(Error|Usage|Try|Invalid|No such|Missing|Got unexpected|requires)\b")


def _chinese_usage(result, *wanted: str) -> None:
    assert result.exit_code == USAGE_EXIT, (result.exit_code, result.output)
    assert "Traceback" not in result.output and not ASCII_SENTENCE.search(result.output), result.output
    assert result.stderr.startswith("错误："), result.stderr
    for text in wanted:
        assert text in result.stderr, result.stderr


def test_misspelt_command_suggests_the_one_meant(series, typeset) -> None:
    _chinese_usage(typeset("bild", "645"), "没有“bild”这个命令，是不是“build”？", "typeset --help")
    _chinese_usage(typeset("chek"), "是不是“check”？")


def test_a_year_that_is_not_a_number(series, typeset) -> None:
    _chinese_usage(typeset("build", "--year", "abc"), "--year 的值无效：“abc”不是整数")
    _chinese_usage(typeset("list", "--year", "二〇二四"), "“二〇二四”不是整数")


def test_unknown_option_suggests_the_one_meant(series, typeset) -> None:
    _chinese_usage(typeset("build", "645", "--yaer", "2024"), "没有选项“--yaer”，是不是“--year”？",
                   "typeset build --help")
    _chinese_usage(typeset("build", "--year"), "选项 --year 后面要写一个值")
    _chinese_usage(typeset("check", "645"), "多余的参数：645")


def test_an_unknown_format_is_a_usage_error(series, typeset) -> None:
    _chinese_usage(typeset("build", "101", "--format", "pdff"), "--format 的值无效：不支持的格式：pdff",
                   "可选 pdf、docx、html")
    _chinese_usage(typeset("build", "101", "--format", " , "), "不支持的格式：（空）")
    assert not Path("build").exists()


def test_formats_are_read_in_any_case_and_once(series, typeset) -> None:
    result = typeset("build", "101", "--format", "PDF, pdf")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path("build").iterdir()) == ["101.pdf"]


def test_out_naming_a_file(series, typeset) -> None:
    Path("notes.txt").write_text("x", "utf-8")
    _chinese_usage(typeset("build", "101", "-o", "notes.txt"), "“notes.txt”是一个文件，这里应写文件夹")


def test_a_file_named_build_in_the_project(series, typeset) -> None:
    """The default output folder is taken by a file: said so, with what to do."""
    Path("build").write_text("x", "utf-8")
    _chinese_usage(typeset("build", "101"), "“build”是一个文件", "这是 -o 的默认值", "用 -o 另外指定")
    assert Path("build").read_text("utf-8") == "x"


def test_version(typeset) -> None:
    from importlib.metadata import version

    result = typeset("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"typeset {version('typeset')}"


def test_help_is_in_chinese(typeset) -> None:
    result = typeset("--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("用法：typeset [选项] 命令 [参数]...")
    assert "选项：" in result.stdout and "命令：" in result.stdout and "显示本帮助并退出" in result.stdout
    assert not ASCII_SENTENCE.search(result.stdout) and "Show this message" not in result.stdout
    build = typeset("build", "--help").stdout
    assert "[默认：pdf,docx]" in build and "默认为项目文件夹中的 build" in build and "default" not in build


def test_no_command_shows_the_help(typeset) -> None:
    result = typeset()
    assert result.exit_code == 0 and result.stdout.startswith("用法：typeset")


@pytest.mark.parametrize("args", [["bild", "645"], ["build", "--year", "abc"]])
def test_exit_code_in_a_real_process(series, args) -> None:
    out = subprocess.run([sys.executable, "-m", "typeset", *args], capture_output=True, text=True)
    assert out.returncode == USAGE_EXIT and out.stderr.startswith("错误：") and "Traceback" not in out.stderr


def test_every_command_has_a_chinese_help_page(typeset) -> None:
    from typeset.cli import main

    for name in main.list_commands(None):  # the lazily imported ones too
        out = typeset(name, "--help").stdout
        assert out.startswith(f"用法：typeset {name}"), out
        assert "选项：" in out and "Options" not in out and "Show this message" not in out, out
