"""Fit the composition settings on official issues, at text level (no rendering).

    .venv/bin/python scripts/fit_composition.py                       # the layout's own settings
    .venv/bin/python scripts/fit_composition.py --set autospace=3.5 --show
    .venv/bin/python scripts/fit_composition.py --grid condense=0.40:0.50:0.01 \\
        --grid autospace=3.6:4.2:0.05 --grid fit_squeeze=0:1.2:0.05

Each fixture in tests/fixtures/ whose official text is in tests/fixtures/official/
(same name, .txt) is composed with the settings given, and its lines are
compared with the official ones by typeset.compare, exactly as for a built
PDF. Where every official line is reproduced, the margin is how far (pt) the
measure may grow or shrink before some line breaks elsewhere: the larger,
the less the settings depend on these particular texts. A grid prints
the points that reproduce the most lines, widest margin first.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from typeset import compare as comparison  # noqa: E402
from typeset.build import Project  # noqa: E402
from typeset.compose import compose  # noqa: E402
from typeset.compose.boxes import TextLine  # noqa: E402
from typeset.errors import TypesetError  # noqa: E402
from typeset.layout import MM, Layout, load_layout  # noqa: E402
from typeset.numbering import keep_stated  # noqa: E402
from typeset.reader import load_issue, load_series  # noqa: E402

OFFICIAL = ROOT / "tests" / "fixtures" / "official"


def composed_lines(issue, series, layout: Layout) -> comparison.Text:
    """The composed issue's text lines and each page's first line, as a built PDF is read."""
    lines: list[str] = []
    starts: list[int] = []
    for page in compose(issue, series, layout).pages:
        starts.append(len(lines))
        rows: dict[float, list[tuple[float, str]]] = {}
        for item in page.items:
            if isinstance(item, TextLine):
                rows.setdefault(round(item.baseline, 1), []).append((item.x, item.text))
        for baseline in sorted(rows):
            text = comparison.squash("".join(t for _x, t in sorted(rows[baseline])))
            if text:
                lines.append(text)
    return comparison.Text(lines, starts)


def compare(issue, series, layout: Layout, reference: Path) -> comparison.Figures:
    return comparison.compare(composed_lines(issue, series, layout), comparison.read_official(reference))


def widened(layout: Layout, delta: float) -> Layout:
    spec = copy.deepcopy(layout.spec)
    spec["page"]["text_width_mm"] += delta / MM
    return Layout(layout.name, layout.folder, spec)


class Fixtures:
    def __init__(self) -> None:
        project = Project(ROOT)
        self.series = load_series(project.issues)
        self.cases = []
        for path in sorted((ROOT / "tests" / "fixtures").glob("*.yaml")):
            reference = OFFICIAL / f"{path.stem}.txt"
            if reference.is_file():
                self.cases.append((path.stem, keep_stated(load_issue(path, self.series)), reference))
        self.base = load_layout(self.series.layout)

    def score(self, settings: dict, delta: float = 0.0) -> list[comparison.Figures] | None:
        """The figures for each fixture, or None where composing fails."""
        results = []
        for _name, issue, reference in self.cases:
            issue = replace(issue, composition={**issue.composition, **settings})
            layout = widened(self.base.with_overrides(issue.layout_overrides), delta)
            try:
                results.append(compare(issue, self.series, layout, reference))
            except TypesetError:
                return None
        return results

    def exact(self, settings: dict, delta: float = 0.0) -> int:
        results = self.score(settings, delta)
        return -1 if results is None else sum(r.exact_lines for r in results)

    def margin(self, settings: dict, limit: float = 4.0, full: int | None = None) -> float:
        """Least change of the measure (pt, either way) at which some official line is lost.

        `full`: exact() of these settings, where the caller has it already."""
        full = self.exact(settings) if full is None else full
        worst = limit
        for sign in (1, -1):
            lo, hi = 0.0, limit
            if self.exact(settings, sign * hi) == full:
                continue
            while hi - lo > 0.005:
                mid = (lo + hi) / 2
                lo, hi = (mid, hi) if self.exact(settings, sign * mid) == full else (lo, mid)
            worst = min(worst, lo)
        return worst


def _value(text: str):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text, text)


def _axis(spec: str) -> tuple[str, list[float]]:
    key, _, rng = spec.partition("=")
    start, stop, step = (float(x) for x in rng.split(":"))
    count = round((stop - start) / step)
    return key, [round(start + i * step, 6) for i in range(count + 1)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="a composition setting over the layout's")
    ap.add_argument("--grid", action="append", default=[], metavar="KEY=START:STOP:STEP")
    ap.add_argument("--show", action="store_true", help="print each differing line pair")
    ap.add_argument("--top", type=int, default=15, help="grid points printed")
    a = ap.parse_args()
    fixed = {k: _value(v) for k, _, v in (s.partition("=") for s in a.set)}
    fx = Fixtures()
    if not fx.cases:
        sys.exit(f"no fixture has an official text in {OFFICIAL}")
    if not a.grid:
        results = fx.score(fixed)
        if results is None:
            sys.exit("these settings do not compose the fixtures")
        for (name, _issue, _ref), r in zip(fx.cases, results, strict=True):
            print(f"{name}: {r.summary()}")
            if a.show:
                for official, composed in r.mismatches:
                    print(f"  official: {official}\n  composed: {composed}")
        exact = sum(r.exact_lines for r in results)
        if exact == sum(r.reference_lines for r in results):
            print(f"margin: {fx.margin(fixed, full=exact):.2f} pt")
        return 0
    axes = [_axis(g) for g in a.grid]
    points = []
    for values in itertools.product(*(v for _k, v in axes)):
        settings = {**fixed, **{k: v for (k, _), v in zip(axes, values, strict=True)}}
        points.append((fx.exact(settings), settings))
    best = max(n for n, _ in points)
    ranked = sorted(((fx.margin(s, full=best), s) for n, s in points if n == best), key=lambda p: -p[0])
    total = sum(len(comparison.read_official(ref).lines) for _n, _i, ref in fx.cases)
    print(f"{len(ranked)} of {len(points)} points reproduce {best} of {total} official lines")
    for margin, settings in ranked[: a.top]:
        print(f"  margin {margin:.2f} pt  {settings}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
