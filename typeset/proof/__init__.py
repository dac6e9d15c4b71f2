"""Proofreading: punctuation, numbers and pasted-text traces in the printed texts of an
issue, after GB/T 15834-2011, GB/T 15835-2011 and what the official issues print.

    findings(source, shown, preferred) → [Finding]     one issue file's text
    proof_file(path, shown, preferred) → [Finding]
    clean(text, preferred) → (text, [Hit])             the certain corrections applied
    count(paths, preferred) → int                      the figure check and build print

Rule modules: marks (punctuation), traces (web traces, dates, names); texts finds each
printed field and where each of its characters stands; fix writes corrections back.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path

from ..errors import TypesetError, place_in_words, visible
from .chars import CATEGORIES, PAIRS, Hit
from .rules import field_hits, hits
from .texts import texts


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    column: int
    field: str  # sections[1].articles[2].paragraphs[3]
    chars: str  # the characters found
    category: str
    message: str
    fix: str | None  # the certain correction ("" deletes), or None
    hint: str = ""  # a suggestion when the correction is not certain

    def __str__(self) -> str:
        words = place_in_words(self.field)
        where = f"{words}（{self.field}）" if words else self.field
        shown = "空格" if self.chars.strip() == "" and self.chars else f"“{self.chars}”"
        if self.fix is not None:
            todo = f"；改为“{self.fix}”" if self.fix else "；删去"
            todo += "（可用 typeset proof --fix 自动改正）"
        else:
            todo = f"；建议：{self.hint}" if self.hint else ""
        return visible(f"{self.file}:{self.line}:{self.column}: 校对：{where}：{self.category}：{shown}"
                       f"——{self.message}{todo}")


def findings(source: str, shown: str, preferred: dict[str, tuple[str, ...]] | None = None) -> list[Finding]:
    starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
    out: list[Finding] = []
    fields = texts(source)
    for k, f in enumerate(fields):
        after = fields[k + 1] if k + 1 < len(fields) else None
        quoted_on = (after is not None and f.kind == after.kind == "paragraph"
                     and after.text.lstrip().startswith("“"))
        for h in field_hits(f, preferred):
            if quoted_on and h.category == PAIRS and f.text[h.start] == "“" and "没有闭合" in h.message:
                continue  # a quotation over several paragraphs: each opens with “, the last closes it
            index = f.index(h.start)
            line = bisect.bisect_right(starts, index)
            out.append(Finding(shown, line, index - starts[line - 1] + 1, f.path, f.text[h.start:h.end],
                               h.category, h.message, h.fix, h.hint))
    return out


def proof_file(path: Path, shown: str, preferred: dict[str, tuple[str, ...]] | None = None) -> list[Finding]:
    """The findings of one issue file; none when it cannot be read or is no plain file, such as a
    pipe that would never end (check reports that)."""
    if not path.is_file():
        return []
    try:
        source = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    return findings(source.replace("\r\n", "\n"), shown, preferred)


def clean(text: str, preferred: dict[str, tuple[str, ...]] | None = None) -> tuple[str, list[Hit]]:
    """`text` with the certain corrections applied (until none is left), and the hits applied."""
    from .fix import apply

    done: list[Hit] = []
    for _ in range(4):
        found = [h for h in hits(text, preferred) if h.fix is not None]
        if not found:
            break
        text, applied = apply(text, found)
        done += applied
    return text, done


def count(paths: list[Path], preferred: dict[str, tuple[str, ...]] | None = None) -> int:
    return sum(len(proof_file(p, str(p), preferred)) for p in paths)


def summary(paths: list[Path], folder: Path) -> str:
    """The line check and build print for these issue files ("" when nothing is found)."""
    n = count(paths, preferred_names(folder))
    return f"校对：{n} 处可能的问题，运行 typeset proof 查看" if n else ""


def preferred_names(folder: Path) -> dict[str, tuple[str, ...]]:
    """The series' preferred names; none when series.yaml cannot be read (check says why)."""
    from ..reader import load_series

    try:
        return load_series(folder).preferred_names
    except TypesetError:
        return {}


__all__ = ["Finding", "findings", "proof_file", "clean", "count", "summary", "hits", "CATEGORIES"]
