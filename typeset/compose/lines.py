"""Line composer: paragraph text → lines on the grid, by the official rules.

    break_paragraph(text, settings, measure, indent) → list[LineBox]

Text is cut into units (an ideograph or mark, an unbreakable Latin run, a
curly quote, a space, `——` / `……`), each with its width by the official
metrics (metrics.py) and the index of its first character in the text (`at`:
unit texts are slices of it, never changed; spaces at a break are left out).
Lines are filled greedily like Word: 避头尾 by the settings' lists, one closing
mark may hang past the edge, every line but a paragraph's last is justified to
the full measure by spreading the gaps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from .metrics import CURLY_QUOTES, is_alnum, is_ideograph, is_latin, latin_em

EPS = 0.01  # pt: rounding slack when a line is compared with the measure
ORPHAN_STEP = 0.05  # pt: the steps avoid_orphan condenses by


@dataclass(frozen=True)
class Settings:
    """Composition settings (layout `composition:` merged with overrides)."""

    size: float  # font size of the text, pt
    cell: float  # advance of an ideograph before condensing, pt
    quote_width: float  # em, a curly quote set in the Latin face
    quote_face: str  # "latin" or "chinese": the face that sets curly quotes
    quote_width_chinese: float  # em, a curly quote set in the Chinese face
    latin_widths: str  # "half" or "times"
    autospace: float  # pt
    compress_punctuation: bool
    hang: bool
    condense: float  # pt taken from every unit
    avoid_orphan: bool
    orphan_condense: float
    push_in: bool
    fit_squeeze: float  # pt each full-width mark may give up so that the next unit fits
    latin_glue: bool
    squeezable: str
    no_start: str
    no_end: str
    hangable: str
    unbreakable: tuple[str, ...]

    @classmethod
    def from_dict(cls, d: dict[str, Any], size: float, tight: bool = True) -> Settings:
        """Settings for text of `size` pt; tight=False sets it at full width (titles, masthead)."""
        return cls(
            size=size,
            cell=size,
            quote_width=d["quote_width"],
            quote_face=d["quote_face"],
            quote_width_chinese=d["quote_width_chinese"],
            latin_widths=d["latin_widths"],
            autospace=d["autospace"] * size / d["reference_size"],
            compress_punctuation=d["compress_punctuation"],
            hang=d["hang"],
            condense=d["condense"] if tight else 0.0,
            avoid_orphan=d["avoid_orphan"],
            orphan_condense=d["orphan_condense"],
            push_in=d["push_in"],
            fit_squeeze=d["fit_squeeze"] * size / d["reference_size"],
            latin_glue=d["latin_glue"],
            squeezable=d["squeezable"],
            no_start=d["no_start"],
            no_end=d["no_end"],
            hangable=d["hangable"],
            unbreakable=tuple(d["unbreakable"]),
        )


@dataclass(frozen=True)
class Unit:
    text: str
    width: float  # natural advance, pt
    latin: bool  # drawn in the Latin face
    space: bool = False
    alnum: bool = False  # takes auto-spacing next to ideographs
    ideograph: bool = False
    dx: float = 0.0  # glyph offset of an opening mark whose blank half was compressed
    at: int = 0  # index of its first character in the text it was cut from


@dataclass(frozen=True)
class Placed:
    """A unit placed on a line: x from the line's left edge, pt; `at`, where its text begins
    in the text of the model element it sets (boxes.py says which text, and of what around it)."""

    x: float
    text: str
    width: float
    latin: bool
    at: int  # index of its first character in its element's text
    dx: float = 0.0  # where the glyph is drawn relative to x (a squeezed opening mark)


@dataclass(frozen=True)
class LineBox:
    units: tuple[Placed, ...]
    natural: float  # width before justification (without a hung mark)
    justified: bool
    hung: bool  # the last unit hangs past the measure

    @property
    def text(self) -> str:
        return "".join(u.text for u in self.units)

    @property
    def end(self) -> float:
        """Right edge of the last unit that is not hung."""
        units = self.units[:-1] if self.hung else self.units
        return max((u.x + u.width for u in units), default=0.0)


def extent(units: tuple[Placed, ...]) -> tuple[float, float]:
    """Left and right edge of the room a line's units take: each unit's advance from its x.
    The blank half that a squeezed opening mark gave up (its glyph drawn at x + dx < x) is
    outside: the composer took that room away, so the line ends where its advances end."""
    return (min((u.x for u in units), default=0.0), max((u.x + u.width for u in units), default=0.0))


_LATIN_RUN = re.compile(r"[!-~]+")


def units_of(text: str, s: Settings) -> list[Unit]:
    """Cut text into unbreakable units with their natural widths."""
    out: list[Unit] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        joined = next((u for u in s.unbreakable if text.startswith(u, i)), None)
        if joined:
            out.append(Unit(joined, len(joined) * _tight(s.cell, s), False, at=i))
            i += len(joined)
            continue
        if ch == " " or ch == "\u3000":
            w = s.size * latin_em(" ", s.quote_width, s.latin_widths) if ch == " " else s.cell
            out.append(Unit(ch, _tight(w, s), ch == " ", space=True, at=i))
            i += 1
            continue
        m = _LATIN_RUN.match(text, i)
        if m:
            out.append(_latin_unit(m.group(), s, i))
            i = m.end()
            continue
        if ch in CURLY_QUOTES and s.quote_face == "chinese":
            out.append(Unit(ch, _tight(s.size * s.quote_width_chinese, s), False, at=i))
        elif is_latin(ch):
            out.append(Unit(ch, _tight(s.size * latin_em(ch, s.quote_width, s.latin_widths), s), True,
                            at=i))
        else:
            out.append(Unit(ch, _tight(s.cell, s), False, ideograph=is_ideograph(ch), at=i))
        i += 1
    return _compress_pairs(out, s) if s.compress_punctuation else out


def _tight(advance: float, s: Settings) -> float:
    """A character's advance less `condense`, never below nothing."""
    return max(advance - s.condense, 0.0)


def _compress_pairs(units: list[Unit], s: Settings) -> list[Unit]:
    """Adjacent full-width marks (compress_punctuation): the blank half between them goes —
    a closing mark's right half before any mark, an opening mark's left half after one."""
    out = list(units)
    half = s.cell / 2
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if not (_squeezable(a, s) and _squeezable(b, s)):
            continue
        if a.text not in s.no_end:  # closing mark: its right half
            out[k] = replace(a, width=a.width - half)
        elif b.text in s.no_end:  # two opening marks: the second's left half
            out[k + 1] = replace(b, width=b.width - half, dx=-half)
    return out


def _gap(a: Unit, b: Unit, s: Settings) -> float:
    """Space Word adds between two neighbours (auto-spacing of ideographs and Latin)."""
    if (a.ideograph and b.alnum) or (a.alnum and b.ideograph):
        return s.autospace
    return 0.0


def gap_between(a: Placed, b: Placed, s: Settings) -> float:
    """The auto-spacing between two placed neighbours, by the rule the composer used."""
    return _gap(_kind(a), _kind(b), s)


def _kind(p: Placed) -> Unit:
    if p.latin:
        return Unit(p.text, p.width, True, alnum=any(is_alnum(c) for c in p.text), at=p.at)
    return Unit(p.text, p.width, False, ideograph=len(p.text) == 1 and is_ideograph(p.text), at=p.at)


def _first(u: Unit) -> str:
    return u.text[0]


def _last(u: Unit) -> str:
    return u.text[-1]


def breakable(a: Unit, b: Unit, s: Settings) -> bool:
    """May a line end after `a` and the next begin with `b`?"""
    if _first(b) in s.no_start or _last(a) in s.no_end:
        return False
    return not (s.latin_glue and a.alnum and b.ideograph)


def break_units(
    units: list[Unit], s: Settings, measure: float, indent: float = 0.0
) -> list[LineBox]:
    """Greedy breaking with 避头尾, push-in and hanging; see the module docstring."""
    lines: list[LineBox] = []
    start, n = 0, len(units)
    first_line = True
    units = list(units)
    while start < n:
        room = measure - (indent if first_line else 0.0)
        j = _fill(units, start, s, room)
        if _split_long_run(units, start, j, s, room, measure):
            n = len(units)
            j = _fill(units, start, s, room)
        hung = False
        if j >= n:
            end = n
        elif (s.hang and len(units[j].text) == 1 and _first(units[j]) in s.hangable
              and (j + 1 >= n or breakable(units[j], units[j + 1], s))):
            end, hung = j + 1, True
        elif breakable(units[j - 1], units[j], s):
            end = j
        else:
            end = (_push_in(units, start, j, s, room) if s.push_in else None) or _push_out(
                units, start, j, s)
        lines.append(_place(units[start:end], s, measure, indent if first_line else 0.0,
                            last=end >= n, hung=hung))
        start = end
        while start < n and units[start].space:
            start += 1  # spaces at a break belong to neither line
        first_line = False
    return lines


# Where Word breaks a Latin run too long for any line: after these, else anywhere.
_RUN_BREAKS = "/.-_?&="


def _split_long_run(units: list[Unit], start: int, j: int, s: Settings, room: float,
                    measure: float) -> bool:
    """A Latin run wider than a whole line (a URL) that would stand alone and overflow,
    or that comes next: cut it in place so its head fills the rest of this line.
    Returns whether `units` changed."""
    k = start if j == start + 1 else j  # the run at the line's start overflows, or the next one
    if k >= len(units):
        return False
    run = units[k]
    if not run.latin or run.space or len(run.text) < 2 or run.width <= (room if k == start else measure) + EPS:
        return False
    used = _width(units[start:k], s) + (_gap(units[k - 1], run, s) if k > start else 0.0)
    chars = [_latin_unit(c, s, run.at + i) for i, c in enumerate(run.text)]
    fits, x = 0, 0.0
    for c in chars:
        if used + x + c.width > room + EPS:
            break
        x += c.width
        fits += 1
    if fits == 0 or fits >= len(chars):
        return False
    cuts = [i for i in range(1, fits + 1) if run.text[i - 1] in _RUN_BREAKS]
    for cut in sorted(cuts, reverse=True) + list(range(fits, 0, -1)):
        head, tail = _latin_unit(run.text[:cut], s, run.at), _latin_unit(run.text[cut:], s, run.at + cut)
        if breakable(head, tail, s):
            units[k:k + 1] = [head, tail]
            return True
    return False


def _latin_unit(text: str, s: Settings, at: int) -> Unit:
    w = sum(_tight(s.size * latin_em(c, s.quote_width, s.latin_widths), s) for c in text)
    return Unit(text, w, True, alnum=any(is_alnum(c) for c in text), at=at)


def _fill(units: list[Unit], start: int, s: Settings, room: float) -> int:
    """Index of the first unit that does not fit (spaces may stand past the edge).

    A unit fits when the line, its full-width marks each squeezed by `fit_squeeze`,
    stays within the room (_place squeezes them only as far as needed)."""
    x, j, n = 0.0, start, len(units)
    marks = 0
    while j < n:
        gap = _gap(units[j - 1], units[j], s) if j > start else 0.0
        m = marks + _squeezable(units[j], s)
        if (not units[j].space and j > start
                and x + gap + units[j].width > room + m * _give(s) + EPS):
            break
        x += gap + units[j].width
        marks = m
        j += 1
    return j


def _give(s: Settings) -> float:
    """What one full-width mark gives up when a unit is fitted: `fit_squeeze`, but never
    more than the blank half that _place can squeeze (the filler and the placing agree)."""
    return min(s.fit_squeeze, s.cell / 2)


def _width(units: list[Unit], s: Settings) -> float:
    body = units
    while body and body[-1].space:
        body = body[:-1]
    return sum(u.width for u in body) + sum(_gap(a, b, s) for a, b in zip(body, body[1:], strict=False))


def _squeezable(u: Unit, s: Settings) -> bool:
    """A full-width mark whose blank half may still be squeezed."""
    return len(u.text) == 1 and u.text in s.squeezable and u.width > s.cell - s.condense - s.cell / 4


def _compressible(units: list[Unit], s: Settings) -> float:
    """What Word may squeeze to push a line in: a full-width mark next to another gives up
    half a cell, a lone mark a quarter; auto-spacing gives up all of itself."""
    total = 0.0
    for k, u in enumerate(units):
        if _squeezable(u, s):
            near = [units[i] for i in (k - 1, k + 1) if 0 <= i < len(units)]
            paired = any(not v.latin and not v.ideograph and not v.space for v in near)
            total += s.cell / 2 if paired else s.cell / 4
    return total + sum(_gap(a, b, s) for a, b in zip(units, units[1:], strict=False))


def _push_in(units: list[Unit], start: int, j: int, s: Settings, room: float) -> int | None:
    """A break before units[j] is not allowed: take units onto the line up to the next
    allowed break, when squeezing punctuation and auto-spacing makes room (Word's push-in)."""
    n = len(units)
    for b in range(j + 1, min(j + 3, n + 1)):
        if b == n or breakable(units[b - 1], units[b], s):
            line = units[start:b]
            return b if _width(line, s) - room <= _compressible(line, s) + EPS else None
    return None


def _push_out(units: list[Unit], start: int, j: int, s: Settings) -> int:
    """Move the break back to the last place where it is allowed (or force it at j)."""
    for b in range(j - 1, start, -1):
        if breakable(units[b - 1], units[b], s):
            return b
    return j


def _place(
    units: list[Unit], s: Settings, measure: float, indent: float, last: bool, hung: bool
) -> LineBox:
    while units and units[-1].space and not last:
        units = units[:-1]
    body = units[:-1] if hung else units
    gaps = [_gap(a, b, s) for a, b in zip(body, body[1:], strict=False)]
    natural = indent + sum(u.width for u in body) + sum(gaps)
    cut, opening, gap_scale = 0.0, set(), 1.0
    if natural > measure + EPS:  # pushed in: squeeze full-width marks, then auto-spacing
        over = natural - measure
        squeeze = {k for k, u in enumerate(body) if _squeezable(u, s)}
        cut = min(s.cell / 2, over / len(squeeze)) if squeeze else 0.0
        over -= cut * len(squeeze)
        if over > EPS and sum(gaps) > 0:
            gap_scale = max(0.0, 1 - over / sum(gaps))
            over -= sum(gaps) * (1 - gap_scale)
        units = [
            replace(u, width=u.width - cut) if k in squeeze else u
            for k, u in enumerate(units)
        ]
        body = units[:-1] if hung else units
        gaps = [g * gap_scale for g in gaps]
        natural = measure + max(0.0, over)
        opening = {k for k in squeeze if units[k].text in s.no_end}
    extra = 0.0
    if not last and len(body) > 1:
        extra = max(0.0, measure - natural) / (len(body) - 1)
    placed, x = [], indent
    for k, u in enumerate(units):
        if k:
            x += (gaps[k - 1] if k - 1 < len(gaps) else 0.0) + extra * (k < len(body))
        placed.append(Placed(x, u.text, u.width, u.latin, u.at, u.dx - (cut if k in opening else 0.0)))
        x += u.width
    return LineBox(tuple(placed), natural, not last, hung)


def break_paragraph(
    text: str, s: Settings, measure: float, indent_cells: float = 0.0
) -> list[LineBox]:
    """Break one paragraph; with avoid_orphan, condense it when its last line is 1–2 chars:
    by the least of 0.05 pt steps (Word's unit of 紧缩) up to orphan_condense that saves a line.

    The breaks depend on these arguments alone (widths are the official metrics, not a font
    file's), so the last paragraphs broken are remembered by them: an edit composes anew only
    the paragraphs it changed (a server composes an issue on every save)."""
    return list(_broken(text, s, measure, indent_cells))


@lru_cache(maxsize=4096)
def _broken(text: str, s: Settings, measure: float, indent_cells: float) -> tuple[LineBox, ...]:
    return tuple(_break_paragraph(text, s, measure, indent_cells))


def _break_paragraph(text: str, s: Settings, measure: float, indent_cells: float) -> list[LineBox]:
    units = units_of(text, s)
    lines = break_units(units, s, measure, indent_cells * s.cell)
    if s.avoid_orphan and len(lines) > 1 and len(lines[-1].text.strip()) <= 2:
        for step in range(1, round(s.orphan_condense / ORPHAN_STEP) + 1):
            tighter = replace(s, condense=s.condense + step * ORPHAN_STEP)
            retry = break_units(units_of(text, tighter), tighter, measure, indent_cells * tighter.cell)
            if len(retry) < len(lines):
                return retry
    return lines
