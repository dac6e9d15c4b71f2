"""Build stamps: an issue is rebuilt only when something it is made from changed.

An issue's key is a SHA-256 over the content of its YAML file, the numbers the series
gives it, series.yaml, every file of the layout folder, the font files (path, size,
time), and typeset's own code; the stamp beside the output (out_dir/.typeset-book/
<stem>.json) keeps that key, the SHA-256 of the PDF written, the files the issue drew
besides its YAML (pictures, with their SHA-256) and the issue's outline. An issue is
up to date when its key, its PDF and its pictures all still match.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..build import write_atomic
from .issues import Built

FOLDER = ".typeset-book"
CODE = Path(__file__).resolve().parent.parent


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def _files(folder: Path, patterns: Iterable[str]) -> list[Path]:
    return sorted(p for pattern in patterns for p in folder.rglob(pattern) if p.is_file())


def common_key(series_file: Path, layout_folder: Path, font_files: Iterable[Path]) -> str:
    """What every issue of the series is made from besides its own file."""
    h = hashlib.sha256()
    h.update(series_file.read_bytes())
    for path in [*_files(layout_folder, ["*"]), *_files(CODE, ["*.py", "*.json"])]:
        h.update(str(path.relative_to(path.parent.parent)).encode() + b"\0" + path.read_bytes())
    for font in sorted(set(font_files)):
        st = font.stat()
        h.update(f"{font.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode())
    return h.hexdigest()


def issue_key(common: str, path: Path, numbers: Any, stem: str) -> str:
    h = hashlib.sha256(common.encode())
    h.update(path.read_bytes())
    h.update(repr((str(path.resolve()), numbers, stem)).encode())
    return h.hexdigest()


def _stamp_path(out_dir: Path, stem: str) -> Path:
    return out_dir / FOLDER / f"{stem}.json"


def up_to_date(out_dir: Path, stem: str, key: str) -> Built | None:
    """The stamped outline if the issue's PDF is current, else None."""
    try:
        stamp = json.loads(_stamp_path(out_dir, stem).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if stamp.get("key") != key or file_digest(out_dir / f"{stem}.pdf") != stamp.get("pdf"):
        return None
    for picture, sha in stamp.get("pictures", {}).items():
        if file_digest(Path(picture)) != sha:
            return None
    try:
        return Built.from_json(stamp["built"])
    except (KeyError, TypeError, ValueError):
        return None


def record(out_dir: Path, stem: str, key: str, built: Built) -> None:
    stamp = {"key": key, "pdf": file_digest(out_dir / f"{stem}.pdf"),
             "pictures": {p: file_digest(Path(p)) for p in built.pictures}, "built": built.to_json()}
    write_atomic(_stamp_path(out_dir, stem), json.dumps(stamp, ensure_ascii=False).encode("utf-8"))


def forget(out_dir: Path, stem: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(_stamp_path(out_dir, stem))
