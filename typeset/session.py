"""A session: every cache of what typeset reads (layouts, fonts, templates, stamps' keys).

A value is kept together with what it was made from (a file's content, or its path, size,
time and inode; a folder's listing), and made again as soon as that differs: nothing kept
here can outlive a change of its inputs. `reset(paths)` drops at once what depends on
changed paths (the server calls it on each change it sees: a change within a clock tick
keeps the same time, the event does not miss it); `reset()` drops everything.

The modules that read keep their values here, each with its key: layout.load_layout (by the
file's content), fonts.faces (by the layout's fonts, the font folders' listing), the font
metrics (by the file's stamp), patches.font_config (WeasyPrint's font configuration, by the
font files' identity), the PDF template's environment (by the layout folder's listing),
stamps.common_key_of; Catalog.scan (and each issue file's head), reader.load_series, in a session
that keeps scans (the server's). Each takes a
`session`; without one, `current()` (the one `using()` or `activate()` installed, else the
process's default). One session per command; the server
keeps one for its life. This module imports nothing of typeset's: every stage may use it.
The on-disk caches (font metrics, valid data, WeasyPrint's declarations) live in one
folder, `cache_folder()`, each entry keyed by what it was computed from.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def cache_folder() -> Path:
    """The one folder of typeset's caches on disk ($XDG_CACHE_HOME/typeset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "typeset"


def stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells a changed file without reading it: size, time (ns) and inode; None if absent."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def listing(folders: Iterable[Path]) -> tuple[tuple[str, int, int, int], ...]:
    """Every file directly in `folders`, each with its stamp: what tells a changed folder."""
    rows = []
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                st = entry.stat()
            except OSError:
                continue
            rows.append((entry.path, st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(sorted(rows))


def tree(folder: Path) -> tuple[tuple[str, int, int, int], ...]:
    """Every file below `folder`, each with its stamp (size, time, inode)."""
    rows = []
    for path in sorted(folder.rglob("*")):
        st = stamp(path)
        if st is not None and path.is_file():
            rows.append((str(path), *st))
    return tuple(rows)


def content_key(path: Path) -> str | None:
    """SHA-256 of a file's content (for small files read anyway), None if unreadable."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass
class _Entry:
    key: Hashable
    value: Any
    depends: tuple[str, ...]  # files and folders whose change drops it (reset), as _place gives them


class Session:
    """The reads and caches of one project (see the module's docstring)."""

    def __init__(self, keeps_scans: bool = False) -> None:
        self.keeps_scans = keeps_scans  # Catalog.scan, load_series reuse what they read (a server's session)
        self._kept: dict[Hashable, _Entry] = {}
        self._lock = threading.RLock()

    # ------------------------------------------------------------ the mechanism

    def kept(self, name: Hashable, key: Hashable, make: Callable[[], T], depends: Iterable[Path] = ()) -> T:
        """The value kept under `name` if it was made from `key`, else `make()` kept anew."""
        with self._lock:
            entry = self._kept.get(name)
            if entry is not None and entry.key == key:
                return entry.value  # type: ignore[no-any-return]
        value = make()
        with self._lock:
            self._kept[name] = _Entry(key, value, tuple(_place(p) for p in depends))
        return value

    def reset(self, changed: Iterable[str | Path] | None = None) -> None:
        """Drop what depends on the `changed` paths (a file, or anything inside a folder of
        them); everything when None."""
        with self._lock:
            if changed is None:
                self._kept.clear()
                return
            paths = {_place(p) for p in changed}
            for name in [n for n, e in self._kept.items() if any(_touches(d, p) for d in e.depends for p in paths)]:
                del self._kept[name]


def _place(path: str | Path) -> str:
    """A path resolved, as the file system compares it (os.path.normcase), for _touches."""
    return os.path.normcase(str(Path(path).resolve()))


def _touches(depend: str, changed: str) -> bool:
    """One of two places (_place) is the other or inside it: Path.is_relative_to, either way."""
    return depend == changed or _inside(depend, changed) or _inside(changed, depend)


def _inside(path: str, folder: str) -> bool:
    return path.startswith(folder if folder.endswith(os.sep) else folder + os.sep)


_default = Session()
_installed: list[Session] = []


@atexit.register
def _drop_all() -> None:
    """At exit: what is kept goes (WeasyPrint's font configurations take their temporary folders)."""
    for session in (*_installed, _default):
        session.reset()


def current() -> Session:
    """The session installed by using()/activate(), else the process's default one."""
    return _installed[-1] if _installed else _default


def activate(session: Session) -> None:
    """Make `session` the current one for the rest of the process (a server's)."""
    _installed.append(session)


@contextmanager
def using(session: Session | None) -> Iterator[Session]:
    """`session` current while the block runs (None: the current one stays)."""
    if session is None:
        yield current()
        return
    _installed.append(session)
    try:
        yield session
    finally:
        _installed.remove(session)


def font_identity(files: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """What tells a set of font files from another: each file's path, size and time."""
    return tuple(sorted({(str(p.resolve()), (st := p.stat()).st_size, st.st_mtime_ns) for p in files}))
