"""One issue for the volume: its own build (the same PDF `typeset build` writes), and
where each of its sections and articles starts, read from the composer's pages."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..catalog import Catalog
from ..compose import ComposedIssue, Kind
from ..errors import Problem, TypesetError
from ..model import Figure
from ..pools import internal_problem


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


@dataclass(frozen=True)
class Job:
    path: str
    root: str
    out_dir: str
    stem: str
    strict: bool


def outline(composed: ComposedIssue) -> tuple[Part, ...]:
    """Sections and articles with the page each starts on: the page of a section's marker
    and of an article's first title line, each found by the model element it refers to."""
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


def build_one(job: Job, catalog: Catalog | None = None) -> Built | list[Problem]:
    """Build one issue's PDF into out_dir; its outline, or the problems that stopped it
    (returned, not raised: located problems survive the trip back from a worker)."""
    from ..build import Project, build
    from ..many import kept_catalog
    from ..writers.pdf import render

    seen: list[ComposedIssue] = []

    def draw(composed: ComposedIssue, layout: Any, allowed: list[Path]) -> bytes:
        seen.append(composed)  # the same composition the PDF is drawn from
        return render(composed, layout, allowed)

    path = Path(job.path)
    try:
        result = build(path, Project(Path(job.root)), ("pdf",), Path(job.out_dir), stem=job.stem,
                       strict=job.strict, catalog=catalog or kept_catalog(), pdf=draw)
    except TypesetError as err:
        return list(err.problems)
    except Exception as err:  # noqa: BLE001 - a bug in one issue is reported with the others
        return [internal_problem(err, path)]
    composed = seen[0]
    return Built(result.pages, outline(composed), pictures(composed),
                 tuple(str(w) for w in result.warnings))
