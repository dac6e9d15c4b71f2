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


def test_the_listing_is_what_rglob_finds(tmp_path) -> None:
    import os

    from typeset.catalog import yaml_files
    from typeset.session import stamp

    issues = _issues(tmp_path)
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "900.yaml").write_text("date: 2024-01-01\n", "utf-8")
    (issues / "linked").symlink_to(outside, target_is_directory=True)  # not followed, as rglob
    (issues / "2024" / "link.yaml").symlink_to(issues / "2024" / "645.yaml")
    (issues / "2024" / "broken.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (issues / "2024" / "folder.yaml" / "inner").mkdir(parents=True)
    (issues / "2024" / "folder.yaml" / "inner" / "901.yaml").write_text("date: 2024-01-02\n", "utf-8")
    (issues / "2024" / ".hidden.yaml").write_text("date: 2024-01-03\n", "utf-8")
    (issues / "2024" / "UPPER.YAML").write_text("date: 2024-01-04\n", "utf-8")
    (issues / "2024" / "notes.yaml.txt").write_text("x", "utf-8")
    os.mkfifo(issues / "2024" / "pipe.yaml")
    for folder in (issues, issues / "2024", tmp_path / "missing"):
        expected = tuple(sorted((str(p), stamp(p), p.is_symlink()) for p in folder.rglob("*.yaml")))
        assert yaml_files(folder) == expected
    assert len(yaml_files(issues)) == 8
    cwd = os.getcwd()
    try:
        os.chdir(issues)
        from pathlib import Path as P

        assert sorted(P(f) for f, _, _ in yaml_files(P("."))) == sorted(P(".").rglob("*.yaml"))
    finally:
        os.chdir(cwd)


def test_a_new_scan_reads_again_only_the_files_that_changed(tmp_path, monkeypatch) -> None:
    """Each file's head is kept by its stamp; a reset names a file rewritten within a clock tick."""
    import os

    from typeset import catalog as module

    issues = _issues(tmp_path)
    first = issues / "2024" / "645.yaml"
    text = first.read_text("utf-8")
    for n, date in enumerate(("2024-04-02", "2024-04-09", "2024-04-16")):
        (issues / "2024" / f"{646 + n}.yaml").write_text(
            text.replace("date: 2024-03-26\nnumber: 40\ntotal: 645", f"date: {date}"), "utf-8")
    read: list[str] = []
    real = module.read_head
    monkeypatch.setattr(module, "read_head", lambda path, *a: read.append(path.name) or real(path, *a))

    def same(a: Catalog, b: Catalog) -> bool:
        return (a.paths, a.entries, a.numbering.numbers, [str(p) for p in a.problems]) == (
            b.paths, b.entries, b.numbering.numbers, [str(p) for p in b.problems])

    with using(Session(keeps_scans=True)) as session:
        Catalog.scan(issues)
        assert sorted(read) == ["645.yaml", "646.yaml", "647.yaml", "648.yaml"]
        read.clear()
        other = issues / "2024" / "647.yaml"
        moved = other.read_text("utf-8").replace("date: 2024-04-09", "date: 2024-03-20")
        other.write_text(moved, "utf-8")
        kept = Catalog.scan(issues)
        assert read == ["647.yaml"]
        with using(Session()):
            assert same(kept, Catalog.scan(issues))
        read.clear()
        st = other.stat()
        other.write_text(moved.replace("2024-03-20", "2024-03-21"), "utf-8")  # the same size …
        os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))  # … and time: the stamp cannot tell
        session.reset([other])  # the server's watcher names it
        renumbered = Catalog.scan(issues)
        assert read == ["647.yaml"]
        with using(Session()):
            assert same(renumbered, Catalog.scan(issues))
        assert not same(renumbered, kept)
        read.clear()
        (issues / "2024" / "646.yaml").unlink()
        with using(Session()):
            assert same(Catalog.scan(issues), Catalog.scan(issues)) and read
        read.clear()
        assert len(Catalog.scan(issues).paths) == 3 and read == []


def test_a_file_is_found_in_the_catalog_by_where_it_leads(tmp_path, monkeypatch) -> None:
    issues = _issues(tmp_path)
    first = issues / "2024" / "645.yaml"
    (issues / "2024" / "0-link.yaml").symlink_to(first)  # the same file, listed first
    (issues / "2023").mkdir()
    (issues / "2023" / "x.yaml").write_text(first.read_text("utf-8").replace("2024-03-26", "2023-03-28"), "utf-8")
    catalog = Catalog.scan(issues)
    assert len(catalog.paths) == 3
    monkeypatch.chdir(issues / "2024")
    for path in [*catalog.paths, Path("645.yaml"), Path("../2023/x.yaml"), Path("missing.yaml"), issues]:
        naive = next((i for i, p in enumerate(catalog.paths) if p.resolve() == path.resolve()), None)
        assert catalog.index(path) == naive
    assert catalog.index(first) == catalog.index(issues / "2024" / "0-link.yaml") == 1
    linked = tmp_path / "linked"
    linked.symlink_to(issues, target_is_directory=True)
    through = Catalog.scan(linked)
    for path in [*catalog.paths, *through.paths, first, linked / "2024" / "645.yaml"]:
        naive = next((i for i, p in enumerate(through.paths) if p.resolve() == path.resolve()), None)
        assert through.index(path) == naive is not None
