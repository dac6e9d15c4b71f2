"""Saving an issue from the workbench: checked, never over a change the editor has not seen,
written whole, and committed.

    Saver(project).save_text(path, base, text, user)   the YAML view
    Saver(project).save_data(path, base, data, user)   the form: applied round-trip
    Saver(project).restore(path, commit, base, user)   an earlier version, as a new commit
    Saver(project).save_changed(path, base, change, user)   the file's text changed by code (proofreading)
    Saver(project).written(path, base, write, user, message)   any other writer (a contribution)

`base` is the version (sha256 of the bytes) the editor's text was based on: when the file
holds anything else, nothing is written and `Conflict` carries the file as it is now and
the change made meanwhile. A text that does not read (YAML, schema) is refused whole
(`Refused`), as is form data that would not read back as exactly the data sent.
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, TypesetError
from ..model import Origin
from .changes import compare, words
from .document import Checked, Checks, Text, shown, version
from .history import Repositories, commit_outside
from .recent import Recent
from .roundtrip import apply, same

REMEMBERED = 64  # texts kept by version, to show what changed since an editor's base


class Conflict(Exception):
    def __init__(self, current: Text, diff: str, changes: list[str]) -> None:
        super().__init__("conflict")
        self.current, self.diff, self.changes = current, diff, changes


class Refused(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("refused")
        self.problems = problems


@dataclass
class Saved:
    version: str
    commit: str
    yaml: str
    problems: list[Problem] = field(default_factory=list)


class Saver:
    def __init__(self, project: Any) -> None:
        self.project = project
        self.lock = threading.Lock()  # the series' shared things: the git repository, new files' names
        self._files: dict[str, threading.Lock] = {}  # one per issue file: read, check, write in turn
        self._guard = threading.Lock()  # of _files
        self.texts: Recent[str, str] = Recent(REMEMBERED)  # by version
        self.committed: dict[str, str] = {}  # file → version of its bytes in its last commit, as known here
        self.written_hook: Callable[[Path, str], None] | None = None  # told of each file it wrote
        self.check = Checks(project)  # a text checked with composing, remembered while its inputs stay
        self.repository = Repositories(project.root)  # the project's git work tree, found once

    def file(self, path: Path) -> threading.Lock:
        """The lock of one issue file: saves of different issues check in parallel, and only
        their git commits take turns (`lock`)."""
        with self._guard:
            return self._files.setdefault(str(path.resolve()), threading.Lock())

    def remember(self, text: Text) -> None:
        self.texts.put(text.version, text.text)

    def current(self, path: Path) -> Text:
        text = Text.read(path)
        self.remember(text)
        return text

    def _conflict(self, path: Path, current: Text, base: str, proposed: str | None) -> Conflict:
        before = self.texts.get(base)
        changes: list[str] = []
        if before is not None:
            a, b = self.check.read(path, before), self.check.read(path, current.text)
            if a.data is not None and b.data is not None:
                changes = compare(a.data, b.data)
            head = ("你打开时的版本", "现在文件中的版本")
        else:
            before, head = proposed or "", ("你要保存的内容", "现在文件中的版本")
        diff = "".join(difflib.unified_diff(before.splitlines(True), current.text.splitlines(True), *head))
        return Conflict(current, diff, changes)

    def save_text(self, path: Path, base: str, text: str, user: str | None) -> Saved:
        with self.file(path):
            current = self.current(path)
            if base != current.version:
                raise self._conflict(path, current, base, text)
            checked = self.check(path, text)
            if not checked.readable:
                raise Refused(list(checked.problems))
            return self._write(path, current, current.encode(text), checked, user)

    def save_changed(self, path: Path, base: str, change: Callable[[str], tuple[str, str | None]],
                     user: str | None) -> Saved:
        """`change(the file's text)` → (new text, commit message or None), saved as a YAML text
        is saved; `change` runs under the lock, on the very text it replaces."""
        with self.file(path):
            current = self.current(path)
            if base != current.version:
                raise self._conflict(path, current, base, None)
            text, message = change(current.text)
            checked = self.check(path, text)
            if not checked.readable:
                raise Refused(list(checked.problems))
            return self._write(path, current, current.encode(text), checked, user, message)

    def save_data(self, path: Path, base: str, data: Any, user: str | None) -> Saved:
        with self.file(path):
            current = self.current(path)
            if base != current.version:
                raise self._conflict(path, current, base, None)
            old = self.check.read(path, current.text)
            if old.data is None:  # not YAML at all (a file that only fails the schema is fine)
                raise Refused([*old.problems, Problem(
                    "文件现在有上面的错误，表单无法把修改写进去，没有保存：请在 YAML 视图中改正后再保存",
                    Origin(shown(path, self.project)))])
            try:
                text = apply(current.text, old.data, data)
            except TypesetError as err:
                raise Refused(list(err.problems)) from None
            checked = self.check(path, text)
            if not checked.readable:
                raise Refused(list(checked.problems))
            if not same(checked.data, data):
                where = _first_difference(checked.data, data)
                raise Refused([Problem(
                    f"{words(where)}保存后读回的内容与表单中的不一致（例如含有不可见字符、制表符或换行），"
                    "没有保存：请检查这一项，或在 YAML 视图中修改", Origin(shown(path, self.project)),
                    _field(where))])
            return self._write(path, current, current.encode(text), checked, user)

    def restore(self, path: Path, commit: str, base: str, user: str | None) -> Saved:
        with self.file(path):
            repo = self.repository()
            if repo.root is None:
                raise TypesetError("这个项目文件夹还没有历史版本（保存一次后才有）")
            commit = repo.resolve(path, commit)
            raw = repo.contents(path, [commit]).get(commit)
            if raw is None:
                raise TypesetError(f"版本 {commit[:7]} 中没有这个文件")
            current = self.current(path)
            if base != current.version:
                raise self._conflict(path, current, base, Text.of(raw).text)
            checked = self.check(path, Text.of(raw).text)
            return self._write(path, current, raw, checked, user, f"恢复到 {commit[:7]} 的版本")

    def written(self, path: Path, base: str, write: Callable[[], Any], user: str | None, message: str) -> Saved:
        """`write()` changes the file (a contribution added); committed like a save."""
        with self.file(path):
            current = self.current(path)
            if base != current.version:
                raise self._conflict(path, current, base, None)
            with self.lock:
                repo = self.repository(create=True)
                commit_outside(repo, path)
                write()
            after = self.current(path)
            if self.written_hook is not None and after.raw != current.raw:
                self.written_hook(path, after.version)
            checked = self.check(path, after.text)
            with self.lock:
                return self._commit(path, repo, after, checked, user, message)

    def _write(self, path: Path, current: Text, raw: bytes, checked: Checked, user: str | None,
               message: str | None = None) -> Saved:
        from ..output import write_atomic

        if message is None:
            old = self.check.read(path, current.text)
            changes = compare(old.data, checked.data) if old.data is not None else []
            message = (f"{changes[0]}{f' 等 {len(changes)} 处修改' if len(changes) > 1 else ''}"
                       if changes else "保存（内容未变，只改了写法或注释）")
        with self.lock:  # git: one command at a time in the repository
            repo = self.repository(create=True)
            key = str(path.resolve())
            if self.committed.get(key) != current.version:  # else: as committed here last, no outside edit
                commit_outside(repo, path)
                self.committed[key] = current.version
            if raw != current.raw:
                write_atomic(path, raw)
                if self.written_hook is not None:
                    self.written_hook(path, version(raw))
            after = Text.of(raw)
            self.remember(after)
            return self._commit(path, repo, after, checked, user, message, tracked=raw != current.raw)

    def _commit(self, path: Path, repo: Any, after: Text, checked: Checked, user: str | None,
                message: str, tracked: bool = False) -> Saved:
        """Commit `after` (under `lock`); `tracked`: the file's last commit holds the bytes it had
        before this save (committed here or found by commit_outside) and they changed."""
        problems = list(checked.problems)
        commit = ""
        key = str(path.resolve())
        try:
            commit = repo.commit(path, f"{path.stem}：{message}", user, tracked)
            self.committed[key] = after.version
        except TypesetError as err:
            self.committed.pop(key, None)
            problems += [Problem(p.message, p.origin, p.field, warning=True) for p in err.problems]
        return Saved(after.version, commit, after.text, problems)


def _field(path: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for p in path:
        parts.append(f"[{p + 1}]" if isinstance(p, int) else ("." if parts else "") + str(p))
    return "".join(parts)


def _first_difference(a: Any, b: Any, path: tuple[Any, ...] = ()) -> tuple[Any, ...]:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*a, *(k for k in b if k not in a)]:
            if key not in a or key not in b or not same(a[key], b[key]):
                return _first_difference(a.get(key), b.get(key), path + (key,))
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if not same(x, y):
                return _first_difference(x, y, path + (i,))
    return path


__all__ = ["Saver", "Saved", "Conflict", "Refused", "version"]
