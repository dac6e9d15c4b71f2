"""Text → runs at the composer's advances.

    runs(ctx, text, kind, condense=None, squeezed=None) → [w:r]

Chinese at the style's condensing (or `condense`, when the composer condensed
this paragraph otherwise); Latin characters (ASCII, curly quotes …) in the
Latin character style, which names the Latin face on every font slot whatever
script a program files a character under, each fitted to its composed advance.
`squeezed`: characters (by index in `text`) set at another advance than their
style's (push-in, fitting.py), with that advance.
"""

from __future__ import annotations

from lxml import etree

from ...compose import CURLY_QUOTES, Kind, Settings, is_latin, latin_em, times_em
from .calibration import SCALE_FLOOR
from .context import Context
from .ooxml import el, put, text_run, twips
from .styles import scale_of

Format = tuple[bool, float | None, int | None]  # (Latin, spacing pt or None, width scale % or None)


def runs(ctx: Context, text: str, kind: Kind = Kind.BODY, condense: float | None = None,
         squeezed: dict[int, float] | None = None) -> list[etree._Element]:
    """The runs of `text` in a paragraph of `kind` (see the module docstring)."""
    size = ctx.sizes.get(kind, ctx.layout["body"]["size"])
    style = ctx.condense.get(kind, 0.0)
    own = style if condense is None else condense
    s = ctx.settings_at(size)
    out = []
    for chunk, latin, spacing, scale in _segments(text, s, size, own, squeezed or {}):
        rpr = el("w:rPr")
        if latin:
            put(rpr, el("w:rStyle", {"val": "Latin"}))
        if scale is None and abs(own - style) > 1e-6:  # a paragraph condensed otherwise
            scale = scale_of(size - own, size)
        if scale is not None:
            put(rpr, el("w:w", {"val": scale}))
        if spacing is not None:
            put(rpr, el("w:spacing", {"val": twips(spacing)}))
        out.append(text_run(chunk, rpr))
    return out


def char_format(ch: str, s: Settings, size: float, condense: float, squeezed: float | None) -> Format:
    """(Latin, spacing pt or None, width scale % or None = the style's) of one character.

    A Latin character is set at the composer's advance (its Latin width less `condense`):
    a digit, mark or space by a width scale of the Latin face's glyph; a letter by spacing,
    which keeps its shape. A `squeezed` mark is scaled to its advance. No glyph is scaled
    below SCALE_FLOOR: spacing does the rest."""
    # curly quotes in the Chinese face where the composition says so (quote_face)
    latin = is_latin(ch) and not (ch in CURLY_QUOTES and s.quote_face == "chinese")
    if squeezed is not None:
        return latin, *_scaled(squeezed, times_em(ch) * size if latin else size)
    if not latin:
        return False, None, None
    composed = latin_em(ch, s.quote_width, s.latin_widths) * size - condense
    face = times_em(ch) * size
    if ch.isalpha():
        return True, (round(composed - face, 2) if abs(composed - face) > 0.005 else None), 100
    return True, *_scaled(composed, face)


def _scaled(composed: float, natural: float) -> tuple[float | None, int]:
    """(spacing pt or None, scale %) that set a glyph of `natural` advance at `composed`,
    scaled no further than SCALE_FLOOR."""
    scale = max(SCALE_FLOOR, scale_of(composed, natural))
    rest = round(composed - natural * scale / 100, 2)
    return (rest if abs(rest) >= 0.05 else None), scale


def advance(ch: str, fmt: Format, size: float, style_scale: int, office: bool = False) -> float:
    """The advance a word processor gives a character formatted so (pt): the scaled width
    plus its spacing; `office`: as LibreOffice sets it alone in its run (a negative spacing
    dropped, calibration.SCALE_FLOOR)."""
    latin, spacing, scale = fmt
    natural = times_em(ch) * size if latin else size
    space = spacing or 0.0
    return natural * (style_scale if scale is None else scale) / 100 + (
        max(space, 0.0) if office else space)


def _segments(text: str, s: Settings, size: float, condense: float,
              squeezed: dict[int, float]) -> list[tuple[str, bool, float | None, int | None]]:
    """Runs of text: (chunk, *Format); see char_format."""
    out: list[tuple[str, bool, float | None, int | None]] = []
    for i, ch in enumerate(text):
        key = char_format(ch, s, size, condense, squeezed.get(i))
        if out and out[-1][1:] == key:
            out[-1] = (out[-1][0] + ch, *key)
        else:
            out.append((ch, *key))
    return out
