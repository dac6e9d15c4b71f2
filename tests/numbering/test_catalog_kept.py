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


def test_a_series_is_kept_while_series_yaml_reads_the_same(tmp_path, monkeypatch) -> None:
    """Its bytes, however quickly rewritten (same size, same time), the working folder that messages
    name it from; a series.yaml that does not read is read (and refused) every time."""
    import os

    import pytest

    from typeset.errors import TypesetError
    from typeset.reader import load_series

    issues = _issues(tmp_path)
    series = issues / "series.yaml"
    with using(Session(keeps_scans=True)):
        first = load_series(issues)
        assert load_series(issues) is first
        with using(Session()):
            assert load_series(issues) is not first and load_series(issues) == first
        st = series.stat()
        text = series.read_text("utf-8")
        same_size = text.replace("layout: briefing", "layout: briefinG", 1)
        assert same_size != text and len(same_size) == len(text)
        series.write_text(same_size, "utf-8")
        os.utime(series, ns=(st.st_atime_ns, st.st_mtime_ns))  # the same stamp, other bytes
        assert series.stat().st_mtime_ns == st.st_mtime_ns
        assert load_series(issues).layout == "briefinG"
        series.write_text(text, "utf-8")
        assert load_series(issues) == first
        monkeypatch.chdir(tmp_path)  # messages name the file from the working folder
        series.write_text(text.replace("title:", "title: [", 1), "utf-8")
        with pytest.raises(TypesetError) as one:
            load_series(issues)
        with pytest.raises(TypesetError) as two:
            load_series(issues)
        assert [str(p) for p in one.value.problems] == [str(p) for p in two.value.problems]
        assert one.value.problems[0].origin.file == "issues/series.yaml"
