"""Article title lines: each author's line on one line, centred; a line wider than the
measure condensed as a Word editor would (字符间距 紧缩), up to the layout's limit.

    title_line(line, layout, origin, warnings) → units of the line, condensed if need be
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import Problem, TypesetError
from ..layout import Layout
from ..model import Origin
from .lines import EPS, ORPHAN_STEP, Placed
from .text import natural, title_settings, width


def title_line(line: str, layout: Layout, origin: Origin | None,
               warnings: list[Problem]) -> tuple[Placed, ...]:
    """The line at natural width; wider than the measure, condensed by the least multiple of
    0.05 pt (Word's unit) up to `article_title.fit_condense` that fits, with a warning;
    beyond that refused."""
    t = layout.article_title
    s = title_settings(layout)
    measure = layout.text_width
    units = natural(line, s)
    w = width(units)
    if w <= measure + EPS:
        return units
    steps = round(t.fit_condense / ORPHAN_STEP + 1e-9)
    for step in range(1, steps + 1):
        c = step * ORPHAN_STEP
        tight = natural(line, replace(s, condense=c))
        if width(tight) <= measure + EPS:
            warnings.append(Problem(
                f"标题行“{line}”比一行宽（约 {w / t.size:.1f} 字宽），已像 Word 里那样把这一行每字紧缩 "
                f"{c:.2f} 磅排进一行；不想紧缩的话，请在 title 中把它分成两行（写成列表）",
                origin, "title", warning=True))
            return tight
    plain = int((measure + EPS) // t.size)
    most = int((measure + EPS) // (t.size - t.fit_condense))
    raise TypesetError(Problem(
        f"标题行“{line}”过长（约 {w / t.size:.1f} 字宽，二号字一行最多 {plain} 字，"
        f"每字紧缩 {t.fit_condense:g} 磅也只能排 {most} 字），"
        "请在 title 中把它分成几行（写成列表）",
        origin, "title"))
