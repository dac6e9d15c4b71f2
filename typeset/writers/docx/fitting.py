"""The composer's line breaks carried over to a word processor's advances.

    fitted(text, lines, settings, size, condense, indent, measure, edge=None, start=0) → Fit

The styles condense by character spacing, so Word sets the composer's advances. LibreOffice
drops the spacing of the last character of each text portion (a run end, a change between
Chinese and Latin script, the end of a line), so it sets a line up to a condensing wider per
portion; and it hangs only some closing marks (calibration.HANGS). Given a paragraph's text
and its composed lines (each unit placed in the text by its offset, never searched for), this
returns the characters (by index in the text) that must be set otherwise to keep every
composed break in both: the composer's push-in squeezes, marks squeezed so that a line need
not hang a mark, and, where LibreOffice would break a line otherwise, a stretch of the line's
characters spaced a twip or a few closer (or wider), which keeps their shapes and never makes
room in Word for the next line's first unit; where spacing cannot, characters a percent or a
few narrower (wider), also Word-neutral; where nothing Word-neutral can, narrower as
LibreOffice needs (Fit.conflicts names such lines).
"""

from __future__ import annotations

import math

from ...compose import EPS, Settings, TextLine, gap_between, times_em
from ...compose import Placed as PlacedUnit
from .calibration import (
    ADVANCE_SLACK,
    FILL_SPARE,
    HANG_FILL,
    HANG_ROOM,
    HANGS,
    SPACING_STEPS,
    SQUEEZE_SPARE,
    STRETCH,
)
from .runs import Fit, advance, char_format, face_latin

TWIP = 0.05  # pt: programs round advances and spacing to the twip
Units = list[tuple[int, PlacedUnit]]


def fitted(text: str, lines: tuple[TextLine, ...], s: Settings, size: float, condense: float,
           indent: float, measure: float, edge: float | None = None, start: int = 0) -> Fit:
    """Characters of `text` set otherwise than their style. `indent`: of the first line
    (negative: a hanging label); `edge`: the composer's right edge, from its lines' x
    (default: the measure); `start`: where the lines' element text begins in `text` (after
    a label the composer set before it, whose units have negative offsets)."""
    found = line_units(lines, start)
    fitter = _Fitter(text, found, s, size, condense, _squeezed(found, s), indent, measure, edge)
    fitter.unhang()
    fitter.refit()
    fitter.fit.breaks = run_breaks(text, found)
    return fitter.fit


def run_breaks(text: str, found: list[tuple[TextLine, Units]]) -> set[int]:
    """Indexes in `text` where a composed line begins inside a Latin run (a long URL cut)."""
    out = set()
    for _line, units in found[1:]:
        if units:
            i = units[0][0]
            if 0 < i < len(text) and _in_run(text[i - 1]) and _in_run(text[i]):
                out.add(i)
    return out


def _in_run(ch: str) -> bool:
    return "!" <= ch <= "~"  # as the composer's Latin runs (compose.lines)


def _squeezed(found: list[tuple[TextLine, Units]], s: Settings) -> dict[int, float]:
    """Characters of a paragraph that the composer set narrower than their cell to keep a
    line together (Word's push-in), by index in `text`, with their composed advance. A mark
    squeezed no more than the composer's fit (fit_squeeze) on a line but the last is left
    to the line's fitting, which spaces a stretch of the line closer instead (refit)."""
    out: dict[int, float] = {}
    for k, (line, units) in enumerate(found):
        c = line.condense or 0.0
        for i, u in units:
            cut = line.size - c - u.width
            if not u.latin and len(u.text) == 1 and cut > EPS and (
                    k == len(found) - 1 or cut > s.fit_squeeze + EPS or u.text not in s.squeezable):
                out[i] = u.width
    return out


def line_units(lines: tuple[TextLine, ...], start: int = 0) -> list[tuple[TextLine, Units]]:
    """The composed lines of a paragraph, each unit with its index in the paragraph's text:
    its offset in the element's text, which begins at `start` (an inline source left out)."""
    return [(line, [(start + u.at, u) for u in line.units[:line.source_from]]) for line in lines]


def _least_head(units: Units, s: Settings) -> Units:
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
        head[-1] = (i, PlacedUnit(last.x, last.text[:cut + 1], last.width, True, last.at))
    return head


def _script(ch: str) -> str:
    """LibreOffice's script of a character: Latin (ASCII and Latin letters), weak (spaces,
    general punctuation such as curly quotes: the script of the character before) or Asian."""
    o = ord(ch)
    if ch in " \u00a0" or 0x2000 <= o <= 0x206F:
        return "weak"
    return "latin" if o < 0x250 else "asian"


def _scripts(text: str) -> list[str]:
    out: list[str] = []
    for ch in text:
        sc = _script(ch)
        out.append(sc if sc != "weak" else (out[-1] if out else "asian"))
    return out


class _Fitter:
    """A paragraph's composed lines at the advances the DOCX gives its characters: unhang(),
    then refit(); `fit` is the result."""

    def __init__(self, text: str, lines: list[tuple[TextLine, Units]], s: Settings, size: float,
                 condense: float, squeezed: dict[int, float], indent: float, measure: float,
                 edge: float | None = None):
        self.text, self.s, self.size, self.condense = text, s, size, condense
        self.fit = Fit(dict(squeezed))
        self.scripts = _scripts(text)
        self._formats: dict[int, tuple] = {}  # index → ((squeezed, spaced), format)
        self._gap_cache: dict[tuple, float] = {}
        self.indent, self.measure = indent, measure
        self.lines = lines
        edge = measure if edge is None else edge  # the composer's right edge, from its lines' x
        self.hung: list[bool] = []
        self.ends: list[int] = []  # index of each line's last character
        for line, units in self.lines:
            body = _trimmed(units)
            end = line.x + line.units[-1].x + line.units[-1].width
            self.hung.append(bool(body) and end > edge + EPS
                             and len(body[-1][1].text) == 1 and body[-1][1].text in s.hangable)
            self.ends.append(body[-1][0] + len(body[-1][1].text) - 1 if body else -1)

    def _format(self, i: int):
        key = (self.fit.squeezed.get(i), self.fit.spaced.get(i))
        known = self._formats.get(i)
        if known is None or known[0] != key:
            known = self._formats[i] = (key, char_format(self.text[i], self.s, self.size,
                                                           self.condense, *key))
        return known[1]

    def _ends_portion(self, i: int) -> bool:
        """Character i is the last of a LibreOffice text portion: the next one is formatted
        otherwise or of another script."""
        if i + 1 >= len(self.text):
            return True
        return self.scripts[i] != self.scripts[i + 1] or self._format(i) != self._format(i + 1)

    def char(self, i: int, office: bool = False, line_end: int = -1) -> float:
        """Advance of character i (pt); `office`: as LibreOffice sets it (its spacing dropped
        where it ends a portion or the line, whose last character is `line_end`)."""
        ch = self.text[i]
        natural = times_em(ch) * self.size if face_latin(ch, self.s) else self.size
        drop = office and (i == line_end or self._ends_portion(i))
        return advance(ch, self._format(i), natural, self.condense, drop)

    def adv(self, i: int, u: PlacedUnit) -> float:
        """Word's advance of a composed unit (pt)."""
        return sum(self.char(i + k) for k in range(len(u.text)))

    def gap(self, a: PlacedUnit, b: PlacedUnit) -> float:
        return gap_between(a, b, self.s)

    def _gaps(self, units: Units) -> float:
        """The auto-spacing between neighbours (fixed by their texts: kept, since the fitting
        measures the same lines again at each trial)."""
        out = 0.0
        for (_, a), (_, b) in zip(units, units[1:], strict=False):
            key = (a.text, a.latin, b.text, b.latin)
            gap = self._gap_cache.get(key)
            if gap is None:
                gap = self._gap_cache[key] = self.gap(a, b)
            out += gap
        return out

    def word(self, units: Units, first: bool = False) -> float:
        """Width of units on a line as Word sets them (pt)."""
        return (self.indent if first else 0.0) + sum(self.adv(i, u) for i, u in units) + self._gaps(units)

    def office(self, units: Units, first: bool = False, line_end: int = -1, slack: float = 0.0) -> float:
        """Width of units on a line as LibreOffice sets them (pt): each character rounded up to
        the twip (the widest it sets it), or with `slack`, that much under its exact advance."""
        def one(i: int) -> float:
            a = self.char(i, True, line_end)
            return a - slack if slack else math.ceil(a * 20 - 1e-6) / 20
        chars = sum(one(i + k) for i, u in units for k in range(len(u.text)))
        return (self.indent if first else 0.0) + chars + self._gaps(units)

    def body(self, k: int) -> Units:
        """Line k's units that must fit the measure (a hung mark left out)."""
        units = _trimmed(self.lines[k][1])
        return units[:-1] if self.hung[k] else units

    def over(self, k: int) -> float:
        """pt by which LibreOffice's line k passes the measure."""
        return self.office(self.body(k), k == 0, self.ends[k]) - self.measure

    def unhang(self) -> None:
        """A line that ends in a hung mark a program would not hang: squeeze the blank halves
        of the line's marks (as the composer's push-in does) so that it fits, if they can."""
        cell = self.size - self.condense
        for k, hung in enumerate(self.hung):
            units = _trimmed(self.lines[k][1])
            if not hung or units[-1][1].text in HANGS:
                continue
            over = self.office(units, k == 0, self.ends[k]) - self.measure
            marks = [(i, u) for i, u in units if len(u.text) == 1 and u.text in self.s.squeezable
                     and i not in self.fit.squeezed]
            cut = over / len(marks) if marks else cell
            if cut > cell / 2:
                continue
            for i, _u in marks:
                self.fit.squeezed[i] = cell - cut - SQUEEZE_SPARE
            self.hung[k] = False

    def _head(self, k: int) -> Units:
        rest = [(i, u) for i, u in self.lines[k + 1][1] if not u.text.isspace()]
        return _least_head(rest, self.s) if rest else []

    def takes(self, k: int, office: bool) -> bool:
        """Line k could take the next line's first unit (LibreOffice, or Word)."""
        body, head = self.body(k), self._head(k)
        if not body or not head:
            return False
        both = body + head
        end = head[-1][0] + len(head[-1][1].text) - 1
        width = (self.office(both, k == 0, end, ADVANCE_SLACK) if office
                 else self.word(both, k == 0) - TWIP)
        return width <= self.measure

    def refit(self) -> None:
        """Each line but the last at the composer's breaks, at the DOCX's advances: a line that
        LibreOffice would not fit has a stretch of its characters spaced closer; a line that
        could take the first unit of the next, wider; a line ending in a hung mark keeps the
        room before the mark under HANG_ROOM of it (LibreOffice 7.4 leaves the mark off the
        page otherwise). Per line, never by a paragraph indent: LibreOffice also drops the
        hung marks of a paragraph widened past the margin."""
        for k in range(len(self.lines) - 1):
            body = self.body(k)
            if not body:
                continue
            if self.over(k) > 0:
                self._retune(k, -1, lambda k=k: self.over(k) <= 0 and not self.takes(k, False),
                             lambda k=k: self.over(k) <= 0)
            elif self.hung[k]:
                mark = _trimmed(self.lines[k][1])[-1]
                limit = HANG_ROOM * self.adv(*mark)
                if self.measure - self.office(body, k == 0, self.ends[k], ADVANCE_SLACK) > limit:
                    self._retune(k, 1, lambda k=k, limit=limit: self.over(k) <= 0 and self.measure - self.office(
                        self.body(k), k == 0, self.ends[k], ADVANCE_SLACK) <= HANG_FILL * limit)
            elif self.takes(k, True):
                self._retune(k, 1, lambda k=k: self.over(k) <= FILL_SPARE and not self.takes(k, True)
                             and self.word(self.body(k), k == 0) <= self.measure)

    def _retune(self, k: int, sign: int, done, lenient=None) -> None:
        """Space stretches of line k's plain characters (Chinese, digits) a twip or a few closer
        (sign -1) or wider until `done()`: those that split no run first (between quotes, marks
        set otherwise), then the longest; as few as will do, at the least spacing that does.
        Else characters scaled (_scale) until `done()`, else until `lenient()` (a conflict)."""
        plain = [j for i, u in self.body(k) if not u.text.isspace() for j in range(i, i + len(u.text))
                 if self._format(j) == (False, None, None)]
        stretches: list[list[int]] = []
        for i in plain:
            if stretches and stretches[-1][-1] == i - 1:
                stretches[-1].append(i)
            else:
                stretches.append([i])
        def cost(stretch: list[int]) -> int:  # runs it adds: a run split at either end
            a, b = stretch[0] - 1, stretch[-1] + 1
            return sum(0 <= j < len(self.text) and self._format(j) == (False, None, None) for j in (a, b))

        stretches.sort(key=lambda stretch: (cost(stretch), -len(stretch)))
        order = [i for stretch in stretches for i in stretch]
        need = self.over(k) if sign < 0 else 0.0  # pt LibreOffice's line must lose at least
        if need > len(plain) * SPACING_STEPS * TWIP:
            stretches = []  # more than spacing can do
        for m in range(1, len(stretches) + 1):
            chosen = [i for stretch in stretches[:m] for i in stretch]
            for step in range(1, SPACING_STEPS + 1):
                for i in chosen:
                    self.fit.spaced[i] = round(-self.condense + sign * step * TWIP, 2)
                if done():
                    return
        for i in plain:
            self.fit.spaced.pop(i, None)
        # spacing cannot do it (portion ends on every side): some characters a percent or a
        # few narrower or wider, in both programs
        if need > len(plain) * STRETCH * self.size / 100:
            order = []  # more than scaling can do
        if self._scale(order, sign, done):
            return
        if lenient is not None and self._scale(order, sign, lenient):
            self.fit.conflicts.append(k)

    def _scale(self, order: list[int], sign: int, done) -> bool:
        """The first characters of `order`, as few as will do, a percent or a few (up to
        STRETCH) narrower or wider until `done()`; False, and none changed, if none does."""
        for pct in range(1, STRETCH + 1):
            for n in range(1, len(order) + 1):
                for i in order[:n]:
                    self.fit.squeezed[i] = self.size * (100 + sign * pct) / 100 - self.condense
                if done():
                    return True
                for i in order[:n]:
                    self.fit.squeezed.pop(i, None)
        return False


def _trimmed(units: Units) -> Units:
    units = list(units)
    while units and units[-1][1].text.isspace():
        units.pop()
    return units
