"""An issue file as the workbench sees it: its bytes, version, data, and the checks of
unsaved text (what `typeset check` and a build would report), with nothing written.

    version(raw) → sha256 of the file's bytes
    Text.read(path) / Text.of(raw)     the text (BOM apart) and the file's own line ends
    check(path, text, project) → Checked   read + schema + numbers + composing + glyphs
    Checks(project)(path, text) → Checked  the same, remembered while nothing it reads changed
    Checks(project).read(path, text)       check(..., compose=False), remembered by text and name
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem, TypesetError
from .roundtrip import lines_of, newline_of

if TYPE_CHECKING:
    from ..reader.yaml_source import Located

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
    name = shown(path, project)
    return _checked(path, text, project, name)[1] if compose else _read(text, name)[1]


def _checked(path: Path, text: str, project: Any, name: str) -> tuple[Checked, Checked]:
    """The text read (check without composing) and checked with composing. Composing looks up
    places in the file its origins name (where a key or a character stands: compose.fit,
    fonts.coverage), so the text is read as a temporary file of the issue's name holding it,
    and the problems are located in `name` afterwards."""
    import copy

    with tempfile.TemporaryDirectory(prefix="typeset-workbench-") as tmp:
        temp = Path(tmp) / path.name
        temp.write_text(text, "utf-8", newline="")
        located, read = _read(text, str(temp))
        kept = replace(read, data=copy.deepcopy(read.data))  # as read, whatever composing does
        checked = _composed(path, located, read, project)
    return _located(kept, str(temp), name), _located(checked, str(temp), name)


def _located(checked: Checked, temp: str, name: str) -> Checked:
    return replace(checked, problems=tuple(_relocated(p, temp, name) for p in checked.problems))


def _relocated(problem: Problem, temp: str, name: str) -> Problem:
    origin = problem.origin
    if origin is not None and origin.file == temp:
        origin = replace(origin, file=name)
    return replace(problem, origin=origin, message=problem.message.replace(temp, name))


def _read(text: str, name: str) -> tuple[Located | None, Checked]:
    """YAML and schema: what check(compose=False) says, which depends on the text and the name alone."""
    from ..reader import validate
    from ..reader.yaml_source import load_text

    problems: list[Problem] = []
    data = None
    located = None
    try:
        located = load_text(text, name)
        data = located.data
        problems = validate.check(located, "issue")
    except TypesetError as err:
        problems = list(err.problems)
    return located, Checked(data, tuple(problems), not problems)


def _composed(path: Path, located: Located | None, read: Checked, project: Any) -> Checked:
    """`read` with the problems of numbering and composing the issue (when it reads)."""
    from ..build import compose_issue, numbered
    from ..fonts import coverage, faces
    from ..reader import load_issue, load_series

    if not read.readable or located is None:
        return read
    problems = list(read.problems)
    try:
        series = load_series(project.issues)
        issue = numbered(load_issue(path, series, located), path, project, series)
        problems += issue.notes
        composed, layout = compose_issue(issue, series)
        problems += [*composed.warnings, *coverage(composed, faces(layout, composed.series.folder))]
    except TypesetError as err:
        problems += err.problems
    return Checked(read.data, tuple(problems), True)


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
    series.yaml, the pictures, the layouts, the font folders (each file's size, time and inode),
    and the other issue files' dates and numbers (what this issue's numbers derive from). A save
    and the reading that follows it compose once, not twice. `read` is check(compose=False),
    remembered by the text and the file's name alone (all it depends on)."""

    SIZE = 32

    def __init__(self, project: Any) -> None:
        from .recent import Recent

        self.project = project
        self.memo: Recent[tuple[str, str], tuple[Any, Checked]] = Recent(self.SIZE)
        self.reads: Recent[tuple[str, str], Checked] = Recent(self.SIZE)
        self._root: Path | None = None  # the project folder resolved, once
        self._folders: tuple[Path, ...] | None = None  # the layouts and the font folders, once

    def name(self, path: Path) -> str:
        """shown(path, project), the project folder resolved once."""
        if self._root is None:
            self._root = self.project.root.resolve()
        try:
            return path.resolve().relative_to(self._root).as_posix()
        except ValueError:
            return str(path)

    def read(self, path: Path, text: str) -> Checked:
        """check(path, text, project, compose=False), remembered."""
        import copy

        name = self.name(path)
        known = self.reads.get((name, text))
        if known is None:
            known = self._keep_read(name, text, _read(text, name)[1])
        return replace(known, data=copy.deepcopy(known.data))

    def _keep_read(self, name: str, text: str, read: Checked) -> Checked:
        import copy

        kept = replace(read, data=copy.deepcopy(read.data))
        self.reads.put((name, text), kept)
        return kept

    def __call__(self, path: Path, text: str) -> Checked:
        import copy

        key = (str(path), text)
        try:
            inputs = self.inputs(path)
        except (OSError, TypesetError):
            return check(path, text, self.project)
        known = self.memo.get(key)
        if known is not None and known[0] == inputs:
            return replace(known[1], data=copy.deepcopy(known[1].data))
        name = self.name(path)
        read, checked = _checked(path, text, self.project, name)
        self._keep_read(name, text, read)
        self.memo.put(key, (inputs, replace(checked, data=copy.deepcopy(checked.data))))
        return checked

    def inputs(self, path: Path) -> tuple[Any, ...]:
        from ..catalog import Catalog
        from ..fonts import font_folders
        from ..layout import LAYOUTS

        issues = self.project.issues
        if self._folders is None:
            self._folders = (LAYOUTS, *font_folders(issues))
        st = (issues / "series.yaml").stat()  # none: not remembered
        pictures = files_below(issues, but=".yaml")
        stamps = ((st.st_mtime_ns, st.st_size, st.st_ino), pictures, [files_below(f) for f in self._folders])
        catalog = Catalog.scan(issues)
        others = tuple((str(p), e.date, e.supplement, e.stated) for p, e in zip(catalog.paths, catalog.entries,
                                                                                  strict=True) if p != path)
        return stamps, others, tuple(str(p) for p in catalog.problems)


def files_below(folder: Path, but: str = "") -> list[tuple[str, int, int, int]]:
    """Every file below `folder` (as Path.rglob("*") finds them: links to folders are not
    followed) but those whose Path.suffix is `but`, each with its time, size and inode; [] if
    there is no such folder."""
    import os
    import stat

    rows: list[tuple[str, int, int, int]] = []

    def walk(where: str) -> None:
        try:
            with os.scandir(where) as found:
                entries = list(found)
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            return
        for entry in entries:
            name = entry.name
            if but and name.endswith(but) and len(name) > len(but) and not _is_dir(entry):
                continue  # Path(name).suffix == but, and nothing to look into
            try:
                st = entry.stat()
            except OSError:
                continue  # a link to nothing, or gone meanwhile
            if stat.S_ISREG(st.st_mode):
                rows.append((entry.path, st.st_mtime_ns, st.st_size, st.st_ino))
            elif stat.S_ISDIR(st.st_mode) and not entry.is_symlink():
                walk(entry.path)

    walk(str(folder))
    rows.sort()
    return rows


def _is_dir(entry: Any) -> bool:
    try:
        return bool(entry.is_dir())
    except OSError:
        return False
