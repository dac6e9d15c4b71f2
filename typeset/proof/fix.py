"""The certain corrections written back into an issue file, everything else kept byte for byte.

    apply(text, hits) → (text, applied)                 on a plain text
    fix_source(source, preferred) → Fixed               on an issue file's text

Each correction replaces the very characters of the file it concerns. When a value's
characters cannot be replaced one by one (an escape in double quotes, a value folded
over lines), the value alone is written anew, as the round-trip editor writes a text
(plain when YAML reads it back unchanged, else single-quoted). The new file is read
back: every printed text must be exactly the corrected one and the structure unchanged,
else that value is left as it was (its findings stay).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .chars import Hit
from .rules import field_hits
from .texts import Field, line_column, texts

ROUNDS = 3  # a correction may uncover another (，, → ，，→ ，): read again, at most this often


@dataclass(frozen=True)
class Change:
    line: int  # where it stood in the file (a later round: in the file as corrected so far)
    column: int
    field: str
    old: str
    new: str
    category: str


@dataclass
class Fixed:
    source: str
    changes: list[Change] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # fields that could not be written back


def resolve(found: list[Hit]) -> list[Hit]:
    """Certain hits that do not overlap: a wider one wins over those inside it."""
    chosen: list[Hit] = []
    for h in sorted((h for h in found if h.fix is not None), key=lambda h: (h.start, -(h.end - h.start))):
        if chosen and h.start < chosen[-1].end:
            continue
        chosen.append(h)
    return chosen


def apply(text: str, found: list[Hit]) -> tuple[str, list[Hit]]:
    chosen = resolve(found)
    out, pos = [], 0
    for h in chosen:
        out.append(text[pos:h.start])
        out.append(h.fix or "")
        pos = h.end
    out.append(text[pos:])
    return "".join(out), chosen


def _scalar(value: str) -> str:
    from ..contributions.yaml_edit import scalar

    shown = scalar(value, flow=True)
    return shown if type(shown) is str else "'" + str(shown).replace("'", "''") + "'"


def _ops(f: Field, chosen: list[Hit], source: str, whole: bool) -> list[tuple[int, int, str]] | None:
    """Splices (start, end, new) of the file for one field's corrections; None if impossible."""
    ops: list[tuple[int, int, str]] = []
    for p in f.pieces:
        mine = [h for h in chosen if p.start <= h.start and h.end <= p.end]
        if any(h.start < p.end and p.start < h.end and not (p.start <= h.start and h.end <= p.end) for h in chosen):
            return None  # a correction across two title lines
        if not mine:
            continue
        if not whole:
            for h in mine:
                at = [p.at[k - p.start] for k in range(h.start, h.end)]
                if any(a < 0 for a in at) or at != list(range(at[0], at[0] + len(at))) or any(
                        source[a] != f.text[k] for a, k in zip(at, range(h.start, h.end), strict=True)):
                    return None
                ops.append((at[0], at[-1] + 1, h.fix or ""))
            continue
        value = f.text[p.start:p.end]
        new, pos = "", 0
        for h in mine:
            new += value[pos:h.start - p.start] + (h.fix or "")
            pos = h.end - p.start
        new += value[pos:]
        start, end = p.node.start_mark.index, p.node.end_mark.index
        tail = source[start:end][len(source[start:end].rstrip("\n")):]
        ops.append((start, end, _scalar(new) + tail))
    return ops


def _shape(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _shape(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_shape(v) for v in data]
    return None if isinstance(data, str) else data


def _load(source: str) -> Any:
    try:
        return yaml.load(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return object()


def _splice(source: str, ops: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(ops, reverse=True):
        source = source[:start] + new + source[end:]
    return source


def _round(source: str, preferred: dict[str, tuple[str, ...]] | None, fixed: Fixed) -> bool:
    fields = texts(source)
    plans: dict[str, tuple[Field, list[Hit], str]] = {}
    seen: set[int] = set()
    for f in fields:
        nodes = {id(p.node) for p in f.pieces}
        if nodes & seen:
            continue  # the same text again through a YAML alias: corrected once, where it stands
        seen |= nodes
        chosen = resolve(field_hits(f, preferred))
        if chosen:
            plans[f.path] = (f, chosen, apply(f.text, chosen)[0])
    if not plans:
        return False
    whole: set[str] = set()
    dropped: set[str] = set()
    shape = _shape(_load(source))
    for _ in range(len(plans) + 2):
        ops: list[tuple[int, int, str]] = []
        for path, (f, chosen, _new) in plans.items():
            if path in dropped:
                continue
            made = _ops(f, chosen, source, path in whole)
            if made is None and path not in whole:
                whole.add(path)
                made = _ops(f, chosen, source, True)
            if made is None:
                dropped.add(path)
                continue
            ops += made
        new_source = _splice(source, ops)
        if _shape(_load(new_source)) != shape:
            bad = next((p for p in plans if p not in dropped and p not in whole), None) or next(
                (p for p in plans if p not in dropped), None)
            if bad is None:
                return False
            (whole if bad not in whole else dropped).add(bad)
            continue
        got = {f.path: f.text for f in texts(new_source)}
        wrong = [p for p, (_f, _c, new) in plans.items() if p not in dropped and got.get(p, "").strip() != new.strip()]
        if not wrong:
            break
        for p in wrong:
            (whole if p not in whole else dropped).add(p)
    else:
        return False
    for path, (f, chosen, _new) in plans.items():
        if path in dropped:
            fixed.refused.append(path)
            continue
        fixed.changes += [Change(*line_column(source, f.index(h.start)), path, f.text[h.start:h.end],
                                 h.fix or "", h.category) for h in chosen]
    if not any(p not in dropped for p in plans):
        return False
    fixed.source = new_source
    return True


def fix_source(source: str, preferred: dict[str, tuple[str, ...]] | None = None) -> Fixed:
    fixed = Fixed(source)
    for _ in range(ROUNDS):
        before = len(fixed.changes)
        if not _round(fixed.source, preferred, fixed) or len(fixed.changes) == before:
            break
    return fixed
