"""One issue for the volume: its own build (the same PDF `typeset build` writes, stamped as
`build --all` stamps it), and where each of its sections and articles starts (stamps.outline)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..catalog import Catalog
from ..errors import Problem, TypesetError
from ..processes.pools import internal_problem
from ..stamps import Built, Heading, Part

__all__ = ["Built", "Heading", "Job", "Part", "build_one"]


@dataclass(frozen=True)
class Job:
    path: str
    root: str
    out_dir: str
    stem: str
    strict: bool
    key: str  # its stamp's key (stamps.py)


def build_one(job: Job, catalog: Catalog | None = None) -> Built | list[Problem]:
    """Build one issue's PDF into out_dir and stamp it; its outline, or the problems that
    stopped it (returned, not raised: located problems survive the trip back from a worker)."""
    from ..build import Project, build
    from ..processes.many import kept_catalog

    path = Path(job.path)
    try:
        result = build(path, Project(Path(job.root)), ("pdf",), Path(job.out_dir), stem=job.stem,
                       strict=job.strict, catalog=catalog or kept_catalog(), stamp=job.key)
    except TypesetError as err:
        return list(err.problems)
    except Exception as err:  # noqa: BLE001 - a bug in one issue is reported with the others
        return [internal_problem(err, path)]
    if result.built is None:
        raise AssertionError("a build returns its outline")
    return result.built
