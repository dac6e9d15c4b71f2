"""Safe output: a failed build leaves the previous files byte for byte; concurrent builds never
leave a half-written file."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import typeset.writers.pdf
from typeset.errors import TypesetError
from typeset.output import write_atomic

from ..editor_project import BASE, ISSUE

ISSUE_646 = (BASE.replace("date: 2024-03-26", "date: 2024-04-02").replace("number: 40", "number: 41")
             .replace("total: 645", "total: 646"))


def complete_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]


# ---------------------------------------------------------------- write_atomic

def test_write_atomic_replaces_whole_files(tmp_path):
    target = tmp_path / "out" / "645.pdf"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert temporaries(target.parent) == []


def test_write_atomic_gives_the_usual_permissions(tmp_path):
    target = tmp_path / "645.pdf"
    old = os.umask(0o022)
    try:
        write_atomic(target, b"x")
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644


def test_write_atomic_failure_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "645.pdf"
    target.write_bytes(b"old and good")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old and good"
    assert temporaries(tmp_path) == []


def test_write_atomic_refuses_a_folder_in_the_way(tmp_path):
    (tmp_path / "645.pdf").mkdir()
    with pytest.raises(TypesetError):
        write_atomic(tmp_path / "645.pdf", b"x")


def test_killed_writer_leaves_the_old_file(tmp_path):
    """A process killed in the middle of writing leaves the old file whole."""
    target = tmp_path / "645.pdf"
    target.write_bytes(b"old and good")
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from typeset.output import write_atomic\n"
        "real = os.fsync\n"
        "def slow(fd):\n"
        "    print('writing', flush=True); time.sleep(60)\n"
        "os.fsync = slow\n"
        f"write_atomic(Path({str(target)!r}), b'new' * 1_000_000)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        assert target.read_bytes() == b"old and good"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert target.read_bytes() == b"old and good"


# ---------------------------------------------------------------- failed builds

@pytest.fixture
def previous(editor):
    """A good build of 645 (PDF, and DOCX when its writer exists) and its bytes."""
    editor.write(BASE)
    formats = "pdf,docx" if _docx_ready() else "pdf"
    run = editor.run("build", ISSUE, "--format", formats, "-o", str(editor.out))
    assert run.code == 0, run.text
    files = sorted(editor.out.iterdir())
    return formats, {p: p.read_bytes() for p in files}


def _docx_ready() -> bool:
    try:
        from typeset.writers.docx import render  # noqa: F401
    except ImportError:
        return False
    return True


def _unchanged(editor, previous) -> None:
    formats, before = previous
    assert {p: p.read_bytes() for p in sorted(editor.out.iterdir())} == before
    assert temporaries(editor.out) == []


def test_bad_yaml_leaves_the_previous_build(editor, previous):
    editor.write(BASE.replace("title:", "titel:"))
    run = editor.run("build", ISSUE, "--format", previous[0], "-o", str(editor.out))
    assert run.code == 1
    _unchanged(editor, previous)


def test_failure_while_rendering_leaves_the_previous_build(editor, previous, monkeypatch):
    def fails(*args, **kwargs):
        raise TypesetError("排版时拒绝读取项目以外的文件或网络地址：file:///etc/passwd")

    monkeypatch.setattr(typeset.writers.pdf, "render", fails)
    editor.write(BASE.replace("会上", "会后"))
    run = editor.run("build", ISSUE, "--format", previous[0], "-o", str(editor.out))
    assert run.code == 1
    _unchanged(editor, previous)


def test_second_format_failing_writes_neither(editor, previous, monkeypatch):
    """Everything is rendered before anything is written: a DOCX failure keeps the old PDF too."""
    import types

    module = types.ModuleType("typeset.writers.docx")

    def fails(*args, **kwargs):
        raise RuntimeError("the DOCX writer broke")

    module.render = fails
    monkeypatch.setitem(sys.modules, "typeset.writers.docx", module)
    editor.write(BASE.replace("会上", "会后"))
    run = editor.run("build", ISSUE, "--format", "pdf,docx", "-o", str(editor.out))
    assert run.code == 2 and "内部错误" in run.stderr
    _unchanged(editor, previous)


def test_crash_in_a_real_process_leaves_the_previous_build(editor, previous):
    editor.write(BASE.replace("会上", "会后"))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent)}
    probe = (
        "import typeset.writers.pdf as w\n"
        "def boom(*a, **k):\n    raise MemoryError\n"
        "w.render = boom\n"
        "from typeset.cli import main\n"
        f"main(['build', {ISSUE!r}, '--format', 'pdf', '-o', 'build'])\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=editor.root, env=env, capture_output=True, text=True)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    _unchanged(editor, previous)


# ---------------------------------------------------------------- concurrent builds

def _build_process(root: Path, target: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "typeset", "build", target, "--format", "pdf", "-o", "build"],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_issues_at_the_same_time(editor):
    editor.write(BASE)
    editor.write(ISSUE_646, "issues/2024/646.yaml")
    procs = [_build_process(editor.root, "645"), _build_process(editor.root, "646")]
    results = [(p.wait(timeout=180), p.stderr.read()) for p in procs]
    assert [code for code, _ in results] == [0, 0], results
    for name in ("645.pdf", "646.pdf"):
        assert complete_pdf((editor.out / name).read_bytes())
    assert temporaries(editor.out) == []


def test_same_issue_twice_at_once_never_shows_a_half_file(editor):
    editor.write(BASE)
    target = editor.out / "645.pdf"
    seen: list[bool] = []  # for each read of the file: was it a whole PDF?
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            with contextlib.suppress(FileNotFoundError):
                seen.append(complete_pdf(target.read_bytes()))
            time.sleep(0.002)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        for _ in range(2):
            procs = [_build_process(editor.root, "645") for _ in range(3)]
            codes = [p.wait(timeout=180) for p in procs]
            assert codes == [0, 0, 0], [p.stderr.read() for p in procs]
    finally:
        stop.set()
        watcher.join()
    assert seen, "the watcher never saw the file"
    assert all(seen), f"{seen.count(False)} of {len(seen)} reads found a half-written file"
    assert complete_pdf(target.read_bytes())
    assert temporaries(editor.out) == []


# ---------------------------------------------------------------- the pair of one build, with real faults

CHANGED = BASE.replace("会上", "会后")


@pytest.fixture
def pair(editor):
    """A good build of 645 as PDF and DOCX, and the bytes of both."""
    editor.write(BASE)
    run = editor.run("build", ISSUE, "-o", str(editor.out))
    assert run.code == 0, run.text
    return {p.name: p.read_bytes() for p in sorted(editor.out.iterdir())}


def _as_before(folder: Path, before: dict[str, bytes]) -> None:
    assert {p.name: p.read_bytes() for p in sorted(folder.iterdir())} == before


@contextlib.contextmanager
def _tmpfs(where: Path, size: str):
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def test_disk_full_between_the_pdf_and_the_docx_replaces_neither(editor, tmp_path):
    """A real full disk (a small tmpfs, filled until the new PDF fits but the DOCX does not)."""
    with _tmpfs(tmp_path / "disk", "4m") as disk:
        out = disk / "build"
        editor.write(BASE)
        assert editor.run("build", ISSUE, "-o", str(out)).code == 0
        before = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
        st = os.statvfs(disk)
        free = st.f_bavail * st.f_frsize
        pdf = -(-len(before["645.pdf"]) // 4096) * 4096 + 8192  # the new PDF, with room to spare
        assert len(before["645.docx"]) > 4096
        (disk / "filler").write_bytes(b"\0" * (free - pdf))
        editor.write(CHANGED)
        run = editor.run("build", ISSUE, "-o", str(out))
        assert run.code == 1 and "磁盘是否已满" in run.stderr and "Traceback" not in run.text, run.text
        _as_before(out, before)  # the old pair, nothing half-written, no temporary left
        (disk / "filler").unlink()
        assert editor.run("build", ISSUE, "-o", str(out)).code == 0
        after = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
        assert after.keys() == before.keys() and after["645.docx"] != before["645.docx"]


def _probe(editor, hook: str) -> subprocess.Popen:
    """`typeset build 645` in a real process, with `hook` run first (it slows the write at a chosen
    moment and says so on stdout)."""
    script = hook + (
        "from typeset.cli import main\n"
        f"main(['build', {ISSUE!r}, '-o', 'build'])\n"
    )
    return subprocess.Popen([sys.executable, "-c", script], cwd=editor.root, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _kill_when(proc: subprocess.Popen, said: str) -> None:
    try:
        line = proc.stdout.readline().strip()
        assert line == said, (line, proc.stderr.read() if proc.poll() is not None else "")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()


SLOW_DOCX = (
    "import os, time\n"
    "real = os.fsync\n"
    "def fsync(fd):\n"
    "    if '.docx.' in os.readlink(f'/proc/self/fd/{fd}'):\n"
    "        print('writing docx', flush=True); time.sleep(60)\n"
    "    real(fd)\n"
    "os.fsync = fsync\n"
)


def test_killed_while_writing_the_docx_leaves_the_old_pair(editor, pair):
    editor.write(CHANGED)
    _kill_when(_probe(editor, SLOW_DOCX), "writing docx")
    assert temporaries(editor.out), "the killed build should have left its temporaries"
    names = {p.name for p in editor.out.iterdir() if not p.name.startswith(".")}
    assert {n: (editor.out / n).read_bytes() for n in names} == pair
    # the next build cleans up after it
    run = editor.run("build", ISSUE, "-o", str(editor.out))
    assert run.code == 0, run.text
    assert temporaries(editor.out) == [] and sorted(p.name for p in editor.out.iterdir()) == sorted(pair)


SLOW_SECOND_RENAME = (
    "import os, time\n"
    "real = os.replace\n"
    "def replace(src, dst):\n"
    "    real(src, dst)\n"
    "    if str(dst).endswith('645.pdf'):\n"
    "        print('between the renames', flush=True); time.sleep(60)\n"
    "os.replace = replace\n"
)


def test_killed_between_the_two_renames_is_completed_by_the_next_build(editor, pair):
    editor.write(CHANGED)
    _kill_when(_probe(editor, SLOW_SECOND_RENAME), "between the renames")
    pending = [p for p in temporaries(editor.out) if ".docx." in p.name]
    assert len(pending) == 1
    new_docx, new_pdf = pending[0].read_bytes(), (editor.out / "645.pdf").read_bytes()
    assert new_pdf != pair["645.pdf"]
    # any build into the folder (here another issue) first completes the pair of the killed one
    editor.write(ISSUE_646, "issues/2024/646.yaml")
    run = editor.run("build", "issues/2024/646.yaml", "--format", "pdf", "-o", str(editor.out))
    assert run.code == 0, run.text
    assert (editor.out / "645.docx").read_bytes() == new_docx and (editor.out / "645.pdf").read_bytes() == new_pdf
    assert temporaries(editor.out) == [] and not list(editor.out.glob(".*commit"))


def _marker(folder: Path) -> tuple[str, str]:
    """Which build wrote each file of the pair: the source printed in it (甲 or 乙)."""
    import re
    import zipfile

    pdf = subprocess.run(["pdftotext", str(folder / "645.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    with zipfile.ZipFile(folder / "645.docx") as z:
        docx = re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode("utf-8"))
    return ("甲" if "甲单位" in pdf else "乙" if "乙单位" in pdf else "?",
            "甲" if "甲单位" in docx else "乙" if "乙单位" in docx else "?")


PAUSE_AFTER_THE_PDF = (
    "import os, sys, time\n"
    "real = os.replace\n"
    "def replace(src, dst):\n"
    "    real(src, dst)\n"
    "    if str(dst).endswith('645.pdf'):\n"
    "        time.sleep(float(os.environ['PAUSE']))\n"
    "os.replace = replace\n"
    "from typeset.cli import main\n"
    "main(['build', sys.argv[1], '-o', 'build'])\n"
)


def test_two_builds_of_one_issue_at_once_never_leave_a_mixed_pair(editor):
    """Two different sources of 总第 645 期 built into one folder at the same time, the first pausing
    a second between its two renames, the second not: the pair still comes whole from one of them."""
    editor.write(BASE.replace("source: 省地方志办", "source: 甲单位"))
    editor.write(BASE.replace("source: 省地方志办", "source: 乙单位"), "elsewhere/645.yaml")
    for _ in range(2):
        procs = [subprocess.Popen([sys.executable, "-c", PAUSE_AFTER_THE_PDF, target], cwd=editor.root,
                                  env={**os.environ, "PAUSE": pause}, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
                 for target, pause in ((ISSUE, "1.5"), ("elsewhere/645.yaml", "0"))]
        results = [(p.wait(timeout=180), p.stderr.read()) for p in procs]
        assert [code for code, _ in results] == [0, 0], results
        pdf, docx = _marker(editor.out)
        assert pdf == docx != "?"
        assert temporaries(editor.out) == []
