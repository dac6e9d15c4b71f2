"""Faces by role: which file draws each role, what it covers, how it sits on the baseline.

A face named in the layout (`faces:`) wins when it is in the project's
fonts/ folder or installed on the system; otherwise the open stand-in from
fonts/stand-in/ (provided by set-up) draws the role.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import windows  # the faces Windows has, seen from WSL (typeset/windows.py)
from .errors import Problem, TypesetError
from .font_names import face_names
from .layout import Layout
from .model import Origin
from .session import Session, cache_folder, current, listing, stamp

FONTS = Path(__file__).resolve().parent.parent / "fonts"
STAND_IN = FONTS / "stand-in"
FONT_SUFFIXES = {".otf", ".ttf", ".ttc", ".otc"}


@dataclass(frozen=True)
class Face:
    role: str
    name: str  # the official name the DOCX uses (faces[0])
    path: Path  # the file that draws it here
    family: str  # the family name in that file
    official: bool  # a face of `faces:` was found, not the stand-in
    ascent: float  # em
    descent: float  # em, positive
    chars: frozenset[int]  # code points the face can draw



def _unreadable(path: Path, fallback: str) -> Problem:
    return Problem(f"字体文件 {path} 无法读取（已损坏、不完整或是空文件）：{fallback}。"
                   "请重新复制这个字体文件，或把它移出 fonts/ 文件夹", Origin(str(path)), warning=True)


def font_folders(series_folder: str | Path | None = None) -> tuple[Path, ...]:
    """Where an office drops licensed fonts: the `fonts/` folder of the series' project
    (beside `issues/`), then typeset's own `fonts/`."""
    folders = [Path(series_folder).resolve().parent / "fonts"] if series_folder else []
    return tuple(dict.fromkeys([*folders, FONTS]))


def scan(folders: tuple[Path, ...]) -> tuple[dict[str, Path], list[Problem]]:
    """Family name → file, for fonts an office dropped into `folders` (not the stand-ins;
    the first folder wins). A file that cannot be read is passed over with a warning."""
    found: dict[str, Path] = {}
    problems: list[Problem] = []
    for path in (p for folder in folders if folder.is_dir() for p in sorted(folder.iterdir())):
        if path.suffix.lower() in FONT_SUFFIXES and path.is_file():
            try:
                names = face_names(path)
            except Exception:  # noqa: BLE001 - fontTools raises many kinds on a damaged file
                problems.append(_unreadable(path, "已跳过，用替代字体或系统中的字体排版"))
                continue
            for name in names:
                found.setdefault(name, path)
    return found, problems


def system_fonts() -> dict[str, Path]:
    """Family name → file, for fonts installed on the system (fontconfig)."""
    try:
        out = subprocess.run(["fc-list", "--format", "%{family}\t%{file}\n"], check=True,
                             capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, Path] = {}
    for row in out.splitlines():
        families, _, file = row.partition("\t")
        for family in families.split(","):
            found.setdefault(family.strip(), Path(file))
    return found


def _cache_entry(path: Path) -> Path:
    """The metrics cache of one font file: a small file of its own, named by the file's path,
    so a build reads the entries of the faces it uses and no others (a single table of every
    face ever measured grew with each project and copy of the fonts, to a fifth of a second
    of JSON in every build)."""
    digest = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:24]
    return cache_folder() / "faces" / f"{digest}.json"


def _cached(hit: Any, key: str) -> tuple[str, float, float, frozenset[int]] | None:
    """A cache entry, if it has the shape _metrics writes and is for this very file (`key`:
    path, time and size)."""
    try:
        if hit["key"] != key:
            return None
        family, ascent, descent, chars = hit["family"], hit["ascent"], hit["descent"], hit["chars"]
        if not (isinstance(family, str) and all(isinstance(v, int | float) for v in (ascent, descent))
                and isinstance(chars, list) and all(type(c) is int for c in chars)):
            return None
        return family, float(ascent), float(descent), frozenset(chars)
    except (TypeError, KeyError):
        return None


def measure(path: Path) -> tuple[str, float, float, frozenset[int]]:
    """(family, ascent, descent, covered code points), cached on disk by file, time and size.
    A cache entry that cannot be read, has the wrong shape or is for an older file is
    measured and written anew."""
    stat = path.stat()
    key = f"{path.resolve()}|{stat.st_mtime_ns}|{stat.st_size}"
    entry = _cache_entry(path)
    try:
        hit = _cached(json.loads(entry.read_text("utf-8")), key)
    except (OSError, ValueError):
        hit = None
    if hit:
        return hit
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=0, lazy=True)
    upm = font["head"].unitsPerEm
    hhea = font["hhea"]
    family = font["name"].getBestFamilyName() or path.stem
    chars = sorted(font.getBestCmap() or {})
    if not upm or not chars:
        raise ValueError("no units per em or no character map")
    result = (family, hhea.ascent / upm, -hhea.descent / upm, frozenset(chars))
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"key": key, "family": family, "ascent": result[1], "descent": result[2],
                                   "chars": chars}), "utf-8")
        tmp.replace(entry)
    except OSError:
        pass
    return result


Metrics = Callable[[Path], tuple[str, float, float, frozenset[int]]]


def resolve(role: str, faces: tuple[str, ...], stand_in: str, project: dict[str, Path],
            system: dict[str, Path], metrics: Metrics, problems: list[Problem]) -> Face:
    """The face that draws `role`: an official face if present, else the stand-in."""
    for name in faces:
        path = project.get(name) or windows.face(name) or system.get(name)
        if path:
            try:
                family, ascent, descent, chars = metrics(path)
            except Exception:  # noqa: BLE001 - a damaged file: the next face, else the stand-in
                problems.append(_unreadable(path, f"“{name}”改用替代字体排版"))
                continue
            return Face(role, faces[0], path, family, True, ascent, descent, chars)
    path = STAND_IN / stand_in
    if not path.is_file():
        found = [p for p in system.values() if p.name == stand_in]
        if not found:
            raise TypesetError(
                f"找不到“{faces[0]}”字体，也找不到替代字体 {stand_in}。"
                "请先运行安装命令（make setup），或把字体文件放进 fonts/ 文件夹"
            )
        path = found[0]
    try:
        family, ascent, descent, chars = metrics(path)
    except Exception:  # noqa: BLE001
        raise TypesetError(f"替代字体文件 {path} 无法读取（已损坏或不完整）：请重新运行安装命令"
                           "（bash scripts/setup.sh），它会重新装好替代字体") from None
    return Face(role, faces[0], path, family, False, ascent, descent, chars)


def lookup(spec: dict[str, Any], folders: tuple[Path, ...], system: dict[str, Path],
           metrics: Metrics) -> tuple[dict[str, Face], tuple[Problem, ...]]:
    """Every role of a layout's `fonts:` → its face, and warnings about font files passed over
    (each file named once). The session keeps the result (faces_and_problems)."""
    project, problems = scan(folders)
    table = {role: resolve(role, tuple(s["faces"]), s["stand_in"], project, system, metrics, problems)
             for role, s in spec.items()}
    unique = {p.origin: p for p in reversed(problems)}
    return table, tuple(p for p in problems if unique.get(p.origin) is p)


def faces(layout: Layout, series_folder: str | Path | None = None, session: Session | None = None
          ) -> dict[str, Face]:
    """Every role of the layout → its face (fonts of the series' project first, see
    font_folders), kept by the session (faces_and_problems)."""
    return faces_and_problems(layout, series_folder, session)[0]


def faces_and_problems(layout: Layout, series_folder: str | Path | None = None, session: Session | None = None
                       ) -> tuple[dict[str, Face], tuple[Problem, ...]]:
    """The faces, and warnings about font files that could not be read and were passed over;
    kept by the session while the layout's fonts, the font folders' listing and the stand-ins
    are the same (system fonts: read once per session; each file's metrics: by its stamp)."""
    session = session or current()
    folders = font_folders(series_folder)
    spec = layout["fonts"]
    key = (repr(sorted((r, tuple(s["faces"]), s["stand_in"]) for r, s in spec.items())), listing(folders),
           listing([STAND_IN]))

    def metrics(path: Path) -> tuple[str, float, float, frozenset[int]]:
        return session.kept(("metrics", str(path)), stamp(path), lambda: measure(path), [path])

    def make() -> tuple[dict[str, Face], tuple[Problem, ...]]:
        return lookup(spec, folders, session.kept("system fonts", None, system_fonts), metrics)

    return session.kept(("faces", layout.name, folders), key, make, folders)


def coverage(composed, table: dict[str, Face]) -> list[Problem]:
    """Characters that the face of their role cannot draw, with where they stand."""
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for page in composed.pages:
        for item in page.items:
            units = getattr(item, "units", ())
            for unit in units:
                face = table["latin" if unit.latin else item.font]
                for ch in unit.text:
                    if ch.isspace() or ord(ch) in face.chars or (face.role, ch) in seen:
                        continue
                    seen.add((face.role, ch))
                    problems.append(Problem(
                        f"字符“{ch}”（U+{ord(ch):04X}）在字体“{face.family}”中没有字形，"
                        "印出来会是方框；请换用常用字或安装含此字的字体",
                        item.origin or _find(ch, composed), warning=True))
    return problems


def _find(ch: str, composed) -> Origin | None:
    """Where a character first stands in the issue's file, else the series file (for lines
    that carry no origin of their own: masthead, colophon)."""
    for owner in (composed.issue, composed.series):
        origin = owner.origin
        if origin is None:
            continue
        try:
            text = Path(origin.file).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            column = line.find(ch)
            if column >= 0 and not line.lstrip().startswith("#"):
                return Origin(origin.file, number, column + 1)
    return composed.issue.origin
