"""Saves of different issues run side by side (each issue's own lock), their git commits in turn:
every save committed once under its editor, none refused, nothing mixed; saves of one issue
still take turns, so a stale base is a conflict."""

from __future__ import annotations

import re
import threading

import pytest

from typeset.build import Project
from typeset.workbench.document import Text
from typeset.workbench.saving import Conflict, Saver

from .conftest import git, project

ROUNDS = 6


def test_saves_of_two_issues_side_by_side(tmp_path):
    root = project(tmp_path)
    first = root / "issues" / "2024" / "645.yaml"
    second = root / "issues" / "2024" / "646.yaml"
    second.write_text(first.read_text("utf-8").replace("date: 2024-03-26\nnumber: 40\ntotal: 645",
                                                       "date: 2024-04-02"), "utf-8")
    saver = Saver(Project(root))
    failures: list[str] = []
    start = threading.Barrier(2)

    def editor(path, name: str) -> None:
        try:
            start.wait(30)
            for k in range(ROUNDS):
                current = Text.read(path)
                text = re.sub(r"(- 会上，)", rf"\1{name}{k}，", current.text, count=1)
                saved = saver.save_text(path, current.version, text, name)
                if saved.problems and any(not p.warning or "git" in p.message for p in saved.problems):
                    failures.append(f"{name}: {saved.problems}")
        except Exception as err:  # noqa: BLE001 - reported below
            failures.append(f"{name}: {type(err).__name__}: {err}")

    threads = [threading.Thread(target=editor, args=(p, n)) for p, n in ((first, "张三"), (second, "李四"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(240)
    assert not failures
    for path, name in ((first, "张三"), (second, "李四")):
        authors = git(root, "log", "--format=%an", "--", path.relative_to(root).as_posix()).split()
        assert authors.count(name) == ROUNDS
        text = path.read_text("utf-8")
        assert all(f"{name}{k}，" in text for k in range(ROUNDS))
        assert ("李四" if name == "张三" else "张三") not in text


def test_a_stale_base_is_still_a_conflict(tmp_path):
    root = project(tmp_path)
    path = root / "issues" / "2024" / "645.yaml"
    saver = Saver(Project(root))
    base = Text.read(path)
    saver.save_text(path, base.version, base.text.replace("- 会上，", "- 会上，甲，", 1), "张三")
    with pytest.raises(Conflict):
        saver.save_text(path, base.version, base.text.replace("- 会上，", "- 会上，乙，", 1), "李四")


def test_saves_in_a_row_ask_git_less_and_still_record_outside_edits(tmp_path, monkeypatch):
    """A save after a save of this server's goes straight to `git commit` (git's last commit of the
    file is known to hold the bytes it replaces); an edit made outside in between is still committed
    first as such."""
    from typeset.workbench import history

    root = project(tmp_path)
    path = root / "issues" / "2024" / "645.yaml"
    saver = Saver(Project(root))
    calls: list[str] = []
    real = history._git
    monkeypatch.setattr(history, "_git", lambda cwd, *args, **kw: calls.append(args[0]) or real(cwd, *args, **kw))

    def save(old: str, new: str) -> None:
        current = Text.read(path)
        saved = saver.save_text(path, current.version, current.text.replace(old, new, 1), "张三")
        assert not [p for p in saved.problems if "git" in p.message], saved.problems

    save("- 会上，", "- 会上，一，")
    calls.clear()
    save("- 会上，一，", "- 会上，二，")
    assert calls.count("status") == 0 and calls.count("commit") == 1
    path.write_text(path.read_text("utf-8").replace("- 会上，二，", "- 会上，外，", 1), "utf-8")  # a text editor
    save("- 会上，外，", "- 会上，三，")
    authors = git(root, "log", "--format=%an").split()
    assert authors[0] == "张三" and authors[1] != "张三"  # the outside edit, committed as such before the save
    assert "会上，外，" in git(root, "show", "HEAD~1:issues/2024/645.yaml")
    assert "会上，三，" in git(root, "show", "HEAD:issues/2024/645.yaml")
