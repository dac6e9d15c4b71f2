"""`typeset proof` as an editor meets it: targets, a file kept with BOM and CRLF, the count
in `build`, and preferred names checked against the schema."""

from __future__ import annotations

from ..editor_project import BASE, ISSUE


def test_build_prints_the_count(editor):
    editor.write(BASE.replace("3月25日，", "3月25日,").replace("会上，", "会上,"), ISSUE)
    run = editor.build()
    assert run.code == 0, run.text
    assert "校对：2 处可能的问题，运行 typeset proof 查看" in run.stderr


def test_unknown_target_and_a_missing_file(editor):
    editor.write(BASE, ISSUE)
    run = editor.run("proof", "999")
    assert run.code == 1 and "999" in run.stderr and run.exception is None
    run = editor.run("proof", "issues/2024/没有.yaml")
    assert run.code == 1 and "找不到文件" in run.stderr


def test_fix_keeps_bom_and_crlf(editor):
    text = BASE.replace("3月25日，", "3月25日,")
    path = editor.write(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"), ISSUE)
    run = editor.run("proof", "--fix")
    assert run.code == 0, run.text
    assert path.read_bytes() == b"\xef\xbb\xbf" + BASE.replace("\n", "\r\n").encode("utf-8")


def test_preferred_names_must_be_lists(editor):
    series = editor.issues / "series.yaml"
    series.write_text(series.read_text("utf-8") + "preferred_names: {四川省地方志工作办公室: 省志办}\n", "utf-8")
    editor.write(BASE, ISSUE)
    run = editor.run("check")
    assert run.code == 1
    assert "preferred_names" in run.stderr
