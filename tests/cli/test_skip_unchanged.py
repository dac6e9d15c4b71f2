"""`build --all/--year` and `book` build only the issues that changed since their last build, and
share what they know of it (stamps.py): nothing changed, nothing built; one issue edited, one
built; series.yaml changed, an output deleted or --force, built again; the files of a skipped
issue are the files a fresh build writes."""

from __future__ import annotations

import datetime as dt

from ..editor_project import BASE


def _issues(editor, count: int = 3) -> list:
    """`count` issues on consecutive days from 2024-03-26 (第 40 期, 总第 645 期 by the anchor)."""
    paths = []
    for k in range(count):
        date = dt.date(2024, 3, 26) + dt.timedelta(days=k)
        text = BASE.replace("date: 2024-03-26", f"date: {date}").replace("number: 40", f"number: {40 + k}") \
            .replace("total: 645", f"total: {645 + k}").replace("座谈交流", f"座谈交流（第{k + 1}次）")
        paths.append(editor.write(text, f"issues/2024/{645 + k}.yaml"))
    return paths


def _times(editor) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in editor.out.iterdir() if p.is_file()}


def _all(editor, *extra: str):
    result = editor.run("build", "--all", "--jobs", "1", "-o", str(editor.out), *extra)
    assert result.code == 0, result.stderr
    return result


def test_only_what_changed_is_built_again(editor) -> None:
    paths = _issues(editor)
    first = _all(editor)
    assert "完成：成功 3 期，失败 0 期" in first.stdout
    assert sorted(_times(editor)) == ["645.docx", "645.pdf", "646.docx", "646.pdf", "647.docx", "647.pdf"]
    built = {name: (editor.out / name).read_bytes() for name in _times(editor)}
    before = _times(editor)

    same = _all(editor)  # nothing changed: nothing built, nothing written
    assert "其中 3 期没有改动" in same.stdout and "已生成" not in same.stdout
    assert _times(editor) == before

    paths[1].write_text(paths[1].read_text("utf-8").replace("沟通交流", "深入交流"), "utf-8")
    one = _all(editor)  # one issue edited: that one built
    assert "其中 2 期没有改动" in one.stdout
    assert "已生成" in one.stdout and "646.pdf" in one.stdout and "645.pdf" not in one.stdout
    after = _times(editor)
    assert [n for n in after if after[n] != before[n]] == ["646.docx", "646.pdf"]

    (editor.out / "647.docx").unlink()  # an output gone: that issue built again
    gone = _all(editor)
    assert "其中 2 期没有改动" in gone.stdout and (editor.out / "647.docx").is_file()

    pdf_only = editor.run("build", "--all", "--jobs", "1", "--format", "pdf", "-o", str(editor.out))
    assert "其中 3 期没有改动" in pdf_only.stdout  # a format already built: nothing to do

    forced = _all(editor, "--force")
    assert "没有改动" not in forced.stdout and forced.stdout.count("已生成") == 6
    for name in ("645.pdf", "645.docx", "647.pdf"):  # what a fresh build writes
        assert (editor.out / name).read_bytes() == built[name]

    series = editor.issues / "series.yaml"
    series.write_text(series.read_text("utf-8") + "\n# a comment changes series.yaml\n", "utf-8")
    assert "没有改动" not in _all(editor).stdout


def test_the_volume_binds_what_build_all_built(editor) -> None:
    _issues(editor)
    _all(editor)
    book = editor.run("book", "2024", "--jobs", "1", "-o", str(editor.out))
    assert book.code == 0, book.stderr
    assert "（都没有改动）" in book.stderr and "本次排版 0 期" in book.stdout
    again = editor.run("book", "2024", "--jobs", "1", "-o", str(editor.out), "--force")
    assert again.code == 0 and "本次排版 3 期" in again.stdout
    assert "其中 3 期没有改动" in editor.run("build", "--year", "2024", "--jobs", "1", "--format", "pdf",
                                        "-o", str(editor.out)).stdout
