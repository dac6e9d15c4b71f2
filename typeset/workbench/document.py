"""An issue file as the workbench sees it: its bytes, version, data, and the checks of
unsaved text (what `typeset check` and a build would report), with nothing written.

    version(raw) → sha256 of the file's bytes
    Text.read(path) / Text.of(raw)     the text (BOM apart) and the file's own line ends
    check(path, text, project) → Checked   read + schema + numbers + composing + glyphs
    Checks(project)(path, text) → Checked  the same, remembered while nothing it reads changed
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import Problem, TypesetError
from .roundtrip import lines_of, newline_of

BOM = b"\xef\xbb\xbf"


def version(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class Text:
    text: str  # without the BOM
    bom: bool
    raw: bytes

    @classmethod
    def of(cls, raw: bytes) -> Text:
        bom = raw.startswith(BOM)
        try:
            text = raw[3 if bom else 0:].decode("utf-8")
        except UnicodeDecodeError:
            text = raw[3 if bom else 0:].decode("utf-8", "replace")
        return cls(text, bom, raw)

    @classmethod
    def read(cls, path: Path) -> Text:
        return cls.of(path.read_bytes())

    @property
    def version(self) -> str:
        return version(self.raw)

    def encode(self, text: str) -> bytes:
        """`text` (from a browser: LF line ends) as this file's bytes: its BOM, and each line
        that stands unchanged in the file keeps the line end it has there; new lines take the
        file's own line end."""
        import difflib

        old, old_ends = lines_of(self.text)
        new, new_ends = lines_of(text)
        if new_ends and all(e in ("\n", "") for e in new_ends) and any(e not in ("\n", "") for e in old_ends):
            newline = newline_of(self.text)
            ends = [newline if e else "" for e in new_ends]
            for tag, i1, i2, j1, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
                if tag == "equal":
                    for k in range(i2 - i1):
                        if new_ends[j1 + k]:
                            ends[j1 + k] = old_ends[i1 + k] or newline
            text = "".join(line + end for line, end in zip(new, ends, strict=True))
        return (BOM if self.bom else b"") + text.encode("utf-8")


@dataclass(frozen=True)
class Checked:
    data: Any  # the reader's plain data (dates as text), None when the text does not read
    problems: tuple[Problem, ...]
    readable: bool  # YAML and schema are fine: the text may be saved

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]


def shown(path: Path, project: Any) -> str:
    """The issue file as messages name it: relative to the project folder."""
    try:
        return path.resolve().relative_to(project.root.resolve()).as_posix()
    except ValueError:
        return str(path)


def check(path: Path, text: str, project: Any, compose: bool = True) -> Checked:
    """`text` as the content of the issue file `path`, checked as `typeset check` would;
    problems are located in `path` as the editor names it."""
    from ..build import compose_issue, numbered
    from ..fonts import coverage, faces
    from ..reader import load_issue, load_series, validate
    from ..reader.yaml_source import load

    name = shown(path, project)
    with tempfile.TemporaryDirectory(prefix="typeset-workbench-") as tmp:
        temp = Path(tmp) / path.name
        temp.write_text(text, "utf-8", newline="")
        problems: list[Problem] = []
        data = None
        located = None
        try:
            located = load(temp, str(temp))
            data = located.data
            problems = validate.check(located, "issue")
        except TypesetError as err:
            problems = list(err.problems)
        readable = not problems
        if readable and compose and located is not None:
            try:
                series = load_series(project.issues)
                issue = numbered(load_issue(temp, series, located), path, project, series)
                problems += issue.notes
                composed, layout = compose_issue(issue, series)
                problems += [*composed.warnings, *coverage(composed, faces(layout, composed.series.folder))]
            except TypesetError as err:
                problems += err.problems
    return Checked(data, tuple(_relocated(p, str(temp), name) for p in problems), readable)


def _relocated(problem: Problem, temp: str, name: str) -> Problem:
    origin = problem.origin
    if origin is not None and origin.file == temp:
        origin = replace(origin, file=name)
    return replace(problem, origin=origin, message=problem.message.replace(temp, name))


def as_json(problem: Problem) -> dict:
    """Problem.as_json, its field the whole path (the composer names a field by its key; its
    origin knows the whole path), or None."""
    data = problem.as_json()
    o, field = problem.origin, problem.field
    if o is not None and o.path and (not field or o.path.endswith(field)):
        field = o.path
    data["field"] = field or None
    return data


class Checks:
    """check() with composing, remembered for the last few texts while nothing it reads changed:
    series.yaml, the pictures, the layouts, the font folders (each file's size and time), and the
    other issue files' dates and numbers (what this issue's numbers derive from). A save and the
    reading that follows it compose once, not twice."""

    SIZE = 32

    def __init__(self, project: Any) -> None:
        import threading
        from collections import OrderedDict

        self.project = project
        self.lock = threading.Lock()
        self.memo: OrderedDict[tuple[str, str], tuple[Any, Checked]] = OrderedDict()

    def __call__(self, path: Path, text: str) -> Checked:
        import copy

        key = (str(path), text)
        try:
            inputs = self.inputs(path)
        except (OSError, TypesetError):
            return check(path, text, self.project)
        with self.lock:
            known = self.memo.get(key)
        if known is not None and known[0] == inputs:
            return replace(known[1], data=copy.deepcopy(known[1].data))
        checked = check(path, text, self.project)
        with self.lock:
            self.memo[key] = (inputs, replace(checked, data=copy.deepcopy(checked.data)))
            self.memo.move_to_end(key)
            while len(self.memo) > self.SIZE:
                self.memo.popitem(last=False)
        return checked

    def inputs(self, path: Path) -> tuple[Any, ...]:
        from ..catalog import Catalog
        from ..fonts import font_folders
        from ..layout import LAYOUTS

        issues = self.project.issues
        series = issues / "series.yaml"
        pictures = (p for p in sorted(issues.rglob("*")) if p.suffix != ".yaml" and p.is_file())
        files = [series, *pictures, *(p for root in (LAYOUTS, *font_folders(issues)) if root.is_dir()
                                     for p in sorted(root.rglob("*")) if p.is_file())]
        stamps = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
        catalog = Catalog.scan(issues)
        others = tuple((str(p), e.date, e.supplement, e.stated) for p, e in zip(catalog.paths, catalog.entries,
                                                                                  strict=True) if p != path)
        return stamps, others, tuple(str(p) for p in catalog.problems)
