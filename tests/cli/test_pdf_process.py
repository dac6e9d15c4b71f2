"""A cold `typeset build` draws its PDF in a forked process while it composes and writes the DOCX:
the same files as a build in one process (as on Windows, where there is no fork); an error in the
forked process reaches the editor in Chinese with its place, a forked process that dies is said
so; either way every previous output stays as it was and nothing is left in the temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from ..editor_project import BASE, ISSUE

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here: builds run in one process")

PROBE = """
import os, sys
forks = []
if sys.argv[1] == "none":
    del os.fork  # as on Windows
elif sys.argv[1] == "refused":
    def refuse():
        forks.append(1)
        raise BlockingIOError(11, "Resource temporarily unavailable")
    os.fork = refuse
else:
    real = os.fork
    def counted():
        forks.append(1)
        return real()
    os.fork = counted
if sys.argv[2] != "-":  # the layout drawn: a copy of the series' one
    import typeset.build
    from pathlib import Path
    from typeset.layout import load_layout
    typeset.build.series_layout = lambda series: load_layout("briefing", Path(sys.argv[2]))
from typeset.cli import main
try:
    main(sys.argv[3:])
except SystemExit as err:
    code = err.code
sys.stdout.flush()
print("forks:", len(forks), file=sys.stderr)
sys.exit(code)
"""


def _typeset(cwd: Path, tmp: Path, *args: str, fork: bool | str = True, layouts: Path | None = None,
             wait: bool = True) -> subprocess.CompletedProcess | subprocess.Popen:
    """The CLI in a process of its own; fork=False: without os.fork; "refused": a fork that fails."""
    env = {**os.environ, "TMPDIR": str(tmp)}
    env.pop("TYPESET_DEBUG", None)
    mode = fork if isinstance(fork, str) else "counted" if fork else "none"
    cmd = [sys.executable, "-c", PROBE, mode, str(layouts or "-"), *args]
    if not wait:
        return subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)


def _parts(docx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(docx) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


def test_forked_and_single_process_builds_write_the_same_files(tmp_path, scratch) -> None:
    forked = _typeset(ROOT, scratch, "build", "645", "-o", str(tmp_path / "forked"))
    single = _typeset(ROOT, scratch, "build", "645", "-o", str(tmp_path / "single"), fork=False)
    assert forked.returncode == 0 and single.returncode == 0, forked.stderr + single.stderr
    assert "forks: 1" in forked.stderr and "forks: 0" in single.stderr
    assert forked.stdout == single.stdout.replace(str(tmp_path / "single"), str(tmp_path / "forked"))
    assert "Traceback" not in forked.stderr
    pdf = (tmp_path / "forked" / "645.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf == (tmp_path / "single" / "645.pdf").read_bytes()
    assert _parts(tmp_path / "forked" / "645.docx") == _parts(tmp_path / "single" / "645.docx")
    assert list(scratch.iterdir()) == []  # WeasyPrint's font copies and the job removed
    refused = _typeset(ROOT, scratch, "build", "645", "-o", str(tmp_path / "refused"), fork="refused")
    assert refused.returncode == 0 and "forks: 1" in refused.stderr, refused.stderr  # built in one process
    assert (tmp_path / "refused" / "645.pdf").read_bytes() == pdf and list(scratch.iterdir()) == []
    only_docx = _typeset(ROOT, scratch, "build", "645", "--format", "docx", "-o", str(tmp_path / "docx"))
    assert only_docx.returncode == 0 and "forks: 0" in only_docx.stderr  # no PDF: nothing to fork for


def _crafted(tmp_path: Path) -> Path:
    """The series' layout whose template draws a file from outside the project."""
    import shutil

    from typeset.layout import LAYOUTS

    root = tmp_path / "layouts"
    shutil.copytree(LAYOUTS / "briefing", root / "briefing")
    template = root / "briefing" / "page.html.j2"
    template.write_text(template.read_text("utf-8").replace(
        "<body>", '<body><img src="file:///etc/hostname">', 1), "utf-8")
    return root


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_an_error_in_the_forked_process_reaches_the_editor_and_keeps_the_old_files(editor, tmp_path,
                                                                                    scratch) -> None:
    editor.write(BASE)
    first = _typeset(editor.root, scratch, "build", ISSUE, "-o", "build")
    assert first.returncode == 0, first.stderr
    before = _outputs(editor.out)
    assert set(before) == {"645.pdf", "645.docx"}
    editor.write(BASE.replace("座谈交流", "座谈交流并签署协议"))
    for fork in (True, False):
        failed = _typeset(editor.root, scratch, "build", ISSUE, "-o", "build", fork=fork,
                          layouts=_crafted(tmp_path / str(fork)))
        assert failed.returncode == 1, failed.stderr
        assert f"forks: {int(fork)}" in failed.stderr
        assert "拒绝读取" in failed.stderr and "/etc/hostname" in failed.stderr, failed.stderr
        assert "Traceback" not in failed.stderr and "内部错误" not in failed.stderr
        assert _outputs(editor.out) == before
    assert list(scratch.iterdir()) == []


def _forked_child(pid: int) -> int | None:
    """The build's forked process (the same command line), not a tool it runs (fc-list)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        mine = Path(f"/proc/{pid}/cmdline").read_bytes()
        return next((int(c) for c in children if Path(f"/proc/{c}/cmdline").read_bytes() == mine), None)
    except (OSError, ValueError):
        return None


def _wait_for_child(proc: subprocess.Popen) -> int:
    """The forked process of a running build, within 20 s."""
    deadline = time.monotonic() + 20
    child = None
    while child is None and proc.poll() is None and time.monotonic() < deadline:
        child = _forked_child(proc.pid)
    assert child is not None, "no forked process seen"
    return child


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the forked process through /proc")
def test_a_forked_process_that_dies_is_said_so_and_the_old_files_kept(editor, scratch) -> None:
    editor.write(BASE)
    assert _typeset(editor.root, scratch, "build", ISSUE, "-o", "build").returncode == 0
    before = _outputs(editor.out)
    editor.write(BASE.replace("座谈交流", "座谈交流并签署协议"))
    proc = _typeset(editor.root, scratch, "build", ISSUE, "-o", "build", wait=False)
    child = _wait_for_child(proc)
    os.kill(child, 9)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, err
    assert "排版 PDF 的进程意外结束（被信号 9 终止）" in err and ISSUE in err, err
    assert "Traceback" not in err and "已生成" not in out
    assert _outputs(editor.out) == before
    assert list(scratch.iterdir()) == []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the forked process through /proc")
def test_a_build_killed_leaves_nothing_behind(editor, scratch) -> None:
    editor.write(BASE)
    proc = _typeset(editor.root, scratch, "build", ISSUE, "-o", "build", wait=False)
    child = _wait_for_child(proc)
    proc.kill()  # the build itself, as a closed terminal or the task manager would
    proc.communicate(timeout=60)
    deadline = time.monotonic() + 20
    while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:  # it ends by itself
        if Path(f"/proc/{child}/stat").read_text().split()[2] == "Z":
            break
        time.sleep(0.05)
    assert list(scratch.iterdir()) == []
    assert not editor.out.exists() or list(editor.out.iterdir()) == []


def test_an_error_before_the_pdf_ends_the_forked_process_at_once(editor, scratch) -> None:
    editor.write(BASE.replace("title: 川渝", "titel: 川渝"))
    start = time.perf_counter()
    failed = _typeset(editor.root, scratch, "build", ISSUE, "-o", "build")
    assert failed.returncode == 1 and "forks: 1" in failed.stderr
    assert "titel" in failed.stderr and "Traceback" not in failed.stderr
    assert time.perf_counter() - start < 30
    assert not editor.out.exists() or list(editor.out.iterdir()) == []
    assert list(scratch.iterdir()) == []


SLOW_COMMIT = """
import os, sys, time
real = os.fsync
def fsync(fd):
    if ".docx." in os.readlink(f"/proc/self/fd/{fd}"):
        print("committing", flush=True)
        time.sleep(60)
    real(fd)
os.fsync = fsync
from typeset.cli import main
main(["build", sys.argv[1], "-o", "build"])
"""


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="finds the file being written through /proc")
def test_a_build_killed_while_committing_leaves_no_scratch(editor, scratch) -> None:
    editor.write(BASE)
    proc = subprocess.Popen([sys.executable, "-c", SLOW_COMMIT, ISSUE], cwd=editor.root, text=True,
                            env={**os.environ, "TMPDIR": str(scratch)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout.readline().strip() == "committing"
        proc.kill()
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert list(scratch.iterdir()) == []  # the PDF process's folder went as soon as the PDF came back
