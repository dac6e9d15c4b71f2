"""Word's automatic numbering → the label the author sees (一、 （一） 1. （1） …).

Headings in office files are often numbered by Word, not typed: the text of the
paragraph lacks its 一、. `Numbering(document).label(p)` counts the paragraphs of each
list in document order, as Word does, and returns the label of paragraph `p` ("" when it
is not numbered or is a bullet).
"""

from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (up to 9999)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    out, zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit % 10
        if digit:
            out += ("零" if zero and out else "") + _DIGITS[digit] + name
            zero = False
        elif out:
            zero = True
    return out


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def formatted(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified",
               "japaneseCounting", "taiwaneseCounting", "ideographDigital"):
        return chinese(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    return str(n)


class Numbering:
    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId → ilvl → (start, fmt, text)
        self.counts: dict[str, dict[int, int]] = {}
        self.styles = document.styles
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for a in root.findall(w("abstractNum")):
            abstract[a.get(w("abstractNumId"))] = {
                int(lvl.get(w("ilvl"), "0")): (_val(lvl, "start", "1"), _val(lvl, "numFmt", "decimal"),
                                               _val(lvl, "lvlText", ""))
                for lvl in a.findall(w("lvl"))}
        for num in root.findall(w("num")):
            ref = num.find(w("abstractNumId"))
            levels = dict(abstract.get(ref.get(w("val")) if ref is not None else None, {}))
            for override in num.findall(w("lvlOverride")):
                ilvl = int(override.get(w("ilvl"), "0"))
                start = override.find(w("startOverride"))
                if start is not None and ilvl in levels:
                    levels[ilvl] = (start.get(w("val"), "1"), *levels[ilvl][1:])
            self.levels[num.get(w("numId"))] = {k: (int(v[0] or 1), v[1], v[2]) for k, v in levels.items()}

    def label(self, p, style) -> str:
        num_id, ilvl = _num_pr(p, style)
        if num_id is None or num_id not in self.levels or ilvl not in self.levels[num_id]:
            return ""
        counts = self.counts.setdefault(num_id, {})
        start, fmt, text = self.levels[num_id][ilvl]
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        if fmt in ("bullet", "none") or not text:
            return ""
        out = text
        for k in range(9):
            if f"%{k + 1}" in out:
                level = self.levels[num_id].get(k, (1, "decimal", ""))
                out = out.replace(f"%{k + 1}", formatted(counts.get(k, level[0]), level[1]))
        return out


def _val(node, tag: str, default: str) -> str:
    child = node.find(w(tag))
    return child.get(w("val"), default) if child is not None else default


def _num_pr(p, style) -> tuple[str | None, int]:
    """The paragraph's list and level: its own, else its style's (inherited)."""
    num_pr = p.find(f"{w('pPr')}/{w('numPr')}")
    while num_pr is None and style is not None:
        num_pr = style.element.find(f"{w('pPr')}/{w('numPr')}")
        style = style.base_style
    if num_pr is None:
        return None, 0
    num_id = num_pr.find(w("numId"))
    ilvl = num_pr.find(w("ilvl"))
    value = num_id.get(w("val")) if num_id is not None else None
    return (None if value in (None, "0") else value), int(ilvl.get(w("val"), "0")) if ilvl is not None else 0
