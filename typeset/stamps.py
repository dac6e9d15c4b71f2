"""Build stamps: an issue is built again only when something it is made from changed.

Shared by `build --all/--year` (many.py), `book` and a build handed to the server. An issue's
key is a SHA-256 over what every issue of the series is made from (series.yaml, every file of
the layout folder, the font files' path, size and time, typeset's own code, the versions of
Python, WeasyPrint and python-docx: the Session keeps it while none of these changed) and the
issue's own: the content of its YAML file, the numbers the series gives it, its output name.
The stamp beside the outputs (out_dir/.typeset-stamps/<stem>.json) keeps that key, the
SHA-256 of every file written, the files the issue drew besides its YAML (pictures, with
their SHA-256), the issue's warnings and its outline (what the volume binds). An issue is
up to date for some formats when its key, the files of those formats and its pictures all
still match.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Problem
from .model import Figure, Origin
from .session import Session, content_key, current, font_identity, listing, tree

if TYPE_CHECKING:
    from .compose import ComposedIssue
    from .layout import Layout

FOLDER = ".typeset-stamps"
CODE = Path(__file__).resolve().parent


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


# ------------------------------------------------------------------ the outline


@dataclass(frozen=True)
class Heading:
    text: str
    page: int  # 0-based, within the issue


@dataclass(frozen=True)
class Part:
    """A section of an issue and its articles, each where it starts."""

    section: Heading
    articles: tuple[Heading, ...]


@dataclass(frozen=True)
class Built:
    """What the volume needs of one built issue (also what its stamp keeps)."""

    pages: int
    parts: tuple[Part, ...]
    pictures: tuple[str, ...]  # files the issue draws besides its own YAML
    warnings: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Built:
        parts = tuple(Part(Heading(**p["section"]), tuple(Heading(**a) for a in p["articles"]))
                      for p in data["parts"])
        return cls(int(data["pages"]), parts, tuple(data["pictures"]), tuple(data["warnings"]))


def outline(composed: ComposedIssue) -> tuple[Part, ...]:
    """Sections and articles with the page each starts on: the page of a section's marker
    and of an article's first title line, each found by the model element it refers to."""
    from .compose import Kind

    sections = composed.issue.sections
    parts: list[tuple[Heading, list[Heading]]] = []
    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(composed.pages):
        for item in page.items:
            ref = item.ref
            if item.kind == Kind.SECTION and (ref.section, -1) not in seen:
                seen.add((ref.section, -1))
                parts.append((Heading(sections[ref.section].name, number), []))
            elif item.kind == Kind.TITLE and (ref.section, ref.article) not in seen:
                seen.add((ref.section, ref.article))
                article = sections[ref.section].articles[ref.article]
                if not parts:
                    parts.append((Heading("", number), []))
                parts[-1][1].append(Heading("".join(line.strip() for line in article.title), number))
    return tuple(Part(section, tuple(articles)) for section, articles in parts)


def pictures(composed: ComposedIssue) -> tuple[str, ...]:
    return tuple(sorted({item.path for s in composed.issue.sections for a in s.articles
                         for item in a.paragraphs if isinstance(item, Figure)}))


def built(composed: ComposedIssue, warnings: Iterable[Problem]) -> Built:
    return Built(len(composed.pages), outline(composed), pictures(composed), tuple(str(w) for w in warnings))


# ------------------------------------------------------------------ keys


def _files(folder: Path, patterns: Iterable[str]) -> list[Path]:
    return sorted(p for pattern in patterns for p in folder.rglob(pattern) if p.is_file())


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = [sys.version]
    for name in ("weasyprint", "python-docx", "pydyf"):
        try:
            out.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            out.append(f"{name} -")
    return "\n".join(out)


def common_key(series_file: Path, layout_folder: Path, font_files: Iterable[Path]) -> str:
    """What every issue of the series is made from besides its own file."""
    h = hashlib.sha256(_versions().encode())
    h.update(series_file.read_bytes())
    for path in [*_files(layout_folder, ["*"]), *_files(CODE, ["*.py", "*.json", "*.j2", "*.css"])]:
        h.update(str(path.relative_to(path.parent.parent)).encode() + b"\0" + path.read_bytes())
    for font in sorted(set(font_files)):
        st = font.stat()
        h.update(f"{font.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode())
    return h.hexdigest()


def common_key_of(series_folder: Path, layout: Layout, session: Session | None = None) -> str:
    """common_key for a series and its layout, kept by the session while series.yaml, the layout
    folder, the font folders and typeset's code are the same."""
    from .fonts import FONT_SUFFIXES, STAND_IN, faces, font_folders
    from .reader import SERIES_FILE

    session = session or current()
    folders = [*font_folders(series_folder), STAND_IN]  # every face a layout may name
    files = sorted({f.path for f in faces(layout, series_folder, session).values()}
                   | {Path(row[0]) for row in listing(folders) if Path(row[0]).suffix.lower() in FONT_SUFFIXES})
    series_file = Path(series_folder) / SERIES_FILE
    key = (content_key(series_file), tree(layout.folder), font_identity(files), tree(CODE))
    return session.kept(("common key", str(series_file), layout.name), key,
                        lambda: common_key(series_file, layout.folder, files), [series_file, layout.folder, *files])


def issue_key(common: str, path: Path, numbers: Any, stem: str) -> str:
    h = hashlib.sha256(common.encode())
    h.update(path.read_bytes())
    h.update(repr((str(path.resolve()), numbers, stem)).encode())
    return h.hexdigest()


# ------------------------------------------------------------------ stamps


@dataclass(frozen=True)
class Stamp:
    """An issue's last build as its stamp records it."""

    outputs: tuple[Path, ...]
    warnings: tuple[Problem, ...]
    built: Built


def _stamp_path(out_dir: Path, stem: str) -> Path:
    return out_dir / FOLDER / f"{stem}.json"


def _problem_json(p: Problem) -> list[Any]:
    o = p.origin
    return [p.message, [o.file, o.line, o.column, o.path] if o else None, p.field, p.warning]


def _problem(data: list[Any]) -> Problem:
    message, origin, field, warning = data
    return Problem(str(message), Origin(*origin) if origin else None, str(field), bool(warning))


def up_to_date(out_dir: Path, stem: str, key: str, formats: Iterable[str] = ("pdf",)) -> Stamp | None:
    """The issue's stamp if its outputs of `formats` are current, else None."""
    try:
        stamp = json.loads(_stamp_path(out_dir, stem).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    try:
        if stamp.get("key") != key:
            return None
        outputs: dict[str, str] = stamp["outputs"]
        if any(f"{stem}.{fmt}" not in outputs for fmt in formats):
            return None
        for name, sha in outputs.items():
            if file_digest(out_dir / name) != sha:
                return None
        for picture, sha in stamp["pictures"].items():
            if file_digest(Path(picture)) != sha:
                return None
        return Stamp(tuple(out_dir / name for name in outputs), tuple(_problem(w) for w in stamp["warnings"]),
                     Built.from_json(stamp["built"]))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def stamp_file(out_dir: Path, stem: str, key: str, outputs: dict[Path, bytes], warnings: Iterable[Problem],
               issue: Built) -> tuple[Path, bytes]:
    """The stamp of outputs about to be written (each path inside out_dir, with its content):
    its path and content, committed with them (output.write_together), so that the outputs
    and their stamp are replaced together."""
    stamp = {"key": key, "outputs": {str(p.relative_to(out_dir)): digest(data) for p, data in outputs.items()},
             "pictures": {p: file_digest(Path(p)) for p in issue.pictures},
             "warnings": [_problem_json(w) for w in warnings], "built": issue.to_json()}
    return _stamp_path(out_dir, stem), json.dumps(stamp, ensure_ascii=False).encode("utf-8")


def forget(out_dir: Path, stem: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(_stamp_path(out_dir, stem))
