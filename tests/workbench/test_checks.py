"""A check remembered (document.Checks) is never older than what it read: series.yaml, the
other issues' dates and numbers."""

from __future__ import annotations

from tests.serve.conftest import ROOT
from tests.workbench.conftest import project
from typeset.build import Project
from typeset.workbench.document import Checks, check


def messages(checked) -> list[str]:
    return [p.message for p in checked.problems]


def test_a_remembered_check_follows_its_inputs(tmp_path):
    root = project(tmp_path)
    issue = root / "issues" / "2024" / "645.yaml"
    text = issue.read_text("utf-8")
    checks = Checks(Project(root))
    first = checks(issue, text)
    assert messages(first) == messages(check(issue, text, Project(root)))
    again = checks(issue, text)
    assert messages(again) == messages(first) and again.data == first.data
    again.data["date"] = "changed"  # what a caller does with the answer is not remembered
    assert checks(issue, text).data == first.data

    # another file states the same numbers: 645's numbers are in question now
    (root / "issues" / "2024" / "other.yaml").write_text(text, "utf-8")
    twin = checks(issue, text)
    assert messages(twin) == messages(check(issue, text, Project(root)))
    assert messages(twin) != messages(first)
    (root / "issues" / "2024" / "other.yaml").unlink()
    assert messages(checks(issue, text)) == messages(first)

    series = root / "issues" / "series.yaml"
    series.write_text(series.read_text("utf-8").replace("layout: ", "layout: nowhere-", 1), "utf-8")
    broken = checks(issue, text)
    assert messages(broken) == messages(check(issue, text, Project(root)))
    assert messages(broken) != messages(first)


def test_a_remembered_check_is_made_again_for_each_input_that_changed(tmp_path, monkeypatch):
    """Pictures, layouts, font files, series.yaml and the other issues' dates: each change
    composes again; a change elsewhere in another issue (its text, not its head) does not."""
    import os
    import shutil

    from typeset.workbench import document

    root = project(tmp_path / "p")
    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "layouts", layouts)
    monkeypatch.setattr("typeset.layout.LAYOUTS", layouts)
    composed: list[int] = []
    real = document._composed
    monkeypatch.setattr(document, "_composed", lambda *a: composed.append(1) or real(*a))
    issue = root / "issues" / "2024" / "645.yaml"
    text = issue.read_text("utf-8")
    checks = Checks(Project(root))

    def composes(change) -> bool:
        checks(issue, text)
        before = len(composed)
        change()
        checks(issue, text)
        again = len(composed)
        checks(issue, text)  # remembered anew
        assert len(composed) == again
        return again > before

    def touch(path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        ns = path.stat().st_mtime_ns + 1_000_000 if path.exists() else None
        path.write_bytes(data)
        if ns is not None:
            os.utime(path, ns=(ns, ns))

    picture = root / "issues" / "2024" / "images" / "a.png"
    assert composes(lambda: touch(picture, b"\x89PNG one"))
    assert composes(lambda: touch(picture, b"\x89PNG two"))  # same size, later time
    assert composes(lambda: picture.unlink())
    layout = layouts / "briefing" / "layout.yaml"
    assert composes(lambda: touch(layout, layout.read_bytes() + b"\n# changed\n"))
    assert composes(lambda: touch(root / "fonts" / "Extra.ttf", b"not a font"))
    assert composes(lambda: touch(root / "fonts" / "Extra.ttf", b"not a font either"))
    other = root / "issues" / "2024" / "646.yaml"
    dated = text.replace("date: 2024-03-26\nnumber: 40\ntotal: 645", "date: 2024-04-02")
    assert dated != text
    assert composes(lambda: touch(other, dated.encode()))
    assert not composes(lambda: touch(other, dated.replace("。", "；", 1).encode()))  # its text alone
    assert composes(lambda: touch(other, dated.replace("2024-04-02", "2024-04-09").encode()))
    series = root / "issues" / "series.yaml"
    assert composes(lambda: touch(series, series.read_bytes() + b"\n# changed\n"))
    assert not composes(lambda: None)


def test_a_read_is_the_check_without_composing_located_in_the_editors_file(tmp_path):
    root = project(tmp_path)
    issue = root / "issues" / "2024" / "645.yaml"
    text = issue.read_text("utf-8")
    checks = Checks(Project(root))
    for sample in (text, text.replace("sections:", "sections: [", 1), text.replace("date:", "dat:", 1), "",
                   "\ufeff" + text, "a: b\n\tc: d\n"):
        expected = check(issue, sample, Project(root), compose=False)
        for _ in range(2):  # made, then remembered
            read = checks.read(issue, sample)
            assert (read.data, read.problems, read.readable) == (expected.data, expected.problems,
                                                                  expected.readable)
        assert all(p.origin is None or p.origin.file == "issues/2024/645.yaml" for p in read.problems)
        if not expected.readable:
            assert any(p.origin and p.origin.file == "issues/2024/645.yaml" for p in read.problems)
    read = checks.read(issue, text)
    read.data["date"] = "changed"  # what a caller does with the answer is not remembered
    assert checks.read(issue, text).data == check(issue, text, Project(root), compose=False).data
    assert checks(issue, text).data == checks.read(issue, text).data


def test_a_text_reads_as_the_file_holding_it_would(tmp_path):
    from typeset.errors import TypesetError
    from typeset.reader.yaml_source import MAX_BYTES, load, load_text

    file = tmp_path / "645.yaml"
    samples = ["date: 2024-03-26\n", "\ufeffdate: 2024-03-26\n", "a: [1\n", "# only a comment\n", "a: \u200bb\n",
               "a: b\r\nc: d\r\n", "x" * (MAX_BYTES + 1)]
    for text in samples:
        file.write_text(text, "utf-8", newline="")
        outcomes = []
        for read in (lambda: load(file, "issues/645.yaml"), lambda t=text: load_text(t, "issues/645.yaml")):
            try:
                located = read()
                outcomes.append((located.data, located.values, located.keys, located.file))
            except TypesetError as err:
                outcomes.append([(p.message, p.origin) for p in err.problems])
        assert outcomes[0] == outcomes[1], text[:40]


def test_proofreading_findings_are_remembered_while_the_preferred_names_stay(tmp_path):
    from typeset.serve.app import Server
    from typeset.workbench import proofing
    from typeset.workbench.api import Workbench

    root = project(tmp_path)
    issue = root / "issues" / "2024" / "645.yaml"
    text = issue.read_text("utf-8").replace("。", "，，", 1)
    wb = Workbench(Server(Project(root)))
    file = "issues/2024/645.yaml"
    first = wb.proof(text, file)
    assert first == proofing.found(text, file, {}) and first
    first[0]["message"] = "changed"  # what a caller does with the answer is not remembered
    assert wb.proof(text, file) == proofing.found(text, file, {})
    series = root / "issues" / "series.yaml"
    name = "四川省地方志工作办公室"
    assert name in text
    series.write_text(series.read_text("utf-8") + f"preferred_names:\n  省志办公室: [{name}]\n", "utf-8")
    now = wb.proof(text, file)
    assert now == proofing.found(text, file, {"省志办公室": (name,)}) and len(now) > len(first)


def test_a_file_is_named_as_shown_names_it(tmp_path, monkeypatch):
    from typeset.workbench.document import shown

    root = project(tmp_path / "p")
    (tmp_path / "link").symlink_to(root, target_is_directory=True)
    issue = root / "issues" / "2024" / "645.yaml"
    (root / "issues" / "2024" / "linked.yaml").symlink_to(issue)
    monkeypatch.chdir(root / "issues")
    for project_root in (root, tmp_path / "link"):
        checks = Checks(Project(project_root))
        for path in (issue, tmp_path / "link" / "issues" / "2024" / "645.yaml", issue.with_name("linked.yaml"),
                     tmp_path / "elsewhere.yaml", issue.relative_to(root / "issues")):
            assert checks.name(path) == shown(path, Project(project_root))


def test_a_check_locates_what_composing_looks_up_in_the_text_checked_not_the_file(tmp_path):
    """Where a list that does not fit begins: the key above it in the editor's text (lines moved
    from where they stand in the file on disk)."""
    root = project(tmp_path)
    issue = root / "issues" / "2024" / "645.yaml"
    saved = issue.read_text("utf-8")
    long = "".join(f"    - 第{n}个单位的名称很长很长很长很长很长很长很长很长很长很长很长\n" for n in range(120))
    text = "# 一\n# 二\n# 三\n# 四\n# 五\n" + saved.replace("  to_peers: {add: [重庆市地方志办公室。]}\n",
                                                      "  to_peers:\n    add:\n" + long)
    assert text != saved
    key = text.splitlines().index("    add:") + 1
    for checked in (check(issue, text, Project(root)), Checks(Project(root))(issue, text)):
        found = [p for p in checked.problems if "版记一页排不下" in p.message]
        assert found and found[0].origin.file == "issues/2024/645.yaml" and found[0].origin.line == key
    fresh = Checks(Project(root))
    fresh(issue, text)  # composed first: its reading remembered
    for sample in (text, text.replace("sections:", "sections: [", 1)):
        fresh(issue, sample)
        read, expected = fresh.read(issue, sample), check(issue, sample, Project(root), compose=False)
        assert (read.data, read.problems, read.readable) == (expected.data, expected.problems, expected.readable)


def test_the_files_a_check_depends_on_are_those_rglob_finds(tmp_path):
    import os

    from typeset.workbench.document import files_below

    root = tmp_path / "issues"
    for name in ("2024/645.yaml", "2024/images/a.png", "2024/x.yaml/inner.png", "2024/x.yaml/inner.yaml",
                 ".hidden/b.jpg", ".yaml", "..yaml", "a.b.yaml", "c.YAML", "notes.yaml.txt", "deep/er/d.png"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(name.encode())
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "e.png").write_bytes(b"e")
    (root / "linked").symlink_to(tmp_path / "outside", target_is_directory=True)
    (root / "pic.png").symlink_to(root / "2024" / "images" / "a.png")
    (root / "gone.png").symlink_to(tmp_path / "nowhere.png")
    (root / "dir.yaml").symlink_to(tmp_path / "outside", target_is_directory=True)
    os.mkfifo(root / "pipe.png")
    for but in ("", ".yaml"):
        expected = sorted((str(p), (st := p.stat()).st_mtime_ns, st.st_size, st.st_ino) for p in root.rglob("*")
                          if p.is_file() and (not but or p.suffix != but))
        assert files_below(root, but) == expected
    assert files_below(tmp_path / "missing") == []
