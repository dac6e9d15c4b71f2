"""The outputs of one build written together or not at all.

    write_together({path: bytes, …})   every file of one build, in one folder
    write_atomic(path, bytes)          one file
    replace_if_unchanged(path, expected, bytes)   one file, only if it still holds `expected`

Steps, all under a lock on the output folder (a second build into the same folder waits
for the first, so two builds of one issue never leave a mixed pair):
  1. finish or clean up after a build that died here: a commit record (below) is rolled
     forward; temporary files left by a killed build are removed;
  2. every file written to a temporary file beside its target and flushed to disk — a full
     disk or any write error stops here, and no target has changed;
  3. a commit record listing the renames is written, the temporaries renamed over the
     targets (each rename atomic: a reader sees the old file or the new, never half of one),
     the record removed. A build killed between two renames leaves the record, and the next
     build into that folder completes the renames before anything else.
A signal (Ctrl+C, SIGTERM, SIGHUP: typeset.processes.interrupt) during steps 1–2 removes the temporaries;
one during step 3 takes effect once it is complete. Only SIGKILL leaves anything behind, and
step 1 of the next build into the folder clears it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import TypesetError
from .processes.interrupt import held

FORMATS = ("pdf", "docx", "html")  # what a build writes (`--format`)
LOCK_WAIT = 120.0  # seconds a build waits for another one writing into the same folder
COMMIT_SUFFIX = ".typeset-commit"
LOCK_NAME = ".typeset.lock"
_TEMPORARY = re.compile(r"\..+\.[^.]+\.[A-Za-z0-9_]+\.tmp")  # .645.pdf.k2j3h4.tmp (mkstemp)


def out_folder(given: str | None, start: Path | None = None) -> Path:
    """Where a command writes: `-o` as given (relative to where the editor stands), else the
    build/ folder of the project at or above `start` (the working folder), wherever in the
    project the command is run; shown relative to the working folder (build, ../../build)."""
    if given is not None:
        return Path(given)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "issues" / "series.yaml").is_file():
            return Path(os.path.relpath(folder / "build", Path.cwd()))
    return Path("build")  # no project: the command says so itself


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def folder_lock(folder: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """An exclusive lock on writing into `folder`, across processes; waits up to `wait` seconds.
    POSIX: flock on the folder itself (no file left behind); Windows: a lock file in it."""
    folder.mkdir(parents=True, exist_ok=True)
    if sys.platform == "win32":
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666)
    else:
        fd = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise TypesetError(f"另一个 typeset 正在向 {folder} 写文件，等了 {wait:.0f} 秒仍未结束："
                                   "请等它完成后再排版，或用 -o 输出到别的文件夹")
            time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _recover(folder: Path) -> None:
    """Complete the renames of a build that died while committing; remove its temporaries.
    Called under the folder lock, so nothing found here belongs to a live build."""
    for record in folder.glob(f"*{COMMIT_SUFFIX}"):
        try:
            renames = json.loads(record.read_text("utf-8"))
        except (OSError, ValueError):
            renames = []
        for tmp, target in renames:
            if (folder / tmp).is_file():
                os.replace(folder / tmp, folder / target)
        record.unlink(missing_ok=True)
    for stray in (*folder.iterdir(), *folder.glob("*_files/*")):
        if _TEMPORARY.fullmatch(stray.name) and stray.is_file():
            stray.unlink(missing_ok=True)


_live: set[Path] = set()  # this process's temporaries not yet renamed or removed


def discard_temporaries() -> None:
    """Remove this process's unfinished temporaries (a worker ended by a signal)."""
    for tmp in list(_live):
        with contextlib.suppress(OSError):
            tmp.unlink()
        _live.discard(tmp)


def tidy(folder: Path) -> None:
    """Before a build: what builds killed outright left in `folder` (temporaries, a commit to
    complete) cleared, whether or not this build gets as far as writing."""
    if folder.is_dir() and any(_TEMPORARY.fullmatch(p.name) or p.name.endswith(COMMIT_SUFFIX)
                               for p in folder.iterdir()):
        with folder_lock(folder):
            _recover(folder)


def _write_temporary(path: Path, data: bytes) -> Path:
    """data in a new file beside `path`, flushed to disk, with the usual permissions
    (0666 less the umask, not mkstemp's private 0600)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    _live.add(Path(tmp))
    try:
        with os.fdopen(fd, "wb") as f:
            if hasattr(os, "fchmod"):
                os.fchmod(f.fileno(), 0o666 & ~_umask())
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        _live.discard(Path(tmp))
        raise
    return Path(tmp)


def _fsync_folder(folder: Path) -> None:
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_together(files: dict[Path, bytes]) -> None:
    """Replace every file of `files` with its new bytes, or none of them. The files lie in one
    output folder or below it (a web edition's pictures in 645_files/); the lock, the commit
    record and the clean-up are the folder's."""
    if not files:
        return
    folder = Path(os.path.commonpath([p.parent.absolute() for p in files]))
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise TypesetError(f"无法写出 {path}：那里已有一个同名文件夹，请删去或改名")
    with folder_lock(folder):
        _recover(folder)
        before = set(_live)
        written: list[tuple[Path, Path]] = []
        record = folder / f".{next(iter(files)).stem}.{os.getpid()}{COMMIT_SUFFIX}"
        record_tmp: Path | None = None
        try:
            for path, data in files.items():
                written.append((_write_temporary(path, data), path.absolute()))
            record_tmp = _write_temporary(record, json.dumps(
                [[os.path.relpath(tmp, folder), os.path.relpath(path, folder)] for tmp, path in written]
            ).encode("utf-8"))
            os.replace(record_tmp, record)
        except BaseException:  # also a signal between a temporary's making and its listing here
            made = {t for t in _live - before if t.absolute().is_relative_to(folder)}
            for tmp in made | {t for t, _ in written} | ({record_tmp} if record_tmp else set()):
                tmp.unlink(missing_ok=True)
                _live.discard(tmp)
            raise
        with held():  # Ctrl+C, SIGTERM: once every file is in place
            _live.discard(record_tmp)
            for tmp, path in written:
                os.replace(tmp, path)
                _live.discard(tmp)
            for parent in {p.parent for _, p in written}:
                _fsync_folder(parent)
            record.unlink()


def write_atomic(path: Path, data: bytes) -> None:
    """One file, whole or not at all (write_together with one file)."""
    write_together({path: data})


class Changed(TypesetError):
    """The file is no longer what the writer read: nothing was written (replace_if_unchanged)."""


def replace_if_unchanged(path: Path, expected: bytes | None, data: bytes, name: str | None = None) -> None:
    """Replace `path` whole with `data` only if it still holds `expected` (None: only if it does
    not exist yet) — compare and swap, for files that several writers edit (an issue file:
    `typeset add`, `calibrate --write`, a save in the workbench). The comparison and the rename
    happen under the lock of the file's folder (the one write_together takes), so of two writers
    that read the same bytes one lands whole and the other gets Changed, nothing written.
    A killed writer's temporaries in the folder are removed first, as a build's are."""
    name = name or str(path)
    folder = path.parent.absolute()
    with folder_lock(folder):
        _recover(folder)
        try:
            now: bytes | None = path.read_bytes()
        except FileNotFoundError:
            now = None
        if now != expected:
            raise Changed(f"{name} 在此期间被修改了（可能在编辑器或预览中保存过，或另一个命令刚写过它），"
                          "没有写入，以免覆盖那次改动：请再运行一次" if now is not None and expected is not None
                          else f"{name} {'已被删除' if now is None else '已被别人新建'}，没有写入：请检查后再运行一次")
        tmp = _write_temporary(path, data)
        with held():
            os.replace(tmp, path)
            _live.discard(tmp)
            _fsync_folder(folder)
