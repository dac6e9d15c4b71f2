"""Writing a YAML source file (an issue file, series.yaml) as commands and the workbench do.

    save_source(path, expected, data) → None    the one way to replace a source file
    misplaced(path, text) → problems           what makes `text` plainly wrong for `path`

Several writers may edit one issue file at once (two `typeset add`, an add and a save in the
workbench, `calibrate --write`). Each reads the file, works, then calls save_source with the
bytes it read: the file is replaced whole only if it still holds them (output.
replace_if_unchanged, under the folder's lock), else the writer is refused with a message and
nothing is written — no write is ever lost by another one landing over it. Before anything is
written, text that would make the series unreadable is refused: an issue written over
series.yaml, series settings written into an issue file, an issue whose numbers or date are
plainly another issue's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import Problem, TypesetError
from .model import Origin
from .output import replace_if_unchanged

SERIES_FILE = "series.yaml"  # as reader.SERIES_FILE (not imported: this module stays light)
_ISSUE_KEYS = {"date", "sections"}
_SERIES_KEYS = {"title", "office", "anchor"}


def _data(text: str) -> Any:
    import yaml  # type: ignore[import-untyped]

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None  # not this check's business: the writer's own reading says what is wrong


def _stated(data: Any) -> tuple[Any, Any]:
    return (data.get("date"), data.get("total")) if isinstance(data, dict) else (None, None)


def misplaced(path: Path, text: str, before: str | None = None, name: str | None = None) -> list[Problem]:
    """Why `text` must not be written to `path` (whose content was `before`, given only by a
    writer that replaces a file whole: then another issue's date and total are refused too —
    an editor who edits a copied file may well change both)."""
    name = name or str(path)
    where = Origin(name)
    data = _data(text)
    if not isinstance(data, dict):
        return []
    keys = set(data)
    if path.name == SERIES_FILE:
        if keys & _ISSUE_KEYS:
            return [Problem(f"要写入的是一期简报的内容（有 {'、'.join(sorted(keys & _ISSUE_KEYS))}），而 {name} "
                            "是整个系列的设置：写进去后各期都无法排版。没有写入：一期的文件应放在 issues/年份/ 下，"
                            "如 issues/2024/645.yaml", where)]
        return []
    if keys & _SERIES_KEYS and not keys & _ISSUE_KEYS:
        return [Problem(f"要写入的是系列的设置（{'、'.join(sorted(keys & _SERIES_KEYS))}，series.yaml 的内容），"
                        f"而 {name} 是一期的文件。没有写入：系列的设置写在 issues/{SERIES_FILE}", where)]
    date, total = _stated(data)
    if path.stem.isdigit() and isinstance(total, int) and not isinstance(total, bool) and total != int(path.stem):
        return [Problem(f"文件名是 {path.name}（总第 {path.stem} 期），要写入的内容却是总第 {total} 期："
                        f"像是写错了文件。没有写入：请写入总第 {total} 期自己的文件，或先改正文件名", where)]
    old_date, old_total = _stated(_data(before)) if before is not None else (None, None)
    if None not in (old_date, old_total, date, total) and old_date != date and old_total != total:
        return [Problem(f"{name} 原来是 {old_date} 出刊的总第 {old_total} 期，要写入的却是 {date} 出刊的"
                        f"总第 {total} 期：像是另一期的内容。没有写入：请写入那一期自己的文件", where)]
    return []


def save_source(path: Path, expected: bytes | None, data: bytes, name: str | None = None,
                whole: bool = False) -> None:
    """Replace the source file `path` with `data` if it still holds `expected` (the bytes the
    writer read; None: it must not exist yet) and `data` belongs there; else TypesetError
    (output.Changed when it changed meanwhile), nothing written. `whole`: the writer replaces
    the file with text of its own (import), not an edit of it (add, calibrate, a save)."""
    text = data.decode("utf-8-sig", errors="replace")
    before = expected.decode("utf-8-sig", errors="replace") if expected is not None and whole else None
    problems = misplaced(path, text, before, name)
    if problems:
        raise TypesetError(problems)
    replace_if_unchanged(path, expected, data, name)
