"""One issue kept built in a warm process: what the preview page shows.

A rebuild reads and composes the issue, lays out only the pages whose drawing
changed (PageCache), writes the PDF and rasterises only the changed pages
(pdftoppm). A failed rebuild keeps the last good pages and records the problems.
"""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..build import Prepared, Project, prepare
from ..errors import Problem, TypesetError
from ..model import Origin

DPI = 144  # page images: sharp on a desktop screen, 1190 × 1684 px for A4


@dataclass
class Good:
    """The last build that succeeded."""

    prepared: Prepared
    pdf: bytes
    pages: list[str]  # image name of each page, in order
    warnings: tuple[Problem, ...]
    seconds: float
    laid_out: int  # pages laid out anew in this build
    rasterised: int
    extra: dict[str, bytes] = field(default_factory=dict)  # docx / html built on request


@dataclass
class IssuePreview:
    project: Project
    path: Path
    target: str  # as in the address: 645, 2024-40 …
    version: int = 0
    good: Good | None = None
    problems: list[Problem] = field(default_factory=list)  # of the last build, if it failed
    images: dict[str, bytes] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    cache: Any = None

    def rebuild(self) -> None:
        """Build again (in a worker thread); bumps `version` whether it succeeded or not."""
        from ..writers.pdf import engine

        with self.lock:
            start = time.perf_counter()
            self.cache = self.cache or engine.PageCache()
            try:
                prepared = prepare(self.path, self.project)
                pdf = self.cache.render(prepared.composed, prepared.layout, prepared.allowed)
                names = [hashlib.sha1(k.encode("utf-8")).hexdigest()[:20] for k in self.cache.keys]
                fresh = [i for i, n in enumerate(names) if n not in self.images]
                self.images.update(rasterise(pdf, fresh, names))
                self.images = {n: self.images[n] for n in names}
                self.good = Good(prepared, pdf, names, prepared.warnings, time.perf_counter() - start,
                                 self.cache.laid_out, len(fresh))
                self.problems = []
            except TypesetError as err:
                self.problems = list(err.problems)
            except OSError as err:
                self.problems = [Problem(f"无法读取文件 {err.filename or ''}：{err.strerror or err}",
                                         Origin(str(self.path)))]
            except Exception as err:  # noqa: BLE001 - the preview must survive any bad input
                self.problems = [Problem(f"内部错误（{type(err).__name__}）：{err}；请把 YAML 文件发给维护人员",
                                         Origin(str(self.path)))]
            self.version += 1

    def output(self, fmt: str) -> bytes | None:
        """The last good build as pdf, docx or html (docx and html made on first request)."""
        good = self.good
        if good is None:
            return None
        if fmt == "pdf":
            return good.pdf
        with self.lock:
            if fmt not in good.extra:
                p = good.prepared
                if fmt == "docx":
                    from ..writers.docx import render

                    good.extra[fmt] = render(p.composed, p.layout)
                else:
                    good.extra[fmt] = self.web().html.encode("utf-8")
            return good.extra[fmt]

    def web(self) -> Any:
        from ..writers.html import render

        p = self.good.prepared
        return render(p.composed, p.layout, folder=f"{p.stem}_files")


def rasterise(pdf: bytes, wanted: list[int], names: list[str]) -> dict[str, bytes]:
    """PNG images of the wanted pages (0-based) of a PDF, by pdftoppm, one run per stretch."""
    if not wanted:
        return {}
    out: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="typeset-preview-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        runs: list[list[int]] = []
        for i in wanted:
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        procs = []
        for run in runs:
            prefix = Path(tmp) / f"p{run[0]}"
            cmd = ["pdftoppm", "-png", "-r", str(DPI), "-f", str(run[0] + 1), "-l", str(run[-1] + 1),
                   str(src), str(prefix)]
            procs.append((run, prefix, subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                                        stderr=subprocess.PIPE)))
        for run, prefix, proc in procs:
            _, err = proc.communicate()
            if proc.returncode != 0:
                raise TypesetError(f"无法生成页面图像（pdftoppm）：{err.decode('utf-8', 'replace').strip()}")
            for i in run:
                image = next(Path(tmp).glob(f"{prefix.name}-*{i + 1}.png"))
                out[names[i]] = image.read_bytes()
                image.unlink()
    return out
