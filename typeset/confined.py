"""Reading a file that must stay inside a folder (the series folder): for any stage.

    read_confined(path, folder) → bytes

The reader checks every picture when it builds the model; a writer that embeds
a file itself (the DOCX) reads it through here, never through the reader.
"""

from __future__ import annotations

from pathlib import Path

from .errors import Problem, TypesetError

MAX_BYTES = 30_000_000  # a photo for a briefing is a few MB


def read_confined(path: str | Path, folder: str | Path) -> bytes:
    """The bytes of a checked file below `folder`.

    Resolves the path again at the moment of reading, so a file swapped for a symbolic
    link after the reader checked it still cannot bring in a file from outside the folder."""
    real = Path(path).resolve()
    root = Path(folder).resolve()
    if not real.is_relative_to(root) or not real.is_file():
        raise TypesetError(Problem(f"拒绝读取系列文件夹以外的图片：{path}；请把图片文件放进系列文件夹（{root}）"))
    size = real.stat().st_size
    if size > MAX_BYTES:
        raise TypesetError(Problem(f"图片过大：{path}"))
    return real.read_bytes()
