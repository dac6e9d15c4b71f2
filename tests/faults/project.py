"""A small project on disk (series.yaml and issues 645, 646, 647 of 2024) and the real
`typeset` command run on it in a process of its own, as an editor or a scheduled job runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..editor_project import BASE, ROOT

# 645, 646, 647: weekly, stating their numbers (as typeset new writes them)
WEEKS = (("2024-03-26", 40, 645), ("2024-04-02", 41, 646), ("2024-04-09", 42, 647))


def issue(date: str, number: int, total: int) -> str:
    return (BASE.replace("2024-03-26", date).replace("number: 40", f"number: {number}")
            .replace("total: 645", f"total: {total}"))


def make(root: Path, weeks: tuple[tuple[str, int, int], ...] = WEEKS) -> Path:
    """root/issues/series.yaml and one file a week in issues/2024/; returns root."""
    (root / "issues" / "2024").mkdir(parents=True)
    shutil.copy(ROOT / "issues" / "series.yaml", root / "issues" / "series.yaml")
    for date, number, total in weeks:
        (root / "issues" / "2024" / f"{total}.yaml").write_text(issue(date, number, total), "utf-8")
    return root


def env(**extra: str) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k != "TYPESET_DEBUG"}
    return {**out, **extra}


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "typeset", *args]


def typeset(cwd: Path, *args: str, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    """The CLI run to its end in `cwd`; stdout and stderr as text."""
    kw.setdefault("env", env())
    return subprocess.run(command(*args), cwd=cwd, capture_output=True, text=True, timeout=timeout, **kw)


def leftovers(folder: Path) -> list[str]:
    """Anything in an output folder that is no finished output: temporaries, commit records (the
    stamps of the issues already built, .typeset-stamps/, are kept on purpose; what is inside it
    is checked like the rest)."""
    from typeset.stamps import FOLDER

    if not folder.exists():
        return []
    kept = {FOLDER}
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.name not in kept and (p.name.startswith(".") or p.name.endswith((".tmp", ".typeset-commit"))))


def outputs(folder: Path) -> list[str]:
    """The names in an output folder, but for the stamps' folder every build keeps there."""
    from typeset.stamps import FOLDER

    return sorted(p.name for p in folder.iterdir() if p.name != FOLDER)
