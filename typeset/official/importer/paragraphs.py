"""Where paragraphs end, from the official lines alone.

pdftotext keeps no indent, so a paragraph's first line is known by its width:
a line that goes on is full (no room for one more character), and the first
line of a paragraph is full two cells earlier (the indent). A paragraph's
last line is usually short and ends a sentence. Where widths leave a choice
(a full line that ends a sentence may end its paragraph or not), the composer
settles it: set from where the official line starts, as a first line or not,
which reading ends it where the official line ends? Each reading (which lines
end a paragraph) gets a cost from these rules; the cheapest wins (dynamic
programming over the lines, whether each line is a first line).
"""

from __future__ import annotations

from .lines import Line, Measure

FULL = 1.75  # cells: a line with less room left could not take one more character
SENTENCE_END = "。！？…：；"
CLOSING = "”’）》」』"
FULL_LAST = 0.0  # a paragraph's last line that is full: as likely as any (the next line tells)
NO_SENTENCE_END = 5.0  # a paragraph that does not end a sentence
ROOM_LEFT = 20.0  # a line that goes on although it had room for more
MISBROKEN = 4.0  # the composer, set from the official line's start, ends it elsewhere


def ends_sentence(text: str) -> bool:
    core = text.rstrip(CLOSING)
    return bool(core) and core[-1] in SENTENCE_END


def _cost(measure: Measure, lines: list[Line], k: int, first: bool, last: bool) -> float:
    text = lines[k].text
    gap = measure.gap(text, first)
    over = -gap - measure.slack(text) - 0.3
    cost = 10 * over if over > 0 else 0.0  # more than the line holds, even pushed in
    if last:
        cost += FULL_LAST if gap < FULL else 0.0
        cost += 0.0 if ends_sentence(text) else NO_SENTENCE_END
    elif gap >= FULL:
        cost += ROOM_LEFT + gap
    following = "" if last or k + 1 >= len(lines) else lines[k + 1].text
    composed = measure.compose(text + following, first)
    if not composed or composed[0] != text.replace(" ", ""):
        cost += MISBROKEN
    return cost


def split(lines: list[Line], measure: Measure) -> tuple[list[list[Line]], float]:
    """The lines of one article's body grouped into paragraphs, and the reading's cost."""
    n = len(lines)
    if not n:
        return [], 0.0
    # best[k][f]: least cost of lines[k:] when line k is (f=1) or is not (f=0) a first line
    best = [[0.0, 0.0] for _ in range(n + 1)]
    ends = [[True, True] for _ in range(n)]
    for k in range(n - 1, -1, -1):
        for f in (0, 1):
            options = [(_cost(measure, lines, k, bool(f), True) + best[k + 1][1], True)]
            if k + 1 < n:
                options.append((_cost(measure, lines, k, bool(f), False) + best[k + 1][0], False))
            best[k][f], ends[k][f] = min(options, key=lambda o: (o[0], not o[1]))
    groups: list[list[Line]] = [[]]
    f = 1
    for k in range(n):
        groups[-1].append(lines[k])
        if ends[k][f] and k + 1 < n:
            groups.append([])
        f = 1 if ends[k][f] else 0
    return groups, best[0][1]


def join(lines: list[Line]) -> str:
    return "".join(line.text for line in lines)
