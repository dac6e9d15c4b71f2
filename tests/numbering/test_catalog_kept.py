"""A session that keeps scans (the server's) reuses the last catalog while the issue files stay
the same, and scans again once one is added, edited or removed, or the session is reset; any
other session scans every time."""

from __future__ import annotations

import shutil
from pathlib import Path

from typeset.catalog import Catalog
from typeset.session import Session, using

ROOT = Path(__file__).resolve().parent.parent.parent


def _issues(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "issues", tmp_path / "issues")
    return tmp_path / "issues"


def test_a_scan_is_kept_until_an_issue_file_changes(tmp_path) -> None:
    issues = _issues(tmp_path)
    with using(Session(keeps_scans=True)) as session:
        first = Catalog.scan(issues)
        assert Catalog.scan(issues) is first
        path = first.paths[0]
        text = path.read_text("utf-8")
        path.write_text(text.replace("date: 2024-03-26", "date: 2024-03-27", 1) + "\n", "utf-8")
        edited = Catalog.scan(issues)
        assert edited is not first and edited.entries[0].date.day == 27
        copy = path.with_name("900.yaml")
        copy.write_text(text.replace("date: 2024-03-26", "date: 2024-03-31", 1), "utf-8")
        added = Catalog.scan(issues)
        assert len(added.paths) == len(first.paths) + 1
        assert Catalog.scan(issues) is added
        session.reset([copy])
        assert Catalog.scan(issues) is not added
        copy.unlink()
        assert len(Catalog.scan(issues).paths) == len(first.paths)


def test_other_sessions_scan_every_time(tmp_path) -> None:
    issues = _issues(tmp_path)
    with using(Session()):
        assert Catalog.scan(issues) is not Catalog.scan(issues)
