"""SIGTERM (a scheduled job cancelled, systemd, CI) and SIGHUP (the terminal closed) stop a build
as Ctrl+C does: temporaries removed, previous outputs intact, 已中断 and 128 + the signal's number.
`build --all` stopped says which issues it built and which not. A build killed outright (SIGKILL)
leaves temporaries, and the next build into the folder removes them."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from typeset.stamps import FOLDER as STAMPS

from ..cli.series import make_series
from .project import env, leftovers, make

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")

# The real command, with one hook: `at` (after the first temporary is written, or after the first
# rename of the commit) the command sends itself `sig` — a signal at a known moment.
PROBE = """
import os, signal, sys
from typeset import output
at, sig = sys.argv[1], getattr(signal, "SIG" + sys.argv[2])
if at == "temporary":
    write = output._write_temporary
    def hooked(path, data):
        tmp = write(path, data)
        os.kill(os.getpid(), sig)
        return tmp
    output._write_temporary = hooked
elif at == "commit":
    replace = os.replace
    def hooked(src, dst):
        replace(src, dst)
        if str(dst).endswith((".pdf", ".docx")):
            os.kill(os.getpid(), sig)
    output.os.replace = hooked
sys.argv = ["typeset", *sys.argv[3:]]
from typeset.cli import run
run()
"""


def _probe(cwd: Path, at: str, sig: str, *args: str, tmp: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROBE, at, sig, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, env=env(TMPDIR=str(tmp)))


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A project whose 645 has been built once (pdf and docx): root, scratch TMPDIR, digests."""
    root = make(tmp_path / "p")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    first = subprocess.run([sys.executable, "-m", "typeset", "build", "645"], cwd=root, capture_output=True,
                           text=True, timeout=300, env=env(TMPDIR=str(scratch)))
    assert first.returncode == 0, first.stderr
    # the next build makes different files: a changed paragraph
    path = root / "issues" / "2024" / "645.yaml"
    path.write_text(path.read_text("utf-8").replace("座谈交流。", "座谈交流，并参观了展览。"), "utf-8")
    return root, scratch, _digests(root / "build")


@pytest.mark.parametrize("sig", ["TERM", "HUP", "INT"])
def test_a_signal_while_writing_leaves_the_previous_outputs(built, sig: str) -> None:
    root, scratch, before = built
    run = _probe(root, "temporary", sig, "build", "645", tmp=scratch)
    code = 128 + getattr(signal, f"SIG{sig}")
    assert run.returncode == code, run.stderr
    said = "已中断" if sig == "INT" else f"已中断（收到 SIG{sig}）"
    assert run.stderr.strip().endswith(said + "（没有写出任何文件）"), run.stderr
    assert "Traceback" not in run.stderr and "已生成" not in run.stdout
    assert _digests(root / "build") == before
    assert leftovers(root / "build") == [] and list(scratch.iterdir()) == []


@pytest.mark.parametrize("sig", ["TERM", "HUP", "INT"])
def test_a_signal_while_committing_lets_the_commit_finish(built, sig: str) -> None:
    """Between the renames of the PDF and the DOCX: the pair is completed first (never a new PDF
    with an old DOCX), then the command stops."""
    root, scratch, before = built
    run = _probe(root, "commit", sig, "build", "645", tmp=scratch)
    assert run.returncode == 128 + getattr(signal, f"SIG{sig}"), run.stderr
    assert "已中断" in run.stderr and "Traceback" not in run.stderr
    after = _digests(root / "build")
    assert sorted(after) == ["645.docx", "645.pdf"]
    assert after["645.pdf"] != before["645.pdf"] and after["645.docx"] != before["645.docx"]
    assert leftovers(root / "build") == [] and list(scratch.iterdir()) == []


@pytest.mark.parametrize(("at", "next_build"), [("temporary", "ok"), ("commit", "ok"), ("temporary", "fails"),
                                               ("commit", "fails")])
def test_a_killed_build_leaves_what_the_next_build_clears(built, at: str, next_build: str) -> None:
    """Even a next build that fails (an error in the file) clears what the killed one left;
    a commit cut between its renames is completed (the pair never mixed)."""
    root, scratch, before = built
    killed = _probe(root, at, "KILL", "build", "645", tmp=scratch)
    assert killed.returncode == -signal.SIGKILL
    assert leftovers(root / "build"), "the probe should have left something"
    if at == "temporary":
        assert _digests(root / "build").items() >= before.items()
    if next_build == "fails":
        path = root / "issues" / "2024" / "645.yaml"
        path.write_text(path.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    again = subprocess.run([sys.executable, "-m", "typeset", "build", "645"], cwd=root, capture_output=True,
                           text=True, timeout=300, env=env(TMPDIR=str(scratch)))
    assert again.returncode == (0 if next_build == "ok" else 1), again.stderr
    assert leftovers(root / "build") == []
    after = _digests(root / "build")
    assert sorted(after) == ["645.docx", "645.pdf"]
    if at == "commit":  # rolled forward: both new, or (the PDF renamed first) never one of each
        assert (after["645.pdf"] == before["645.pdf"]) == (after["645.docx"] == before["645.docx"])


def _start(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "typeset", "build", *args], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, env=env())


def _wait_for(folder: Path, count: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 240
    while len([p for p in folder.glob("*.docx")] if folder.exists() else []) < count:
        assert proc.poll() is None and time.monotonic() < deadline, "the build ended before the signal"
        time.sleep(0.02)


@pytest.mark.parametrize(("sig", "jobs"), [("TERM", "2"), ("INT", "2"), ("TERM", "1"), ("HUP", "1")])
def test_build_all_stopped_says_what_it_built(tmp_path: Path, sig: str, jobs: str) -> None:
    root = tmp_path / "p"
    made = make_series(root)
    out = root / "out"
    proc = _start(root, "--all", "--format", "docx", "--jobs", jobs, "-o", "out")
    _wait_for(out, 3, proc)
    os.killpg(proc.pid, getattr(signal, f"SIG{sig}"))  # as a service manager or the console does
    try:
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 128 + getattr(signal, f"SIG{sig}"), stderr
    assert "Traceback" not in stderr
    said = [line.removeprefix("已生成 out/").split("（")[0] for line in stdout.splitlines()
            if line.startswith("已生成 ")]
    written = sorted(p.name for p in out.iterdir() if p.name != STAMPS)  # the stamps' folder is kept
    assert sorted(said) == written and len(written) >= 3  # every file said, every file said is there
    left = [line.removeprefix("未排版：") for line in stderr.splitlines() if line.startswith("未排版：")]
    assert len(written) + len(left) == len(made) and left
    assert {Path(x).stem for x in left}.isdisjoint({Path(x).stem for x in written})
    assert f"已排好 {len(written)} 期（文件见上），未排版 {len(left)} 期" in stderr
    assert leftovers(out) == []


@pytest.mark.parametrize("sig", ["TERM", "HUP"])
def test_book_stopped(tmp_path: Path, sig: str) -> None:
    root = tmp_path / "p"
    make_series(root)
    proc = subprocess.Popen([sys.executable, "-m", "typeset", "book", "2024", "--jobs", "2"], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env=env())
    deadline = time.monotonic() + 240
    while not list((root / "build").rglob("*.pdf")) if (root / "build").exists() else True:
        assert proc.poll() is None and time.monotonic() < deadline, "the volume ended before the signal"
        time.sleep(0.02)
    os.killpg(proc.pid, getattr(signal, f"SIG{sig}"))
    try:
        _, stderr = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 128 + getattr(signal, f"SIG{sig}"), stderr
    assert f"已中断（收到 SIG{sig}）" in stderr and "Traceback" not in stderr
    assert leftovers(root / "build") == []
    assert not (root / "build" / "2024-合订本.pdf").exists()


def test_a_signal_in_nested_stretches_takes_effect_at_the_outermost_end() -> None:
    """A build's commit (held) inside build --all's issue (held): the signal is kept, not lost, until both end."""
    script = """
import os, signal
from typeset.processes.interrupt import Interrupted, handle_as_interrupt, held
handle_as_interrupt()
steps = []
try:
    with held():
        with held():
            os.kill(os.getpid(), signal.SIGTERM)
        steps.append("inner ended")
    steps.append("outer ended")
except Interrupted as err:
    steps.append(f"interrupted {err.signum}")
print(" / ".join(steps))
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env())
    assert run.stdout.strip() == f"inner ended / interrupted {signal.SIGTERM.value}", run.stderr
