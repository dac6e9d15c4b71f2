"""Character classes and advance widths by the official metrics.

The official line breaks follow 仿宋_GB2312 as Word sets it: every ideograph
and full-width mark one cell, ASCII and curly quotes in a Latin face at Times
widths. Widths here never depend on the face that will draw the glyphs.
"""

from __future__ import annotations

import unicodedata
from functools import cache

# Advance widths of Times New Roman (= Liberation Serif, metric-compatible) in
# 1/2048 em, for the printable ASCII range. Source: Liberation Serif 2.1 hmtx.
_TIMES_ASCII = {
    " ": 512, "!": 682, '"': 836, "#": 1024, "$": 1024, "%": 1706, "&": 1593, "'": 369,
    "(": 682, ")": 682, "*": 1024, "+": 1155, ",": 512, "-": 682, ".": 512, "/": 569,
    "0": 1024, "1": 1024, "2": 1024, "3": 1024, "4": 1024, "5": 1024, "6": 1024,
    "7": 1024, "8": 1024, "9": 1024, ":": 569, ";": 569, "<": 1155, "=": 1155,
    ">": 1155, "?": 909, "@": 1886, "A": 1479, "B": 1366, "C": 1366, "D": 1479,
    "E": 1251, "F": 1139, "G": 1479, "H": 1479, "I": 682, "J": 797, "K": 1479,
    "L": 1251, "M": 1821, "N": 1479, "O": 1479, "P": 1139, "Q": 1479, "R": 1366,
    "S": 1139, "T": 1251, "U": 1479, "V": 1479, "W": 1933, "X": 1479, "Y": 1479,
    "Z": 1251, "[": 682, "\\": 569, "]": 682, "^": 961, "_": 1024, "`": 682,
    "a": 909, "b": 1024, "c": 909, "d": 1024, "e": 909, "f": 682, "g": 1024,
    "h": 1024, "i": 569, "j": 569, "k": 1024, "l": 569, "m": 1593, "n": 1024,
    "o": 1024, "p": 1024, "q": 1024, "r": 682, "s": 797, "t": 569, "u": 1024,
    "v": 1024, "w": 1479, "x": 1024, "y": 1024, "z": 909, "{": 983, "|": 410,
    "}": 983, "~": 1108,
}

CURLY_QUOTES = "“”‘’"
_TIMES_QUOTES = {"“": 909, "”": 909, "‘": 682, "’": 682}


@cache
def is_latin(ch: str) -> bool:
    """Set in the Latin face: ASCII, Latin letters, and curly quotes."""
    if ch in CURLY_QUOTES or ch in _TIMES_ASCII:
        return True
    if ord(ch) < 0x2000:
        return unicodedata.category(ch)[0] in "LNPS" and unicodedata.east_asian_width(ch) in "NaH"
    return False


def latin_em(ch: str, quote_width: float, widths: str = "half") -> float:
    """Advance of a Latin-face character in em.

    widths="half": every ASCII character half an em, as 仿宋_GB2312 sets it
    (FORMAT §3); widths="times": Times New Roman's own advances.
    """
    if ch in CURLY_QUOTES:
        return quote_width
    if widths == "half":
        return 0.5
    w = _TIMES_ASCII.get(ch)
    return w / 2048 if w is not None else 0.5


def times_em(ch: str) -> float:
    """The glyph advance of a Latin-face character in Times metrics, in em."""
    w = _TIMES_ASCII.get(ch) or _TIMES_QUOTES.get(ch)
    return w / 2048 if w is not None else 0.5


def is_alnum(ch: str) -> bool:
    """Characters that take auto-spacing next to ideographs (Word: 中文与西文/数字)."""
    return ch.isascii() and ch.isalnum()


@cache
def is_ideograph(ch: str) -> bool:
    """A CJK character (not punctuation): auto-spacing applies next to it."""
    if ch.isascii() or ch in CURLY_QUOTES:
        return False
    return unicodedata.category(ch) == "Lo"
