"""Data found valid is remembered by hash: read again, it is known valid without jsonschema."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from pathlib import Path
from typeset.reader import load_issue, load_series
from typeset.errors import TypesetError
path = Path(sys.argv[1])
try:
    load_issue(path, load_series(path.parents[1]))
    print("valid", "jsonschema" in sys.modules)
except TypesetError as err:
    print("invalid", "jsonschema" in sys.modules, len(err.problems))
"""


def _read(path: Path, cache: Path) -> list[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    return subprocess.run([sys.executable, "-c", PROBE, str(path)], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=True).stdout.split()


def test_valid_data_is_remembered_invalid_never(tmp_path):
    import shutil

    (tmp_path / "issues" / "2024").mkdir(parents=True)
    shutil.copy(ROOT / "issues" / "series.yaml", tmp_path / "issues" / "series.yaml")
    issue = tmp_path / "issues" / "2024" / "645.yaml"
    shutil.copy(ROOT / "issues" / "2024" / "645.yaml", issue)
    cache = tmp_path / "cache"
    assert _read(issue, cache) == ["valid", "True"]  # validated
    assert _read(issue, cache) == ["valid", "False"]  # remembered
    text = issue.read_text("utf-8")
    issue.write_text(text.replace("sections:", "titel: x\nsections:"), "utf-8")
    assert _read(issue, cache)[:2] == ["invalid", "True"]
    assert _read(issue, cache)[:2] == ["invalid", "True"]  # an error is found every time
    issue.write_text(text.replace("source: 阿坝州地方志办公室", "source: 阿坝州地方志办"), "utf-8")
    assert _read(issue, cache) == ["valid", "True"]  # changed data: validated again
    (cache / "typeset" / "valid.json").write_text("{broken", "utf-8")
    assert _read(issue, cache) == ["valid", "True"]  # a damaged cache only means validating
