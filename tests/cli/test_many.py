"""`typeset build --year/--all` on two cores, as a person meets it: a worker killed under it,
Ctrl+C, the command itself killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import running

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table in /proc")


def _children(pid: int) -> list[int]:
    """Every live descendant of pid."""
    table: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                table[int(entry.name)] = int(fields[1])
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        kids = [p for p, pp in table.items() if pp == parent]
        found += kids
        todo += kids
    return found


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "typeset", "build", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def _workers(proc: subprocess.Popen, count: int) -> list[int]:
    deadline = time.monotonic() + 60
    while len(kids := [p for p in _children(proc.pid) if "spawn_main" in _cmdline(p)]) < count:
        assert time.monotonic() < deadline and proc.poll() is None, "no workers started"
        time.sleep(0.05)
    return kids


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:  # ended meanwhile
        return ""


def _gone(pids: list[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(running(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


def test_a_killed_worker_costs_no_issue(series) -> None:
    """A worker killed mid-build (the out-of-memory killer, say): its issues are built again,
    every issue of the year is built, and the command succeeds."""
    year = [m for m in series if m.date.year == 2025]
    proc = _start("--year", "2025", "--format", "pdf", "--jobs", "2", "-o", "out")
    os.kill(_workers(proc, 2)[0], signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert f"完成：成功 {len(year)} 期，失败 0 期" in out
    assert len([p for p in Path("out").iterdir() if p.suffix == ".pdf"]) == len(year)


def test_ctrl_c_stops_the_build_and_its_workers(series) -> None:
    proc = _start("--all", "--format", "pdf", "--jobs", "2", "-o", "out")
    workers = _workers(proc, 2)
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGINT)  # the console sends it to every process of the command
    try:
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130 and "已中断" in err
    assert "Traceback" not in err
    assert _gone(workers), "workers left running after Ctrl+C"


def test_a_killed_build_leaves_no_worker(series) -> None:
    proc = _start("--all", "--format", "pdf", "--jobs", "2", "-o", "out")
    workers = _workers(proc, 2)
    proc.kill()
    proc.communicate(timeout=30)
    assert _gone(workers), "workers outlived the killed command"
