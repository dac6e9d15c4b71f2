"""The systemd unit names a command line that `typeset serve` accepts, and keeps the service confined."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess

import pytest

from .conftest import ROOT, typeset

UNIT = ROOT / "deploy" / "typeset.service"


def _settings() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in UNIT.read_text("utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            out.setdefault(key.strip(), []).append(value.strip())
    return out


def test_the_unit_runs_typeset_serve_with_options_it_knows(tmp_path):
    s = _settings()
    assert s["Restart"] == ["on-failure"] and s["WantedBy"] == ["multi-user.target"]
    assert s["NoNewPrivileges"] == ["yes"] and s["ProtectSystem"] == ["strict"]
    assert s["ReadWritePaths"] == s["WorkingDirectory"]  # writes only into the series' project
    commented = [line.lstrip("# ").partition("=")[2] for line in UNIT.read_text("utf-8").splitlines()
                 if line.startswith("# ExecStart=")]
    help_text = typeset(tmp_path, "serve", "--help").stdout
    for command in s["ExecStart"] + commented:
        words = shlex.split(command)
        assert words[0].endswith("/typeset") and words[1] == "serve"
        for option in (w for w in words[2:] if w.startswith("--")):
            assert re.search(rf"{option}\b", help_text), option


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_reads_the_unit(tmp_path):
    copy = tmp_path / "typeset.service"
    copy.write_text(UNIT.read_text("utf-8"), "utf-8")
    done = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60)
    # here /opt/typeset is not installed: that is the only complaint allowed
    complaints = [x for x in done.stderr.splitlines() if x.strip() and "/opt/typeset/.venv/bin/typeset" not in x]
    assert not complaints, done.stderr
