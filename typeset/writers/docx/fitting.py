"""The composer's line breaks carried over to a word processor's advances.

    fitted(text, lines, settings, size, condense, indent, measure, edge=None) → {index: advance}

A word processor sets a line a little wider or narrower than the composer
(whole-percent scales, its own break rules) and hangs only some closing marks
(LibreOffice: calibration.HANGS). Given a paragraph's text and its composed
lines, this returns the characters (by index in the text) that must be set at
another advance than their style's to keep every composed break, with that
advance: the composer's push-in squeezes, marks squeezed so that a line need
not hang a mark, and characters a percent or a few narrower or wider.
"""

from __future__ import annotations

import math

from ...compose import EPS, Settings, TextLine, gap_between, is_ideograph
from ...compose import Placed as PlacedUnit
from .calibration import (
    ADVANCE_SLACK,
    FILL_SPARE,
    HANG_FILL,
    HANG_ROOM,
    HANGS,
    SCALE_FLOOR,
    SQUEEZE_SPARE,
    STRETCH,
)
from .runs import advance, char_format
from .styles import scale_of

TWIP = 0.05  # pt: programs round advances to the twip


def fitted(text: str, lines: tuple[TextLine, ...], s: Settings, size: float, condense: float,
           indent: float, measure: float, edge: float | None = None) -> dict[int, float]:
    """Characters of `text` set at another advance than their style's, with that advance.
    `indent`: of the first line (negative: a hanging label); `edge`: the composer's right
    edge, from its lines' x (default: the measure)."""
    fitter = _Fitter(text, lines, s, size, condense, _squeezed(text, lines), indent, measure, edge)
    fitter.unhang()
    fitter.refit()
    return fitter.squeezed


def _squeezed(text: str, lines: tuple[TextLine, ...]) -> dict[int, float]:
    """Characters of a paragraph that the composer set narrower than their cell to keep a
    line together (Word's push-in), by index in `text`, with their composed advance."""
    out: dict[int, float] = {}
    for line, units in _line_units(text, lines):
        c = line.condense or 0.0
        for i, u in units:
            if not u.latin and len(u.text) == 1 and u.width < line.size - c - EPS:
                out[i] = u.width
    return out


def _line_units(text: str, lines: tuple[TextLine, ...]
                ) -> list[tuple[TextLine, list[tuple[int, PlacedUnit]]]]:
    """The composed lines of a paragraph, each unit with its index in the paragraph's text
    (an inline source on the last line left out)."""
    out: list[tuple[TextLine, list[tuple[int, PlacedUnit]]]] = []
    pos = 0
    for line in lines:
        units: list[tuple[int, PlacedUnit]] = []
        for u in line.units[:line.source_from]:
            found = text.find(u.text, pos)
            if found < 0:
                break
            pos = found + len(u.text)
            units.append((found, u))
        out.append((line, units))
    return out


def _least_head(units: list[tuple[int, PlacedUnit]], s: Settings) -> list[tuple[int, PlacedUnit]]:
    """The least a line could give up to the line before: its first unit and those that
    避头尾 keeps with it. By the most lenient rules a program may break by: LibreOffice also
    breaks between digits and the ideograph after them, and after a hyphen in a Latin run."""
    take = 1
    while take < len(units) and (units[take][1].text[0] in s.no_start
                                 or units[take - 1][1].text[-1] in s.no_end):
        take += 1
    head = units[:take]
    i, last = head[-1]
    cut = last.text.find("-", 0, len(last.text) - 1) if last.latin else -1
    if cut >= 0:
        head[-1] = (i, PlacedUnit(last.x, last.text[:cut + 1], last.width, True))
    return head


class _Fitter:
    """A paragraph's composed lines at the advances the DOCX gives its characters: unhang(),
    then refit(); `squeezed` (its own dict) is the result."""

    def __init__(self, text: str, lines: tuple[TextLine, ...], s: Settings, size: float, condense: float,
                 squeezed: dict[int, float], indent: float, measure: float,
                 edge: float | None = None):
        self.text, self.s, self.size, self.condense = text, s, size, condense
        self.style_scale = scale_of(size - condense, size)
        self.squeezed = dict(squeezed)
        self.indent, self.measure = indent, measure
        self.lines = _line_units(text, lines)
        edge = measure if edge is None else edge  # the composer's right edge, from its lines' x
        self.hung: list[bool] = []
        for line, units in self.lines:
            body = _trimmed(units)
            end = line.x + line.units[-1].x + line.units[-1].width
            self.hung.append(bool(body) and end > edge + EPS
                             and len(body[-1][1].text) == 1 and body[-1][1].text in s.hangable)

    def adv(self, i: int, u: PlacedUnit, stray: float = 0.0, office: bool = False) -> float:
        """Advance of a composed unit (pt), each character strayed by `stray`; `office`: as
        LibreOffice sets a character spaced narrower alone in its run."""
        return sum(advance(ch, self._format(i + k, ch), self.size, self.style_scale,
                           office and self._ends_run(i + k))
                   + stray for k, ch in enumerate(u.text))

    def _format(self, i: int, ch: str):
        return char_format(ch, self.s, self.size, self.condense, self.squeezed.get(i))

    def _ends_run(self, i: int) -> bool:
        """Character i is the last of its run (the next one is formatted otherwise)."""
        if i + 1 >= len(self.text):
            return True
        return self._format(i, self.text[i]) != self._format(i + 1, self.text[i + 1])

    def gap(self, a: PlacedUnit, b: PlacedUnit) -> float:
        return gap_between(a, b, self.s)

    def width(self, units: list[tuple[int, PlacedUnit]], first: bool = False,
              stray: float | None = None) -> float:
        """Width of units on a line (pt): every character `stray` off its exact advance, or by
        default rounded up to the twip (the widest a program sets it)."""
        chars = (self.adv(i, u, stray) if stray is not None else self.adv_up(i, u) for i, u in units)
        return (self.indent if first else 0.0) + sum(chars) + sum(
            self.gap(a[1], b[1]) for a, b in zip(units, units[1:], strict=False))

    def adv_up(self, i: int, u: PlacedUnit) -> float:
        return sum(math.ceil(self.adv(i + k, PlacedUnit(0.0, ch, 0.0, u.latin), office=True) * 20
                             - 1e-6) / 20 for k, ch in enumerate(u.text))

    def body(self, k: int) -> list[tuple[int, PlacedUnit]]:
        """Line k's units that must fit the measure (a hung mark left out)."""
        units = _trimmed(self.lines[k][1])
        return units[:-1] if self.hung[k] else units

    def unhang(self) -> None:
        """A line that ends in a hung mark a program would not hang: squeeze the blank halves
        of the line's marks (as the composer's push-in does) so that it fits, if they can."""
        cell = self.size - self.condense
        for k, hung in enumerate(self.hung):
            units = _trimmed(self.lines[k][1])
            if not hung or units[-1][1].text in HANGS:
                continue
            over = self.width(units, k == 0) - self.measure
            marks = [(i, u) for i, u in units if len(u.text) == 1 and u.text in self.s.squeezable
                     and i not in self.squeezed]
            cut = over / len(marks) if marks else cell
            if cut > cell / 2:
                continue
            for i, _u in marks:
                self.squeezed[i] = cell - cut - SQUEEZE_SPARE
            self.hung[k] = False

    def refit(self) -> None:
        """Each line but the last at the composer's breaks, at the DOCX's advances: a line that
        would not fit has some of its Chinese characters set a percent narrower; a line that
        could take the first unit of the next, a percent wider; a line ending in a hung mark
        keeps the room before the mark under HANG_ROOM of it (LibreOffice 7.4 leaves the mark
        off the page otherwise). Per line, never by a paragraph indent: LibreOffice also drops
        the hung marks of a paragraph widened past the margin."""
        for k in range(len(self.lines) - 1):
            body = self.body(k)
            if not body:
                continue
            over = self.width(body, k == 0) - self.measure
            if over > 0:
                self._retune(k, -over)
                continue
            if self.hung[k]:
                mark = _trimmed(self.lines[k][1])[-1]
                left = self.measure - self.width(body, k == 0, 0.0)
                limit = HANG_ROOM * self.adv(*mark)
                if left > limit:
                    self._retune(k, min(left - HANG_FILL * limit, -over))
                continue
            rest = [(i, u) for i, u in self.lines[k + 1][1] if not u.text.isspace()]
            if not rest:
                continue
            head = _least_head(rest, self.s)
            narrow = self.width(body, k == 0, -ADVANCE_SLACK)
            spare = self.measure - (narrow + self.gap(body[-1][1], head[0][1])
                                    + self.width(head, stray=-ADVANCE_SLACK))
            if spare >= 0:  # it could take it: fill the line up to the measure, not past it
                self._retune(k, min(spare + FILL_SPARE, -over))

    def _retune(self, k: int, change: float) -> None:
        """Set Chinese characters of line k a percent wider (change > 0) or narrower, as many
        as make up `change` pt, up to STRETCH percent each: the longest stretches of
        neighbouring characters first, so that they make few runs."""
        chars = [i for i, u in self.body(k) if not u.latin and len(u.text) == 1
                 and is_ideograph(u.text) and i not in self.squeezed]
        step = self.size / 100
        if not chars or abs(change) < 1e-6:
            return
        for pct in range(1, STRETCH + 1):
            n = math.ceil(abs(change) / (pct * step - TWIP) - 1e-9)  # rounded to the twip
            if n <= len(chars):
                break
        else:
            return  # more than the line's characters can take
        scale = max(SCALE_FLOOR, self.style_scale + (pct if change > 0 else -pct))
        stretches: list[list[int]] = []
        for i in chars:
            if stretches and stretches[-1][-1] == i - 1:
                stretches[-1].append(i)
            else:
                stretches.append([i])
        chosen = [i for stretch in sorted(stretches, key=len, reverse=True) for i in stretch][:n]
        for i in chosen:
            self.squeezed[i] = self.size * scale / 100


def _trimmed(units: list[tuple[int, PlacedUnit]]) -> list[tuple[int, PlacedUnit]]:
    units = list(units)
    while units and units[-1][1].text.isspace():
        units.pop()
    return units
