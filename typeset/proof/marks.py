"""Punctuation rules (GB/T 15834-2011 as the official issues print it).

    marks(text) → [Hit]

First the one-for-one corrections (a half-width mark in Chinese text, straight quotes,
full-width digits, invisible characters); the later rules (ellipsis and dash forms,
doubled marks, spaces, pairs) look at the text as those corrections leave it, so that
one `--fix` leaves nothing a second would change. Latin and number context keeps its
own marks: 3.5、1:1000、12:30、3,000、URLs, e-mail addresses, English phrases.
"""

from __future__ import annotations

import re
import unicodedata

from .chars import (
    CLOSING,
    DASHES,
    HALF,
    INVISIBLE,
    OPENING,
    PAIRS,
    REPEAT,
    SPACE,
    SPACES,
    WIDE_ALNUM,
    Hit,
    han,
    latin,
    url_spans,
    wide,
)

_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_SENTENCE = "，。、；：？！"
_START_BAD = "，。、；：？！）》」』】〉〕’”"
_RUNS = re.compile(f"[{_SENTENCE}](?:[{SPACE}]*[{_SENTENCE}])+")
_DASH_RUN = re.compile(r"[-－—–─━]+")


def _near(text: str, i: int, step: int) -> str:
    """The nearest character before (step -1) or after (step 1) i that is not a space."""
    j = i + step
    while 0 <= j < len(text) and text[j] in SPACE:
        j += step
    return text[j] if 0 <= j < len(text) else ""


def _chinese_around(text: str, i: int) -> bool:
    before, after = _near(text, i, -1), _near(text, i, 1)
    if before and after and latin(before) and latin(after):
        return False
    return bool(before and wide(before)) or bool(after and wide(after))


def _one_for_one(text: str, skip: set[int]) -> dict[int, Hit]:
    """One pass after another until none finds more: each mark corrected counts as Chinese
    for its neighbours (a run like `::—` or `?!` is Chinese as a whole)."""
    hits: dict[int, Hit] = {}
    view = text
    while True:
        context = list(view)  # dashes and ellipses to be corrected count as Chinese marks too
        for h in _dashes(view, skip):
            if h.fix:
                context[h.start:h.end] = [h.fix[0]] * (h.end - h.start)
        certain = {i: h for i, h in hits.items() if h.fix is not None}
        found = _pass("".join(context), skip | set(certain))
        hits = certain | {i: Hit(h.start, h.end, h.category, h.message.replace(context[i], text[i]), h.fix, h.hint)
                          for i, h in found.items()}
        if not any(h.fix is not None for h in found.values()):
            return hits
        view = "".join(hits[i].fix or ch if i in hits else ch for i, ch in enumerate(text))


def _pass(text: str, skip: set[int]) -> dict[int, Hit]:
    hits: dict[int, Hit] = {}
    for i, ch in enumerate(text):
        if i in skip:
            continue
        if ch in _FULL and _chinese_around(text, i):
            hits[i] = Hit(i, i + 1, HALF, f"中文里用了半角的“{ch}”", _FULL[ch])
        elif ch == "." and wide(_near(text, i, -1)) and _near(text, i, -1) not in OPENING and (
                not _near(text, i, 1) or not latin(_near(text, i, 1))) and _near(text, i, 1) != ".":
            hits[i] = Hit(i, i + 1, HALF, "中文句末用了半角的“.”", "。")
        elif 0xFF10 <= ord(ch) <= 0xFF19 or 0xFF21 <= ord(ch) <= 0xFF3A or 0xFF41 <= ord(ch) <= 0xFF5A:
            hits[i] = Hit(i, i + 1, WIDE_ALNUM, f"全角的“{ch}”，数字和字母应为半角", chr(ord(ch) - 0xFEE0))
    _parentheses(text, skip, hits)
    _quotes(text, skip, hits, '"', "“", "”")
    _quotes(text, skip, hits, "'", "‘", "’")
    return hits


def _joins_emoji(text: str, i: int) -> bool:
    """A zero-width joiner or variation selector inside an emoji (reported with the emoji)."""
    return text[i] in "\u200d\ufe0f" and i > 0 and ord(text[i - 1]) >= 0x2600


def _parentheses(text: str, skip: set[int], hits: dict[int, Hit]) -> None:
    stack: list[int] = []
    pairs: list[tuple[int, int | None]] = []
    for i, ch in enumerate(text):
        if i in skip:
            continue
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            pairs.append((stack.pop(), i) if stack else (-1, i))
    pairs += [(i, None) for i in stack]
    for start, end in pairs:
        inner = text[start + 1:end] if start >= 0 and end is not None else ""
        ends = [k for k in (start, end) if k is not None and k >= 0]
        chinese = any(han(ch) for ch in inner) or any(wide(_near(text, k, -1)) or wide(_near(text, k, 1))
                                                      for k in ends)
        if chinese:
            for k in ends:
                hits[k] = Hit(k, k + 1, HALF, f"中文里用了半角的“{text[k]}”", "（" if text[k] == "(" else "）")


def _quotes(text: str, skip: set[int], hits: dict[int, Hit], mark: str, left: str, right: str) -> None:
    """Straight quotes in Chinese text → curly ones, paired in order (inside “” double
    quotes become ‘’)."""
    where = [i for i, ch in enumerate(text) if ch == mark and i not in skip]
    if mark == "'":  # an apostrophe between Latin letters (it's) is English
        where = [i for i in where if wide(_near(text, i, -1)) or wide(_near(text, i, 1))]
    if not where or not any(_chinese_around(text, i) or (i and wide(text[i - 1])) for i in where):
        return
    if len(where) % 2:
        for i in where:
            hits[i] = Hit(i, i + 1, HALF, f"中文里用了直引号“{mark}”，且不成对：请改为弯引号并补齐",
                          hint=f"{left}{right}")
        return
    depth = 0
    opened = False
    for i, ch in enumerate(text):
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        if i in where:
            inner = mark == '"' and depth > 0
            new = ("‘" if inner else left) if not opened else ("’" if inner else right)
            hits[i] = Hit(i, i + 1, HALF, f"中文里用了直引号“{mark}”", new)
            opened = not opened


def _dashes(t: str, skip: set[int]) -> list[Hit]:
    hits: list[Hit] = []
    for m in re.finditer(r"\.{3,}|。{3,}|…+|[·•．]{3,}", t):
        if m.start() in skip:
            continue
        run, s, e = m.group(), m.start(), m.end()
        before = t[s - 1] if s else ""
        if run[0] == "…":
            if len(run) == 1:
                hits.append(Hit(s, e, DASHES, "省略号只有一半“…”", "……"))
            elif len(run) == 3:
                hits.append(Hit(s, e, DASHES, "省略号写成了三个“…”", hint="……"))
            continue
        if run[0] == "." and not (wide(_near(t, s, -1)) or wide(_near(t, e - 1, 1)) or not before):
            continue  # English text's own ellipsis
        hits.append(Hit(s, e, DASHES, f"省略号写成了“{run}”", "……"))
    for m in _DASH_RUN.finditer(t):
        if m.start() in skip:
            continue
        hit = _dash(t, m.start(), m.end())
        if hit:
            hits.append(hit)
    return hits


def _dash(t: str, s: int, e: int) -> Hit | None:
    run = t[s:e]
    before, after = t[s - 1] if s else "", t[e] if e < len(t) else ""
    digits = before.isdigit() and after.isascii() and after.isdigit()
    if run == "——" or run == "-":
        return None
    if len(run) == 1 and run in "—":
        words = before and after and (han(before) or latin(before)) and (han(after) or latin(after))
        if digits or before.isdigit() or after.isdigit() or words:
            return None  # 2021—2023年、3月25—26日、北京—上海
        return Hit(s, e, DASHES, "破折号只有一半“—”", "——")
    if digits:
        if run in ("－", "–", "--", "——"):
            return Hit(s, e, DASHES, f"数字范围中用了“{run}”，应为一字线“—”（如 2021—2023年）", "—")
        return None
    if set(run) <= set("—") :
        return Hit(s, e, DASHES, f"破折号写成了 {len(run)} 个“—”", hint="——")
    chinese = wide(_near(t, s, -1)) or wide(_near(t, e - 1, 1))
    if len(run) >= 2 and chinese and set(run) <= set("-－─━"):
        return Hit(s, e, DASHES, f"破折号写成了“{run}”", "——")
    if run in ("－", "–") and chinese:
        return Hit(s, e, DASHES, f"中文里的“{run}”：破折号应为“——”，连接号为“—”", hint="——")
    return None


def _repeats(t: str, taken: set[int]) -> list[Hit]:
    hits: list[Hit] = []
    for m in _RUNS.finditer(t):
        s, e = m.start(), m.end()
        run = re.sub(f"[{SPACE}]", "", m.group())
        if any(k in taken for k in range(s, e)) or run in ("？！", "！？"):
            continue
        if len(set(run)) == 1 and run[0] in "，。、；：":
            hits.append(Hit(s, e, REPEAT, f"标点重复“{run}”", run[0]))
        elif len(set(run)) == 1:
            hits.append(Hit(s, e, REPEAT, f"标点重复“{run}”（正式文稿不连用）", hint=run[0]))
        else:
            hits.append(Hit(s, e, REPEAT, f"标点连用“{run}”：请只留一个"))
    return hits


def _spaces(t: str, wide_at: set[int], skip: set[int], title: bool) -> list[Hit]:
    """Spaces a PDF or Word copy leaves: between single characters (四 川 省), beside a mark
    that never has one (“ ，”、“（ ”), two or more between Chinese words. One space between
    words (“百年辉煌 百年荣光”, a title's two parts) is the official style."""
    hits: list[Hit] = []
    runs = _letter_spaced(t)
    inside = {k for s, e in runs for k in range(s, e)}
    hits += [Hit(s, e, SPACES, "字与字之间有空格（常见于从 PDF 复制的文字）", re.sub(f"[{SPACE}]", "", t[s:e]))
             for s, e in runs]
    for m in re.finditer(f"[{SPACE}]+", t):
        s, e = m.start(), m.end()
        if s == 0 or e == len(t) or s in skip or s in inside:
            continue
        a, b = t[s - 1], t[e]
        if s - 1 in wide_at:
            a = "…"
        if e in wide_at:
            b = "…"
        tight = a in _SENTENCE + OPENING + "…—" or b in _SENTENCE + CLOSING + "…—"
        if tight and (wide(a) or wide(b)):
            what = "标点旁有空格"
        elif han(a) and han(b) and not title and (e - s > 1 or m.group() != " "):
            what = "汉字之间有多个空格或全角空格"
        else:
            continue
        hits.append(Hit(s, e, SPACES, what, ""))
    return hits


_SPACED = re.compile(r"[^\s](?: [^\s]){3,}")


def _letter_spaced(t: str) -> list[tuple[int, int]]:
    """Runs of single characters set apart by spaces, as a PDF copy gives them
    (四 川 省 地 方 志、3 月 2 8 日 ， 全 省): at least three Chinese characters among them."""
    out: list[tuple[int, int]] = []
    for m in _SPACED.finditer(t):
        s, e = m.start(), m.end()
        spaces = m.group().count(" ")
        if sum(1 for ch in m.group() if han(ch)) < 3:
            continue
        if spaces < 5 and ((s and han(t[s - 1])) or (e < len(t) and han(t[e]))):
            continue  # a word of several characters at either end (新时代 脱 贫 攻): a short run is words
        out.append((s, e))
    return out


def _pairs(t: str, lines: list[int]) -> list[Hit]:
    """Quotes and brackets opened and never closed, or closed by the wrong mark."""
    hits: list[Hit] = []
    stack: list[int] = []
    for i, ch in enumerate(t):
        if ch in OPENING:
            stack.append(i)
        elif ch in CLOSING:
            want = OPENING[CLOSING.index(ch)]
            if stack and t[stack[-1]] == want:
                stack.pop()
            elif want in (t[k] for k in stack):
                while t[stack[-1]] != want:
                    k = stack.pop()
                    hits.append(Hit(k, k + 1, PAIRS, f"“{t[k]}”没有对应的“{CLOSING[OPENING.index(t[k])]}”"))
                stack.pop()
            elif not _label(t, i, lines):
                hits.append(Hit(i, i + 1, PAIRS, f"“{ch}”前面没有对应的“{want}”"))
    for k in stack:
        hits.append(Hit(k, k + 1, PAIRS, f"“{t[k]}”没有对应的“{CLOSING[OPENING.index(t[k])]}”（在这段里没有闭合）"))
    return hits


def _label(t: str, i: int, lines: list[int]) -> bool:
    """A list label 1） a） 一） at the start of a line."""
    start = max((k for k in lines if k <= i), default=0)
    return t[i] == "）" and 0 < i - start <= 3 and all(latin(c) or c in "一二三四五六七八九十" for c in t[start:i])


def _invisible(text: str) -> list[int]:
    return [i for i, ch in enumerate(text)
            if ch != "\n" and unicodedata.category(ch) in ("Cf", "Cc") and not _joins_emoji(text, i)]


def marks(text: str, lines: list[int] | None = None, title: bool = False) -> list[Hit]:
    """Invisible characters are found first; the other rules read the text without them
    (as it prints), their hits mapped back to the characters of the text."""
    hidden = _invisible(text)
    if not hidden:
        return _marks(text, lines, title)
    gone = set(hidden)
    keep = [i for i in range(len(text)) if i not in gone]
    shown = "".join(text[i] for i in keep)
    starts = [sum(1 for k in keep if k < s) for s in (lines or [0])]
    hits = [Hit(i, i + 1, INVISIBLE, f"不可见的字符 U+{ord(text[i]):04X}（常见于网页或微信粘贴的文字）", "")
            for i in hidden]
    for h in _marks(shown, starts, title):
        start = keep[h.start] if h.start < len(keep) else len(text)
        end = keep[h.end - 1] + 1 if h.end > h.start else start
        hits.append(Hit(start, end, h.category, h.message, h.fix, h.hint))
    return hits


def _marks(text: str, lines: list[int] | None = None, title: bool = False) -> list[Hit]:
    """`lines`: where each line of a several-line title starts (a mark may not start one);
    `title`: a title or section name, where one space between words is a separator."""
    lines = lines or [0]
    skip = url_spans(text)
    first = _one_for_one(text, skip)
    shadow = "".join(first[i].fix or text[i] if i in first and first[i].fix else text[i]
                     for i in range(len(text)))
    hits = list(first.values())
    dashes = _dashes(shadow, skip)
    hits += dashes
    taken = {k for h in dashes for k in range(h.start, h.end)}
    wide_at = {k for h in dashes if h.fix for k in range(h.start, h.end)}
    hits += _repeats(shadow, taken)
    hits += _spaces(shadow, wide_at, skip, title)
    hits += _pairs(shadow, lines)
    for start in lines:
        if start < len(shadow) and shadow[start] in _START_BAD and not any(h.start == start for h in hits):
            hits.append(Hit(start, start + 1, REPEAT, f"“{shadow[start]}”不能出现在行首"))
    return hits
