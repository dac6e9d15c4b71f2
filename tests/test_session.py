"""The Session keeps a value only while what it was made from is the same: a layout edited
(even within one clock tick, the time set back), a font dropped in, a font file replaced —
each is read again; reset(paths) drops what depends on those paths and nothing else."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from typeset.fonts import STAND_IN, faces_and_problems
from typeset.reader.layout_file import load_layout
from typeset.session import Session

ROOT = Path(__file__).resolve().parent.parent


def _layouts(tmp_path: Path) -> Path:
    root = tmp_path / "layouts"
    shutil.copytree(ROOT / "layouts" / "briefing", root / "briefing")
    return root


def test_a_layout_edited_is_read_again_even_with_its_time_set_back(tmp_path) -> None:
    root = _layouts(tmp_path)
    path = root / "briefing" / "layout.yaml"
    session = Session()
    first = load_layout("briefing", root, session)
    assert load_layout("briefing", root, session) is first  # kept
    st = path.stat()
    path.write_text(path.read_text("utf-8").replace("lines: 22 ", "lines: 12 ", 1), "utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same time
    assert (first.lines, load_layout("briefing", root, session).lines) == (22, 12)


def test_reset_drops_what_depends_on_the_changed_paths_only(tmp_path) -> None:
    root = _layouts(tmp_path)
    session = Session()
    made: list[str] = []
    for name in ("a", "b"):
        session.kept(name, 1, lambda name=name: made.append(name), [root / name])
    session.reset([root / "a" / "x.yaml"])  # a file inside a's folder
    for name in ("a", "b"):
        session.kept(name, 1, lambda name=name: made.append(name), [root / name])
    assert made == ["a", "b", "a"]
    session.reset()
    session.kept("b", 1, lambda: made.append("b"), [root / "b"])
    assert made == ["a", "b", "a", "b"]


def test_a_font_dropped_in_or_replaced_changes_the_faces(tmp_path) -> None:
    from fontTools.ttLib import TTFont

    layout = load_layout("briefing")
    project = tmp_path / "project"
    (project / "issues").mkdir(parents=True)
    (project / "fonts").mkdir()
    session = Session()
    before, _ = faces_and_problems(layout, project / "issues", session)
    assert not before["body"].official
    official = layout.fonts["body"].faces[0]
    font = TTFont(STAND_IN / "FandolKai-Regular.otf")
    font["name"].names = [rec for rec in font["name"].names if rec.platformID == 3]
    for rec in font["name"].names:
        if rec.nameID in (1, 4, 16):
            rec.string = official
    dropped = project / "fonts" / "body.otf"
    font.save(dropped)
    now, _ = faces_and_problems(layout, project / "issues", session)
    assert now["body"].official and now["body"].path == dropped
    dropped.write_bytes(b"not a font")  # replaced by a damaged file: passed over, said so
    after, problems = faces_and_problems(layout, project / "issues", session)
    assert not after["body"].official
    assert any(str(dropped) in p.message for p in problems)


def test_reset_tells_a_folder_from_a_name_that_begins_alike(tmp_path) -> None:
    """A changed path drops what depends on it, on a file or folder inside it, or on a folder
    holding it, as Path.is_relative_to tells either way; never a sibling whose name begins alike."""
    session = Session()
    places = {"a": tmp_path / "a", "ab": tmp_path / "ab", "file": tmp_path / "a" / "x.yaml",
              "link": tmp_path / "link", "other": tmp_path / "b" / "a"}
    (tmp_path / "a").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "ab")
    for changed, dropped in ((tmp_path / "a", {"a", "file"}), (tmp_path / "ab" / "n.yaml", {"ab", "link"}),
                             (tmp_path / "a" / "x.yaml", {"a", "file"}), (tmp_path / "b", {"other"}),
                             (tmp_path / "abc", set()), (tmp_path / "a" / "x", {"a"}), (tmp_path, set(places)),
                             (Path("/"), set(places))):
        made: list[str] = []
        for name, place in places.items():
            session.kept(name, 1, lambda name=name, made=made: made.append(name), [place])
        made.clear()
        session.reset([changed])
        for name, place in places.items():
            session.kept(name, 1, lambda name=name, made=made: made.append(name), [place])
        expected = {n for n, p in places.items() if p.resolve().is_relative_to(changed.resolve())
                    or changed.resolve().is_relative_to(p.resolve())}
        assert set(made) == dropped == expected, changed
