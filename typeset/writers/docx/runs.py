"""Text → runs at the composer's advances.

    runs(ctx, text, kind, condense=None, fit=None) → [w:r]

The style condenses every character by character spacing (字符间距 紧缩, w:spacing in
the style), so Chinese text and digits (a Times digit is the composer's half em) need
no run of their own. A run of its own only for a character set otherwise: a curly quote
in the Latin character style (which names the Latin face on every font slot, so both
programs choose that face), other ASCII characters whose Times width is not the
composer's, each fitted to its composed advance, and the characters `fit` sets at
another advance (push-in squeezes and line fits, fitting.py). A paragraph condensed
otherwise than its style (`condense`) has that spacing on every run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ...compose import CURLY_QUOTES, Kind, Settings, is_latin, latin_em, times_em
from .calibration import SCALE_FLOOR
from .context import Context
from .ooxml import el, put, text_run, twips
from .styles import scale_of

BREAK = "\u200b"  # zero width space: a line may break here (Fit.breaks)
# (Latin character style, spacing pt or None = the paragraph's condensing, width scale % or None = 100)
Format = tuple[bool, float | None, int | None]


@dataclass
class Fit:
    """Characters (by index in a paragraph's text) set at another advance than their style's:
    `squeezed` by a width scale (no further than SCALE_FLOOR) and spacing for the rest, with
    their advance; `spaced` at full width with that character spacing (pt) instead of the
    style's."""

    squeezed: dict[int, float] = field(default_factory=dict)
    spaced: dict[int, float] = field(default_factory=dict)
    # where the composer broke inside a Latin run (a URL): a zero-width break opportunity
    # (U+200B, a run of no advance) before these characters, the only one Word and LibreOffice
    # need there, so that both break where the PDF does
    breaks: set[int] = field(default_factory=set)
    # lines (by index) that LibreOffice fits only if set narrower in Word too than Word's
    # break allows (fitting.py; Word may take the next line's first unit there)
    conflicts: list[int] = field(default_factory=list)


def runs(ctx: Context, text: str, kind: Kind = Kind.BODY, condense: float | None = None,
         fit: Fit | None = None) -> list[etree._Element]:
    """The runs of `text` in a paragraph of `kind` (see the module docstring)."""
    size = ctx.sizes.get(kind, ctx.layout.body.size)
    style = ctx.condense.get(kind, 0.0)
    own = style if condense is None else condense
    s = ctx.settings_at(size)
    out = []
    for chunk, latin, spacing, scale in _segments(text, s, size, own, fit or Fit()):
        if chunk == BREAK:
            out.append(text_run(BREAK, el("w:rPr", children=[el("w:spacing", {"val": 0})])))
            continue
        rpr = el("w:rPr")
        if latin:
            put(rpr, el("w:rStyle", {"val": "Latin"}))
        if scale is not None:
            put(rpr, el("w:w", {"val": scale}))
        if spacing is None and abs(own - style) > 1e-6:  # a paragraph condensed otherwise
            spacing = -own
        if spacing is not None:
            put(rpr, el("w:spacing", {"val": twips(spacing)}))
        out.append(text_run(chunk, rpr))
    return out


def face_latin(ch: str, s: Settings) -> bool:
    """The character is drawn in the Latin face (curly quotes where the composition says so)."""
    return is_latin(ch) and not (ch in CURLY_QUOTES and s.quote_face == "chinese")


def char_format(ch: str, s: Settings, size: float, condense: float, squeezed: float | None = None,
                spaced: float | None = None) -> Format:
    """(Latin style, spacing pt or None, width scale % or None) of one character.

    A Chinese character or a digit takes the style's condensing. Another ASCII character
    is set at the composer's advance (half an em, or its Times width, less `condense`): a
    letter by spacing, which keeps its shape; a mark or space by a width scale of the Latin
    face's glyph. A curly quote in the Latin face is in the Latin character style. A
    `squeezed` character is scaled to its advance, a `spaced` one spaced so. No glyph is
    scaled below SCALE_FLOOR: spacing does the rest."""
    latin = face_latin(ch, s)
    style = latin and (ch == " " or not ch.isascii())  # LibreOffice: the face of the text before
    natural = times_em(ch) * size if latin else size
    if spaced is not None:
        return style, _own(spaced, condense), None
    if squeezed is not None:
        if not latin:  # a character fitted a percent or a few: scaled, the style's spacing kept
            scale = scale_of(squeezed + condense, natural)
            if scale >= SCALE_FLOOR and abs(natural * scale / 100 - condense - squeezed) < 0.005:
                return False, None, scale
        return (style, *_scaled(squeezed, natural, condense))
    if not latin:
        return False, None, None
    composed = latin_em(ch, s.quote_width, s.latin_widths) * size - condense
    if abs(composed - (natural - condense)) < 0.005 and not style:
        return False, None, None  # a digit: the style's condensing sets it
    if ch.isalpha():
        return style, _own(_twip(composed - natural), condense), None
    return (style, *_scaled(composed, natural, condense))


def _twip(pt: float) -> float:
    return round(pt * 20) / 20


def _own(spacing: float, condense: float) -> float | None:
    """A spacing, None where it is the paragraph's own condensing."""
    return None if abs(spacing + condense) < 0.025 else spacing


def _scaled(composed: float, natural: float, condense: float) -> tuple[float | None, int | None]:
    """(spacing pt or None, scale % or None) that set a glyph of `natural` advance at
    `composed`, scaled no further than SCALE_FLOOR."""
    scale = max(SCALE_FLOOR, scale_of(composed, natural))
    rest = _twip(composed - natural * scale / 100)
    return _own(rest, condense), (None if scale == 100 else scale)


def advance(ch: str, fmt: Format, natural: float, condense: float, office: bool = False) -> float:
    """The advance a word processor gives a character formatted so (pt): its `natural` width
    scaled, plus its spacing (None: `-condense`); `office`: as LibreOffice sets a character
    that ends a text portion (a negative spacing dropped)."""
    _latin, spacing, scale = fmt
    space = -condense if spacing is None else spacing
    return natural * (100 if scale is None else scale) / 100 + (max(space, 0.0) if office else space)


def _segments(text: str, s: Settings, size: float, condense: float,
              fit: Fit) -> list[tuple[str, bool, float | None, int | None]]:
    """Runs of text: (chunk, *Format); see char_format."""
    out: list[tuple[str, bool, float | None, int | None]] = []
    for i, ch in enumerate(text):
        if i in fit.breaks and out:
            out[-1] = (out[-1][0] + BREAK, *out[-1][1:])
        key = char_format(ch, s, size, condense, fit.squeezed.get(i), fit.spaced.get(i))
        if out and out[-1][1:] == key and not out[-1][0].endswith(BREAK):
            out[-1] = (out[-1][0] + ch, *key)
        else:
            out.append((ch, *key))
    return out
