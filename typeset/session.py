"""A session: every read of layouts, fonts, series and issues, and every cache of them.

A value is kept together with what it was made from (a file's content, or its path, size,
time and inode; a folder's listing), and made again as soon as that differs: nothing kept
here can outlive a change of its inputs. `reset(paths)` drops at once what depends on
changed paths (the server calls it on each change it sees: a change within a clock tick
keeps the same time, the event does not miss it); `reset()` drops everything.

One session per command; the server keeps one for its life. Code that is not handed a
session uses `current()` (the one `using()` or `activate()` installed, else a default).
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
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .errors import Problem
    from .fonts import Face
    from .layout import Layout
    from .model import Issue, Series

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
    depends: tuple[Path, ...]  # files and folders whose change drops it (reset)


class Session:
    """The reads and caches of one project (see the module's docstring)."""

    def __init__(self) -> None:
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
            self._kept[name] = _Entry(key, value, tuple(Path(p).resolve() for p in depends))
        return value

    def reset(self, changed: Iterable[str | Path] | None = None) -> None:
        """Drop what depends on the `changed` paths (a file, or anything inside a folder of
        them); everything when None."""
        with self._lock:
            if changed is None:
                self._kept.clear()
                return
            paths = [Path(p).resolve() for p in changed]
            for name in [n for n, e in self._kept.items() if any(_touches(d, p) for d in e.depends for p in paths)]:
                del self._kept[name]

    # ------------------------------------------------------------ what it reads

    def layout(self, name: str, root: Path | None = None) -> Layout:
        """layouts/<name>/layout.yaml, validated (layout.read_layout), kept by its content."""
        from . import layout as layouts

        folder = (root or layouts.LAYOUTS) / name
        path = folder / "layout.yaml"
        return self.kept(("layout", str(path)), content_key(path),
                         lambda: layouts.read_layout(name, root or layouts.LAYOUTS), [path, folder])

    def series(self, folder: Path) -> Series:
        """issues/series.yaml, read and validated (never kept: a series is read in milliseconds,
        and what it names may change on its own)."""
        from .reader import load_series

        return load_series(folder)

    def issue(self, path: Path, series: Series) -> Issue:
        """An issue file read into the model (never kept: it names pictures, read anew each time)."""
        from .reader import load_issue

        return load_issue(path, series)

    def faces(self, layout: Layout, series_folder: str | Path | None = None) -> dict[str, Face]:
        """Every role of the layout → the face that draws it here."""
        return self.faces_and_problems(layout, series_folder)[0]

    def faces_and_problems(self, layout: Layout, series_folder: str | Path | None = None
                           ) -> tuple[dict[str, Face], tuple[Problem, ...]]:
        """The faces, and warnings about font files that could not be read and were passed over;
        kept by the layout's fonts, the font folders' listing and the system's fonts."""
        from . import fonts

        folders = fonts.font_folders(series_folder)
        spec = layout["fonts"]
        key = (repr(sorted((r, tuple(s["faces"]), s["stand_in"]) for r, s in spec.items())), listing(folders),
               listing([fonts.STAND_IN]))
        return self.kept(("faces", layout.name, folders), key,
                         lambda: fonts.lookup(spec, folders, self.system_fonts(), self.metrics), folders)

    def common_key(self, series_folder: Path, layout: Layout) -> str:
        """What every issue of the series is made from besides its own file (stamps.common_key:
        series.yaml, the layout folder, the fonts, typeset's code and versions), kept while none
        of these changed."""
        from . import stamps
        from .fonts import FONT_SUFFIXES, STAND_IN, font_folders
        from .reader import SERIES_FILE

        folders = [*font_folders(series_folder), STAND_IN]  # every face a layout may name
        files = sorted({f.path for f in self.faces(layout, series_folder).values()}
                       | {Path(row[0]) for row in listing(folders) if Path(row[0]).suffix.lower() in FONT_SUFFIXES})
        series_file = Path(series_folder) / SERIES_FILE
        key = (content_key(series_file), tree(layout.folder), font_identity(files), tree(stamps.CODE))
        return self.kept(("common key", str(series_file), layout.name), key,
                         lambda: stamps.common_key(series_file, layout.folder, files),
                         [series_file, layout.folder, *files])

    def system_fonts(self) -> dict[str, Path]:
        """Family name → file, for the fonts installed on the system, read once per session."""
        from . import fonts

        return self.kept("system fonts", None, fonts.system_fonts)

    def metrics(self, path: Path) -> tuple[str, float, float, frozenset[int]]:
        """A font file's family, ascent, descent and covered characters, kept by its stamp."""
        from . import fonts

        return self.kept(("metrics", str(path)), stamp(path), lambda: fonts.measure(path), [path])

    def font_config(self, files: Iterable[Path]) -> Any:
        """WeasyPrint's FontConfiguration for these font files, one kept (by the files' identity)."""
        from .writers.pdf.patches import font_configuration

        files = list(files)
        return self.kept("font configuration", font_identity(files), font_configuration, files)

    def templates(self, folder: Path) -> Any:
        """The Jinja2 environment of a layout folder (its templates compiled once), kept by the
        folder's listing."""
        import jinja2

        def make() -> jinja2.Environment:
            return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                                      undefined=jinja2.StrictUndefined, trim_blocks=False)

        return self.kept(("templates", str(folder)), listing([folder]), make, [folder])


def _touches(depend: Path, changed: Path) -> bool:
    return depend == changed or depend.is_relative_to(changed) or changed.is_relative_to(depend)


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
