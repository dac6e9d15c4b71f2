"""A cold build on two cores: WeasyPrint loaded and run in a forked process.

A cold `typeset build` spends about a third of a second importing WeasyPrint,
a tenth reading and composing the issue, then renders the PDF and writes the
DOCX one after the other. Forked at the start of the build, the two halves
overlap:

    this process     read, number, compose ─ send ── DOCX ────────── receive ─ commit
    forked process   import WeasyPrint ────── receive ─ render the PDF ─ send

The forked process starts with what this one has imported and nothing more
(no second interpreter start, no second reading of the issue); it sends back
the PDF's bytes or the error that stopped it (an editor's error keeps its
place and its words, as if raised here). This process commits every output
together (output.write_together): a failure on either side leaves all
previous outputs as they were. Without fork (Windows), on one core, or in a
process with threads, everything runs here as before.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from ..errors import Problem, TypesetError
from ..model import Origin


def usable() -> bool:
    """Whether a build here may fork its PDF process: fork exists, two cores to run on,
    no other thread (a forked thread-holding process may deadlock), WeasyPrint not loaded yet
    (a warm process renders faster itself)."""
    if not hasattr(os, "fork") or "weasyprint" in sys.modules or threading.active_count() > 1:
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return cores >= 2


def _read(fd: int, size: int | None = None) -> bytes:
    """`size` bytes from a pipe (fewer at its end), or everything up to its end."""
    chunks, got = [], 0
    while size is None or got < size:
        chunk = os.read(fd, 1 << 20 if size is None else min(1 << 20, size - got))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _write(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _error_bytes(err: BaseException) -> bytes:
    """The error as this process would raise it; one that cannot cross as itself goes by
    its kind and words."""
    try:
        data = pickle.dumps(err)
        pickle.loads(data)
        return data
    except Exception:  # noqa: BLE001 - any unpicklable error
        return pickle.dumps(RuntimeError(f"{type(err).__name__}: {err}"))


def _serve(job: int, go: int, result: int, scratch: Path) -> None:
    """The forked process: import WeasyPrint, wait for the composed issue, render, answer.
    Its temporary files (WeasyPrint's, such as copies of fonts it does not load in place) go
    into `scratch`, which the build removes: nothing is left behind, however this ends."""
    payload = b""
    try:
        gc.disable()  # as in a build (build.without_cycle_collection); the process ends after it
        tempfile.tempdir = str(scratch)
        from ..writers.pdf import render

        head = _read(go, 8)
        if len(head) < 8:  # the build ended without sending (it was killed): clean up after it
            shutil.rmtree(scratch, ignore_errors=True)
            return
        size = int.from_bytes(head, "big")
        data = bytearray()
        while len(data) < size:
            chunk = os.pread(job, size - len(data), len(data))
            if not chunk:
                raise EOFError("the composed issue is incomplete")
            data += chunk
        composed, layout, allowed = pickle.loads(bytes(data))
        payload = b"P" + render(composed, layout, allowed)
    except BaseException as err:  # noqa: BLE001 - everything goes back to the build
        from ..guard import debugging

        if debugging():
            import traceback

            traceback.print_exception(err, file=sys.stderr)
        payload = b"E" + _error_bytes(err)
    finally:
        try:
            _write(result, payload)
        except BrokenPipeError:  # the build is gone (killed): nobody else will clean up
            shutil.rmtree(scratch, ignore_errors=True)
        finally:
            os._exit(0)


def _job_file(scratch: Path) -> Any:
    if hasattr(os, "memfd_create"):
        try:
            return os.fdopen(os.memfd_create("typeset-job"), "w+b")
        except OSError:
            pass
    return tempfile.TemporaryFile(dir=scratch)  # noqa: SIM115 - closed by PdfProcess._remove


class PdfProcess:
    """The forked PDF process of one build: made (forked) as early as possible, then send() the
    composed issue, receive() the PDF; close() always (it ends the process if nothing was sent,
    else waits for it)."""

    @classmethod
    def start(cls) -> PdfProcess | None:
        """The process, where usable() allows and the system lets it start; else None (the
        build draws the PDF itself)."""
        if not usable():
            return None
        try:
            return cls()
        except OSError:  # no more processes or memory for one: one process it is
            return None

    def __init__(self, issue_path: Path | None = None) -> None:
        self.issue_path = issue_path  # named in a message if the process dies (build() sets it)
        self._scratch = Path(tempfile.mkdtemp(prefix="typeset-pdf-"))
        # the composed issue goes through a file (a pipe holds 64 KB), in memory where the system
        # allows (a small or full TMPDIR does not matter), else in the scratch folder
        self._job = _job_file(self._scratch)
        go_out, self._go = os.pipe()
        self._result, result_in = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # nothing written so far is written twice
            stream.flush()
        try:
            self.pid = os.fork()
        except OSError:
            for fd in (go_out, self._go, self._result, result_in):
                os.close(fd)
            self._job.close()
            shutil.rmtree(self._scratch, ignore_errors=True)
            raise
        if self.pid == 0:
            os.close(self._go)
            os.close(self._result)
            _serve(self._job.fileno(), go_out, result_in, self._scratch)
        os.close(go_out)
        os.close(result_in)
        self._sent = self._done = False

    def send(self, composed: Any, layout: Any, allowed: list[Path]) -> None:
        data = pickle.dumps((composed, layout, allowed), protocol=pickle.HIGHEST_PROTOCOL)
        done = 0
        while done < len(data):
            done += os.pwrite(self._job.fileno(), data[done:], done)
        with contextlib.suppress(BrokenPipeError):  # it has ended already: receive() says how
            _write(self._go, len(data).to_bytes(8, "big"))
        self._sent = True

    def receive(self) -> bytes:
        """The PDF, or the error that stopped it raised here."""
        payload = _read(self._result)
        status = self._reap()
        self._remove()  # before the commit: a build killed while writing leaves nothing here
        if payload[:1] == b"P":
            return payload[1:]
        if payload[:1] == b"E":
            raise pickle.loads(payload[1:])
        how = f"被信号 {-status} 终止" if status < 0 else f"退出码 {status}"
        raise TypesetError(Problem(
            f"排版 PDF 的进程意外结束（{how}），没有写出任何文件，原有的文件保持不变。"
            "请再运行一次；若仍如此，请把所用命令和 YAML 文件发给维护人员",
            Origin(str(self.issue_path)) if self.issue_path else None))

    def _reap(self) -> int:
        if self._done:
            return 0
        self._done = True
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)

    def close(self) -> None:
        if not self._done:
            if not self._sent:  # still importing: it has made nothing to clean up
                os.kill(self.pid, signal.SIGKILL)
            else:  # rendering: let it finish (it ends by itself within a second)
                _read(self._result)
            self._reap()
        self._remove()

    def _remove(self) -> None:
        """Pipes, the job's file and the scratch folder (the process has ended)."""
        for fd in (self._go, self._result):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._go = self._result = -1
        self._job.close()
        shutil.rmtree(self._scratch, ignore_errors=True)
