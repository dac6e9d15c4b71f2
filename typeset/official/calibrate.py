"""typeset calibrate: the settings under which an issue composes into the official lines.

Nothing is rendered: the issue is composed and its lines are read as a built
PDF's are (compare.read_built groups words by baseline; here the composed
lines by theirs), then scored by compare.compare exactly as a PDF would be.

The search, from the issue's own settings:
  composition  each key in turn over its range (coordinate descent, a few
               rounds), for the most exact official lines: a value that does as
               well as any stays; else, of the values that do best, the middle of
               their run (the widest margin). From the issue's settings, and again
               from the layout's (preferred where both do as well)
  layout       lines per page (the grid's pitch with it) for the most page starts
  paragraphs   optionally, a paragraph's own condensing where the official
               lines show the editor condensed it by hand (lines of 29 cells)
  period       the layout settings that differ between periods of the series (source
               placement, space about titles): with the composition for lines, with
               the grid for page starts
Each value's margin is the range over which no official line is lost (for a choice,
what the others lose: lines, or page starts).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import product
from pathlib import Path
from typing import Any

from ..compose import TextLine, compose
from ..errors import Problem, TypesetError
from ..layout import MM, Layout, merged, normalised
from ..model import Issue, Paragraph, Series
from ..reader.layout_file import load_layout
from .compare import Figures, Text, compare, read_official, squash

# composition keys searched: numeric (start, stop, step) or the choices
NUMERIC: dict[str, tuple[float, float, float]] = {
    "condense": (0.0, 1.0, 0.05),
    "autospace": (0.0, 6.0, 0.25),
    "fit_squeeze": (0.0, 2.0, 0.25),
    "quote_width": (0.3, 1.0, 0.05),
    "quote_width_chinese": (0.5, 1.0, 0.02),
}
CHOICES: dict[str, tuple[Any, ...]] = {
    "latin_widths": ("half", "times"),
    "quote_face": ("latin", "chinese"),
    "hang": (True, False),
    "push_in": (True, False),
    "latin_glue": (True, False),
    "compress_punctuation": (False, True),
    "avoid_orphan": (False, True),
}
# layout settings searched (period-specific, FORMAT/layout.yaml), dotted: section.key
PERIOD: dict[str, tuple[Any, ...]] = {
    "source.placement": ("same_line", "own_line"),
    "article_title.space_before_lines": (0, 0.5, 1),
    "article_title.space_after_lines": (0, 0.5),
}
PAGE_KEYS = ("article_title.space_before_lines", "article_title.space_after_lines")  # searched with the grid
LINES = range(18, 27)  # lines per page tried
ROUNDS = 3
PARAGRAPH_CONDENSE = (0.05, 2.0, 0.05)  # extra pt a paragraph may be condensed by hand


def composed_text(issue: Issue, series: Series, layout: Layout) -> Text:
    """The composed issue's lines and each page's first line, as a built PDF is read."""
    lines: list[str] = []
    starts: list[int] = []
    for page in compose(issue, series, layout.with_overrides(issue.layout_overrides)).pages:
        starts.append(len(lines))
        rows: dict[float, list[tuple[float, str]]] = {}
        for item in page.items:
            if isinstance(item, TextLine):
                rows.setdefault(round(item.baseline, 1), []).append((item.x, item.text))
        for baseline in sorted(rows):
            text = squash("".join(t for _x, t in sorted(rows[baseline])))
            if text:
                lines.append(text)
    return Text(lines, starts)


def _grid(start: float, stop: float, step: float) -> list[float]:
    return [round(start + i * step, 4) for i in range(round((stop - start) / step) + 1)]


@dataclass
class Trial:
    """One issue against its official text, composed under changed settings."""

    issue: Issue
    series: Series
    layout: Layout
    official: Text
    calls: int = 0  # compositions made
    own: dict[int, float] = field(default_factory=dict)  # paragraphs' own condensing, when not given
    error: TypesetError | None = None  # why the last settings that failed did not compose
    _seen: dict = field(default_factory=dict)

    def figures(self, composition: dict[str, Any], grid: dict[str, Any] | None = None,
                paragraphs: dict[int, float] | None = None, widen: float = 0.0) -> Figures | None:
        """compare's figures, or None where these settings do not compose the issue."""
        paragraphs = self.own if paragraphs is None else paragraphs
        key = (tuple(sorted(composition.items())), tuple(sorted((grid or {}).items())),
               tuple(sorted((paragraphs or {}).items())), widen)
        if key not in self._seen:
            self._seen[key] = self._figures(composition, grid or {}, paragraphs or {}, widen)
        return self._seen[key]

    def _figures(self, composition: dict[str, Any], grid: dict[str, Any], paragraphs: dict[int, float],
                 widen: float) -> Figures | None:
        self.calls += 1
        period = nested({k: v for k, v in composition.items() if k in PERIOD})
        composition = {k: v for k, v in composition.items() if k not in PERIOD}
        issue = replace(self.issue, composition={**self.issue.composition, **composition},
                        layout_overrides=merged(self.issue.layout_overrides, normalised({**period, **grid})))
        if paragraphs:
            issue = _condensed(issue, paragraphs, {**self.layout.composition, **issue.composition}["condense"])
        layout = self.layout
        if widen:
            spec = copy.deepcopy(layout.spec)
            spec["page"]["text_width_mm"] += widen / MM
            layout = Layout(layout.name, layout.folder, spec)
        try:
            return compare(composed_text(issue, self.series, layout), self.official)
        except TypesetError as err:
            self.error = err
            return None

    def exact(self, composition: dict[str, Any], **kw) -> int:
        f = self.figures(composition, **kw)
        return -1 if f is None else f.exact_lines


def nested(dotted: dict[str, Any]) -> dict[str, Any]:
    """{"source.placement": v} as {"source": {"placement": v}}."""
    out: dict[str, Any] = {}
    for key, value in dotted.items():
        section, name = key.split(".")
        out.setdefault(section, {})[name] = value
    return out


def period_of(layout: Layout) -> dict[str, Any]:
    """The layout's value of each period setting searched."""
    return {k: layout.spec[k.split(".")[0]][k.split(".")[1]] for k in PERIOD}


def body_paragraphs(issue: Issue) -> list[tuple[int, int, int, Paragraph]]:
    """(section, article, item, paragraph) of every body paragraph, numbered in order."""
    return [(s, a, k, p) for s, sec in enumerate(issue.sections) for a, art in enumerate(sec.articles)
            for k, p in enumerate(art.paragraphs) if isinstance(p, Paragraph) and not p.level]


def _condensed(issue: Issue, extra: dict[int, float], base: float) -> Issue:
    """The issue with paragraph n condensed by extra[n] pt beyond its own condensing."""
    sections = [list(s.articles) for s in issue.sections]
    for n, (s, a, k, p) in enumerate(body_paragraphs(issue)):
        if n in extra:
            own = p.composition.get("condense", base)
            items = list(sections[s][a].paragraphs)
            items[k] = replace(p, composition={**p.composition, "condense": round(own + extra[n], 4)})
            sections[s][a] = replace(sections[s][a], paragraphs=tuple(items))
    return replace(issue, sections=tuple(replace(sec, articles=tuple(arts))
                                         for sec, arts in zip(issue.sections, sections, strict=True)))


@dataclass
class Result:
    before: Figures
    after: Figures
    composition: dict[str, Any]  # every key searched, its value (period layout settings dotted)
    grid: dict[str, Any]  # lines, line_pitch
    margins: dict[str, str]  # key → the range over which no line is lost, in words
    paragraphs: dict[int, float] = field(default_factory=dict)  # paragraph → its own condense
    calls: int = 0


def _best_run(values: list[Any], scores: list[tuple]) -> Any:
    """Of the values reaching the best score, the middle of their longest run: the value
    furthest from losing a line."""
    top = max(scores)
    runs: list[list[int]] = []
    for i, s in enumerate(scores):
        if s == top:
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
    chosen = max(runs, key=len)
    return values[chosen[(len(chosen) - 1) // 2]]


def _score(f: Figures | None) -> tuple:
    return (-1, 0, 0) if f is None else (f.exact_lines, f.local_ok, f.page_starts_matched)


def _search_composition(trial: Trial, start: dict[str, Any], report: Callable[[str], None]) -> dict[str, Any]:
    current = dict(start)
    for n in range(ROUNDS):
        improved = False
        for key, choices in [*((k, _grid(*r)) for k, r in NUMERIC.items()), *CHOICES.items(), *PERIOD.items()]:
            now = _score(trial.figures(current))
            scores = [_score(trial.figures({**current, key: v})) for v in choices]
            if max(scores) > now:  # of the better values, the one furthest from losing a line
                current[key], improved = _best_run(list(choices), scores), True
        report(f"第 {n + 1} 轮：逐行一致 {trial.exact(current)} 行")
        if not improved:
            break
    return current


def _margin(trial: Trial, composition: dict[str, Any], key: str, grid: dict[str, Any],
            paragraphs: dict[int, float]) -> str:
    """The range of the value over which no official line is lost (or, for a choice, what
    the other choices lose)."""
    full = trial.exact(composition, grid=grid, paragraphs=paragraphs)

    def keeps(v: Any) -> bool:
        return trial.exact({**composition, key: v}, grid=grid, paragraphs=paragraphs) >= full

    value = composition[key]
    if key in CHOICES or key in PERIOD:
        others = [v for v in {**CHOICES, **PERIOD}[key] if v != value]
        return "；".join(_lost(trial, composition, {key: v}, grid, paragraphs) for v in others)
    lo_limit, hi_limit, step = NUMERIC[key]
    ends = []
    for limit in (lo_limit, hi_limit):
        good, bad, probe = value, None, value
        stride = 2 * step * (1 if limit > value else -1)
        while abs(limit - good) > 1e-9:
            probe = min(probe + stride, limit) if stride > 0 else max(probe + stride, limit)
            if not keeps(round(probe, 4)):
                bad = probe
                break
            good = probe
        while bad is not None and abs(bad - good) > step / 8:  # bisect to an eighth of a step
            mid = (good + bad) / 2
            good, bad = (mid, bad) if keeps(round(mid, 4)) else (good, mid)
        ends.append(round(good, 3))
    return f"{min(ends):g}–{max(ends):g} 内逐行不变"


def _lost(trial: Trial, composition: dict[str, Any], change: dict[str, Any], grid: dict[str, Any],
          paragraphs: dict[int, float]) -> str:
    """What a choice loses: official lines, else page starts."""
    (v,) = change.values()
    now, then = (trial.figures({**composition, **c}, grid=grid, paragraphs=paragraphs) for c in ({}, change))
    if now is None or then is None:
        return f"取 {shown(v)} 排不出来" if then is None else f"取 {shown(v)} 可排"
    if then.exact_lines != now.exact_lines or not set(change) & set(PAGE_KEYS):
        return f"取 {shown(v)} 少 {now.exact_lines - then.exact_lines} 行"
    return f"取 {shown(v)} 换页少 {now.page_starts_matched - then.page_starts_matched} 处"


def shown(v: Any) -> str:
    return {True: "true", False: "false"}.get(v, str(v)) if isinstance(v, bool) else str(v)


def _search_grid(trial: Trial, composition: dict[str, Any],
                 layout: Layout) -> tuple[dict[str, Any], dict[str, Any], str]:
    """Lines per page (the pitch with it) and the space about titles, together: they decide
    the page starts. Returns the grid, the composition with the spaces found, a note."""
    height = layout.text_height
    grids = [{"lines": layout.lines, "line_pitch": layout.line_pitch}]
    grids += [{"lines": n, "line_pitch": round(height / n - 0.025, 2)} for n in LINES if n != layout.lines]
    spaces = [{k: composition[k] for k in PAGE_KEYS}]  # the current spaces first: kept on a tie
    spaces += [dict(zip(PAGE_KEYS, v, strict=True)) for v in product(*(PERIOD[k] for k in PAGE_KEYS))
               if dict(zip(PAGE_KEYS, v, strict=True)) != spaces[0]]
    tried = [(g, {**composition, **sp}) for sp in spaces for g in grids]
    scored = [(_score_pages(trial.figures(c, grid=g)), -k, g, c) for k, (g, c) in enumerate(tried)]
    best = max(scored, key=lambda s: (s[0], s[1]))
    others = sorted({g["lines"] for s, _k, g, c in scored if s == best[0] and g["lines"] != best[2]["lines"]
                     and c == best[3]})
    note = "每页行数随各期调整" + (f"；{'、'.join(map(str, others))} 行也一样" if others else "")
    return best[2], best[3], note


def _score_pages(f: Figures | None) -> tuple:
    if f is None:
        return (-1, 0)
    return (f.page_starts_matched, f.exact_lines, -abs(f.pdf_pages - f.reference_pages - f.blank_pages))


def _search_paragraphs(trial: Trial, composition: dict[str, Any], grid: dict[str, Any]) -> dict[int, float]:
    """Paragraphs an editor condensed by hand: a paragraph's own extra condensing, where it
    brings back official lines (the least that brings back the most). Only paragraphs with
    an official line composed otherwise are tried."""
    figures = trial.figures(composition, grid=grid)
    if figures is None:
        return {}
    missed = [squash(official) for official, _built in figures.mismatches if official]
    chosen: dict[int, float] = {}
    best = figures.exact_lines
    for n, (_s, _a, _k, p) in enumerate(body_paragraphs(trial.issue)):
        text = squash(p.text)
        if not any(line in text for line in missed):
            continue
        for extra in _grid(*PARAGRAPH_CONDENSE):
            got = trial.exact(composition, grid=grid, paragraphs={**chosen, n: extra})
            if got > best:
                best, chosen[n] = got, extra
    return chosen


def calibrate(issue: Issue, series: Series, official: Path, paragraphs: bool = False,
              report: Callable[[str], None] = lambda _s: None) -> Result:
    layout = load_layout(series.layout).with_overrides(issue.layout_overrides)
    trial = Trial(issue, series, layout, read_official(official))
    if trial.official.content_only:
        raise TypesetError(f"{official} 只有内容、没有分行：校准需要 pdftotext 输出的 .txt 或正式版 PDF")
    start = {**layout.composition, **issue.composition, **period_of(layout)}
    before = trial.figures({})
    if before is None:
        raise TypesetError([*(trial.error.problems if trial.error else []),
                            Problem("这一期按现有设置排不出来，无法校准：请先改正上面的错误"
                                    "（typeset build 同样会报告），再校准")])
    keys = (*NUMERIC, *CHOICES, *PERIOD)
    composition = _search_composition(trial, {k: start[k] for k in keys}, report)
    # the period settings found stay: they belong to the issue's time, not to the series
    defaults = {**{k: layout.composition[k] for k in (*NUMERIC, *CHOICES)}, **{k: composition[k] for k in PERIOD}}
    if defaults != {k: start[k] for k in keys}:
        # a second start from the series' composition values (fitted on several issues):
        # where both do as well, those hold for other issues too
        report("从版式默认值再找一次")
        other = _search_composition(trial, defaults, report)
        if _score(trial.figures(other)) >= _score(trial.figures(composition)):
            composition = other
    grid, composition, grid_note = _search_grid(trial, composition, layout)
    own = _search_paragraphs(trial, composition, grid) if paragraphs else {}
    if own:  # the other settings again, with those paragraphs condensed
        trial.own = own
        composition = _search_composition(trial, composition, report)
        grid, composition, grid_note = _search_grid(trial, composition, layout)
    margins = {k: _margin(trial, composition, k, grid, own) for k in keys}
    margins["lines"] = grid_note
    after = trial.figures(composition, grid=grid, paragraphs=own)
    assert after is not None  # the search keeps only settings that compose
    return Result(before, after, composition, grid, margins,
                  {n: round(composition["condense"] + e, 4) for n, e in own.items()} if own else {},
                  trial.calls)
