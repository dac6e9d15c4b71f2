"""Build: the stages chained, and outputs written safely.

    build(issue_path, project, formats, out_dir) → written paths
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, TypesetError
from .reader import SERIES_FILE, load_issue, load_series

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def issues(self) -> Path:
        return self.root / "issues"

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project whose issues/series.yaml is at or above `start`, else the installed one."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "issues" / SERIES_FILE).is_file():
                return cls(folder)
        if (PACKAGE_ROOT / "issues" / SERIES_FILE).is_file():
            return cls(PACKAGE_ROOT)
        raise TypesetError("找不到 issues/series.yaml：请在项目文件夹中运行")

    def issue_files(self) -> list[Path]:
        return sorted(p for p in self.issues.rglob("*.yaml") if p.name != SERIES_FILE)


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Result:
    outputs: tuple[Path, ...]
    warnings: tuple[Problem, ...]
    pages: int


def build(issue_path: Path, project: Project, formats: tuple[str, ...], out_dir: Path,
          stem: str | None = None, strict: bool = False) -> Result:
    """YAML file → PDF/DOCX in out_dir. Everything is rendered before anything is written."""
    from .compose import compose
    from .fonts import coverage, faces
    from .layout import load_layout
    from .numbering import number

    series = load_series(project.issues)
    issue = number(load_issue(issue_path, series))
    layout = load_layout(series.layout)
    composed = compose(issue, series, layout)
    warnings = coverage(composed, faces(layout.with_overrides(issue.layout_overrides)))
    if strict and warnings:
        raise TypesetError([Problem(w.message, w.origin, w.field) for w in warnings])
    stem = stem or (str(issue.numbers.total) if issue.numbers and issue.numbers.total
                    else issue_path.stem)
    rendered: dict[Path, bytes] = {}
    if "pdf" in formats:
        from .writers.pdf import render

        allowed = [layout.folder, Path(series.folder)]
        rendered[out_dir / f"{stem}.pdf"] = render(composed, layout, allowed)
    if "docx" in formats:
        from .writers.docx import render as render_docx

        rendered[out_dir / f"{stem}.docx"] = render_docx(composed, layout)
    for path, data in rendered.items():
        write_atomic(path, data)
    return Result(tuple(rendered), tuple(warnings), len(composed.pages))
