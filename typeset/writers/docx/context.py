"""What every part of the DOCX writer reads: the composed issue, its layout and plan.

    context_of(composed, layout) → Context

Frozen: the parts of the writer build elements from it and share nothing else.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ...compose import ComposedIssue, Kind, Plan, Settings, TextLine, read_plan, settings_for
from ...errors import InternalError
from ...layout import Layout
from ...model import Issue
from .ooxml import hex_color
from .styles import Faces


@dataclass(frozen=True)
class Context:
    composed: ComposedIssue
    layout: Layout
    plan: Plan
    faces: Faces
    colors: dict[str, str]  # layout colour key → RRGGBB
    condense: dict[Kind, float]  # pt taken from each character, per kind (the styles' value)
    sizes: dict[Kind, float]  # font size per kind, pt

    @property
    def issue(self) -> Issue:
        return self.composed.issue

    @property
    def pitch(self) -> float:
        return self.layout.line_pitch

    @property
    def measure(self) -> float:
        return self.layout.text_width

    def settings_at(self, size: float) -> Settings:
        return settings_for(self.layout, size, self.issue.composition)


def context_of(composed: ComposedIssue, layout: Layout) -> Context:
    """The writer's context; `layout` must carry the issue's overrides (build.py applies them)."""
    if not layout.applies(composed.issue.layout_overrides):
        raise InternalError("docx: the layout lacks the issue's overrides (Layout.with_overrides)")
    fonts = layout.fonts
    m = layout.masthead
    body = layout.body.size
    sizes = {
        Kind.BODY: body, Kind.SOURCE: body,
        Kind.SECTION: layout.section.size, Kind.TITLE: layout.article_title.size,
        Kind.COLOPHON: layout.colophon.size, Kind.FOLIO: layout.page_number.size,
        Kind.MARK: m.mark.size, Kind.MASTHEAD_TITLE: m.title.size,
        Kind.NUMBER: m.number.size, Kind.OFFICE: m.office.size,
        Kind.DATE: m.office.size, Kind.CAPTION: layout.figure.caption.size,
    }
    return Context(
        composed=composed,
        layout=layout,
        plan=read_plan(composed),
        faces=Faces({role: spec.faces[0] for role, spec in fonts.items()}, fonts["latin"].faces[0]),
        colors={k: hex_color(v) for k, v in layout.colors.items()},
        condense=_condense_by_kind(composed),
        sizes=sizes,
    )


def _condense_by_kind(composed: ComposedIssue) -> dict[Kind, float]:
    """pt taken from each character, per kind of composed line (the composer's choice;
    the most common one, where a paragraph was condensed more)."""
    seen: dict[Kind, Counter[float]] = {}
    for page in composed.pages:
        for item in (*page.items, *([page.folio] if page.folio else [])):
            if isinstance(item, TextLine):
                c = item.condense
                if c is not None:
                    seen.setdefault(item.kind, Counter())[c] += 1
    return {kind: counts.most_common(1)[0][0] for kind, counts in seen.items()}
