"""Official lines as pdftotext printed them: cleaned text, and their width by the official metrics."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...compose.lines import Settings, break_paragraph
from ...compose.metrics import is_alnum, is_ideograph, is_latin, latin_em
from ...layout import Layout

# pdftotext puts a space between a digit or Latin letter and a Chinese character: not in the text
_ASCII_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[\x21-\x7e])|(?<=[\x21-\x7e])\s+(?=[^\x00-\x7f])")
_SPACES = re.compile(r"\s+")
_UNIT = re.compile(r"[!-~]+|.")


def clean(raw: str) -> str:
    """White space as the official text had it: none beside digits and Latin letters next to
    Chinese, one space where Chinese words stood apart (签署…合作 推动…)."""
    return _SPACES.sub(" ", _ASCII_GAP.sub("", raw.strip()))


@dataclass(frozen=True)
class Line:
    text: str  # cleaned
    raw: str  # as pdftotext printed it, stripped
    page_start: bool  # the first line of a page
    number: int  # 1-based line number in the official text file


def official_lines(text: str) -> list[Line]:
    """Non-empty lines of a text in the reference form (a leading space starts a page)."""
    out = []
    for number, raw in enumerate(text.split("\n"), 1):
        if raw.strip():
            out.append(Line(clean(raw), raw.strip(), raw.startswith(" "), number))
    return out


class Measure:
    """Line widths in pt by the layout's composition metrics (Word's 仿宋_GB2312 advances)."""

    def __init__(self, layout: Layout, composition: dict | None = None) -> None:
        c = {**layout.composition, **(composition or {})}
        self.size = layout["body"]["size"]
        self.width = layout.text_width
        self.indent = layout["body"]["indent_cells"] * self.size
        self.cell = self.size - c["condense"]
        self._condense = c["condense"]
        self._quote = c["quote_width"]
        self._latin = c["latin_widths"]
        self._autospace = c["autospace"]
        self.hangable = c["hangable"]
        self.squeezable = c["squeezable"]
        self.title_size = layout["article_title"]["size"]
        self._settings = Settings.from_dict(c, self.size)

    def _units(self, text: str) -> list[str]:
        return _UNIT.findall(text)

    def advance(self, text: str) -> float:
        """Natural width: each unit (an ideograph, a mark, a run of ASCII) condensed once,
        auto-spacing between ideographs and digits or letters."""
        width, prev = 0.0, ""
        for unit in self._units(text):
            if is_latin(unit[0]):
                width += sum(latin_em(ch, self._quote, self._latin) for ch in unit) * self.size
            else:
                width += self.size
            width -= self._condense
            if prev and _spaced(prev, unit):
                width += self._autospace
            prev = unit
        return width

    def slack(self, text: str) -> float:
        """How far (cells) a line may be pushed in: a quarter cell from each full-width mark,
        all of each auto-spacing."""
        units = self._units(text)
        marks = sum(1 for u in units if u in self.squeezable)
        spaced = sum(1 for a, b in zip(units, units[1:], strict=False) if _spaced(a, b))
        return (marks * self.cell / 2 + spaced * self._autospace) / self.cell

    def compose(self, text: str, first: bool) -> list[str]:
        """The text's lines as the composer breaks it at these settings (as a paragraph's
        first line or not), white space removed."""
        indent = self.indent / self.size if first else 0.0
        return [line.text.replace(" ", "") for line in break_paragraph(text, self._settings, self.width, indent)]

    def gap(self, text: str, first: bool) -> float:
        """Room left on a body line, in cells (a closing mark that does not fit hangs)."""
        room = self.width - (self.indent if first else 0.0)
        left = room - self.advance(text)
        if left < 0 and text and text[-1] in self.hangable:
            left = room - self.advance(text[:-1])
        return left / self.cell

    def ems(self, text: str) -> float:
        """Width in characters of its own size (a title line of n ideographs: about n)."""
        return self.advance(text) / self.size

    @property
    def title_cells(self) -> float:
        """Title characters the measure holds."""
        return self.width / self.title_size


def _spaced(a: str, b: str) -> bool:
    """Auto-spacing between two neighbouring units."""
    return (is_ideograph(a[-1]) and is_alnum(b[0])) or (is_alnum(a[-1]) and is_ideograph(b[0]))
