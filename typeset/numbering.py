"""Numbering: the series' issues → each issue's numbers (第 N 期, 总第 M 期, 增刊第 N 期).

    number_entries(entries, anchor) → Numbering   (numbers for each entry, and problems)
    number_issues(issues, anchor) → (issues with .numbers, problems)
    keep_stated(issue) → Issue                    (a file outside the series: as it states)

A pass over the model, run before any writer so every writer sees the same
numbers. Pure: it reads no file and knows nothing of YAML or the command line.

The rules (README, "期号"):

1. Main issues are ordered by date. The series anchor fixes one issue (date,
   yearly number, running total); every other running total follows by
   counting issues from it. When no file has the anchor's date, the anchor
   stands between the files before and after that date. Without an anchor,
   the earliest file stating both numbers serves as one; without either (a
   new series, README "开始一个新的系列"), the earliest issue is 第1期（总第1期）.
2. The yearly number restarts at 1 with the first issue of each calendar
   year. In the anchor's year it counts from the anchor. In the earliest year
   of the files (which may begin mid-year) the first stated yearly number
   fixes the count, else it starts at 1.
3. 增刊 (supplements) follow rule 2 in a sequence of their own; they have no
   running total and do not advance the main numbers.
4. Two issues of one sequence on the same date are ordered by the numbers they
   state (the total; for supplements the yearly number). If any of them states
   none, that is an error and those issues get no numbers.
5. Numbers written in a file, and a file named after its number (645.yaml,
   增刊-2.yaml), must agree with the derived ones. Besides each disagreement,
   the stated numbers are checked among themselves: the same total twice,
   totals out of date order, a gap, a yearly number not restarting at 1.

Everything is linear in the number of issues (plus one sort).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem, TypesetError
from .issue_name import file_stem, number_of_stem
from .model import Issue, Numbers, Origin


@dataclass(frozen=True)
class Entry:
    """What numbering needs to know of one issue file."""

    date: dt.date
    supplement: bool = False
    stated: Numbers | None = None  # year_number 0 / total None: not stated
    origin: Origin | None = None  # the file, for messages
    name: str = ""  # the file's stem: "645" names total 645, "增刊-2" supplement 2
    where: Mapping[str, Origin] = field(default_factory=dict)  # "number"/"total" → its line

    @property
    def stated_number(self) -> int | None:
        return self.stated.year_number if self.stated and self.stated.year_number else None

    @property
    def stated_total(self) -> int | None:
        return self.stated.total if self.stated and self.stated.total else None

    @property
    def named(self) -> int | None:
        """The number the file name implies: the total, or a supplement's yearly number."""
        return number_of_stem(self.name, self.supplement)

    def at(self, key: str) -> Origin | None:
        return self.where.get(key, self.origin)

    @property
    def file(self) -> str:
        return self.origin.file if self.origin else (self.name or "？")


@dataclass(frozen=True)
class Anchor:
    """One issue whose numbers are known: every other follows from it."""

    date: dt.date
    number: int
    total: int
    origin: Origin | None = None

    @classmethod
    def of(cls, anchor: Mapping[str, Any] | None, origin: Origin | None = None) -> Anchor | None:
        """From Series.anchor ({date, number, total})."""
        if not anchor:
            return None
        return cls(anchor["date"], anchor["number"], anchor["total"], origin)

    def __str__(self) -> str:
        return f"{self.date} 第 {self.number} 期（总第 {self.total} 期）"


@dataclass(frozen=True)
class Numbering:
    """The numbers of each entry (None where they cannot be decided) and what is wrong."""

    numbers: tuple[Numbers | None, ...]
    problems: tuple[Problem, ...]
    concerns: tuple[frozenset[int], ...]  # per problem: the entries it is about; empty = all

    def problems_of(self, i: int) -> list[Problem]:
        """Problems about entry i, and those about the whole series."""
        return [p for p, c in zip(self.problems, self.concerns, strict=True) if not c or i in c]


def keep_stated(issue: Issue) -> Issue:
    """An issue file outside the series: its numbers are the ones it states."""
    s = issue.stated
    if s is None or not s.year_number or not (issue.supplement or s.total):
        need = "number（增刊期号）" if issue.supplement else "number（年度期号）和 total（总期号）"
        raise TypesetError(Problem(
            f"这个文件不在系列文件夹（issues/）中，无法推算期号：请写明 {need}，"
            "或把文件放进 issues/ 下", issue.origin, "number"))
    assert s is not None  # complete
    numbers = Numbers(s.year_number, None if issue.supplement else s.total)
    return dataclasses.replace(issue, numbers=numbers)


def number_issues(issues: Sequence[Issue], anchor: Anchor | None,
                  names: Sequence[str] | None = None) -> tuple[list[Issue], list[Problem]]:
    """The model pass: issues → the same issues with .numbers set where they can be decided."""
    entries = [Entry(i.date, i.supplement, i.stated, i.origin, names[k] if names else "")
               for k, i in enumerate(issues)]
    result = number_entries(entries, anchor)
    numbered = [dataclasses.replace(i, numbers=n) for i, n in zip(issues, result.numbers, strict=True)]
    return numbered, list(result.problems)


def number_entries(entries: Sequence[Entry], anchor: Anchor | None) -> Numbering:
    """Entries → their numbers and every inconsistency found (rules in the module docstring)."""
    out = _Out(len(entries))
    main = [i for i, e in enumerate(entries) if not e.supplement]
    supplements = [i for i, e in enumerate(entries) if e.supplement]
    if main:
        order = _order(main, entries, out, supplement=False)
        if anchor:
            out.basis = f"（期号由 series.yaml 的锚点 anchor：{anchor}按日期先后推算）"
        anchor = anchor or _stated_anchor(order, entries) or _first_issue(order, entries)
        _number_main(order, entries, anchor, out)
        _check_stated(order, entries, out, supplement=False)
    if supplements:
        order = _order(supplements, entries, out, supplement=True)
        _number_supplements(order, entries, out)
        _check_stated(order, entries, out, supplement=True)
    return Numbering(tuple(out.numbers), tuple(out.problems), tuple(out.concerns))


# ---------------------------------------------------------------- internals


class _Out:
    def __init__(self, n: int) -> None:
        self.numbers: list[Numbers | None] = [None] * n
        self.problems: list[Problem] = []
        self.concerns: list[frozenset[int]] = []
        self.undecided: set[int] = set()
        self.basis = ""  # what the main issues' numbers are counted from, when the series says

    def add(self, problem: Problem, about: Iterable[int] = ()) -> None:
        self.problems.append(problem)
        self.concerns.append(frozenset(about))


def _files(entries: Sequence[Entry], idx: Iterable[int]) -> str:
    return "、".join(entries[i].file for i in idx)


def _order(idx: list[int], entries: Sequence[Entry], out: _Out, supplement: bool) -> list[int]:
    """Indices in date order; same-date issues by their stated numbers (rule 4)."""
    def tie(i: int) -> int | None:
        e = entries[i]
        return e.stated_number if supplement else e.stated_total

    by_date: dict[dt.date, list[int]] = defaultdict(list)
    for i in idx:
        by_date[entries[i].date].append(i)
    order: list[int] = []
    what = "number（增刊期号）" if supplement else "total（总期号）"
    kind = "增刊" if supplement else "期"
    for date in sorted(by_date):
        group = by_date[date]
        if len(group) > 1:
            keys = [tie(i) for i in group]
            if None in keys or len(set(keys)) < len(keys):
                out.add(Problem(
                    f"同一天（{date}）有 {len(group)} {kind}：{_files(entries, group)}；无法确定先后。"
                    f"请在这几期中都写明各不相同的 {what}，或改正日期", entries[group[0]].origin, "date"),
                    group)
                out.undecided.update(group)
            else:
                group = sorted(group, key=tie)  # type: ignore[arg-type, return-value]
        order.extend(group)
    return order


def _stated_anchor(order: list[int], entries: Sequence[Entry]) -> Anchor | None:
    for i in order:
        e = entries[i]
        if e.stated_number and e.stated_total:
            return Anchor(e.date, e.stated_number, e.stated_total, e.origin)
    return None


def _first_issue(order: list[int], entries: Sequence[Entry]) -> Anchor:
    """A series with no anchor and no stated numbers starts at 第1期（总第1期）."""
    first = entries[order[0]]
    return Anchor(first.date, 1, 1, first.origin)


def _year_starts(order: list[int], entries: Sequence[Entry]) -> dict[int, int]:
    """Year → position in `order` of its first issue."""
    starts: dict[int, int] = {}
    for k, i in enumerate(order):
        starts.setdefault(entries[i].date.year, k)
    return starts


def _first_stated(order: list[int], entries: Sequence[Entry], year: int, undecided: set[int]
                  ) -> tuple[int, int] | None:
    """(position, stated yearly number) of the first issue of `year` that states its number."""
    for k, i in enumerate(order):
        e = entries[i]
        if e.date.year == year and e.stated_number and i not in undecided:
            return k, e.stated_number
    return None


def _yearly(order: list[int], entries: Sequence[Entry], out: _Out,
            anchor: Anchor | None = None, offset: Callable[[int], int] | None = None) -> list[int]:
    """Yearly number at each position (rule 2); in the anchor's year, the anchor's number
    plus the position's offset from the anchor."""
    starts = _year_starts(order, entries)
    first_year = entries[order[0]].date.year
    base: dict[int, tuple[int, int]] = {y: (k, 1) for y, k in starts.items()}
    if anchor is None or first_year != anchor.date.year:
        stated = _first_stated(order, entries, first_year, out.undecided)
        if stated:
            base[first_year] = stated
    numbers = []
    for k, i in enumerate(order):
        year = entries[i].date.year
        if anchor is not None and offset is not None and year == anchor.date.year:
            numbers.append(anchor.number + offset(k))
            continue
        k0, n0 = base[year]
        numbers.append(n0 + k - k0)
    return numbers


def _number_main(order: list[int], entries: Sequence[Entry], anchor: Anchor, out: _Out) -> None:
    on_date = [k for k, i in enumerate(order) if entries[i].date == anchor.date]
    if on_date:
        at = next((k for k in on_date if entries[order[k]].stated_total == anchor.total), on_date[0])

        def offset(k: int) -> int:
            return k - at
    else:
        before = sum(1 for i in order if entries[i].date < anchor.date)

        def offset(k: int) -> int:
            return k - before + (1 if k >= before else 0)

    yearly = _yearly(order, entries, out, anchor, offset)
    too_early: list[int] = []
    for k, i in enumerate(order):
        total = anchor.total + offset(k)
        if total < 1 or yearly[k] < 1:
            too_early.append(i)
            continue
        if i not in out.undecided:
            out.numbers[i] = Numbers(yearly[k], total)
    if too_early:
        out.add(Problem(
            f"按编号锚点 {anchor} 往前推，{_files(entries, too_early[:3])}"
            f"{' 等' if len(too_early) > 3 else ''} {len(too_early)} 期的期号小于 1：锚点在其年份"
            "之前的文件多于锚点期号。请检查这些文件的日期，或 series.yaml 中的 anchor",
            entries[too_early[0]].origin, "date"), too_early)


def _number_supplements(order: list[int], entries: Sequence[Entry], out: _Out) -> None:
    yearly = _yearly(order, entries, out)
    for k, i in enumerate(order):
        if i not in out.undecided and yearly[k] >= 1:
            out.numbers[i] = Numbers(yearly[k], None)


def _check_stated(order: list[int], entries: Sequence[Entry], out: _Out, supplement: bool) -> None:
    """Stated numbers against the derived ones, then among themselves (rule 5)."""
    _disagreements(order, entries, out, supplement)
    if supplement:
        for i in order:
            if entries[i].stated_total:
                out.add(Problem("增刊没有总期号：请删去 total", entries[i].at("total"), "total"), [i])
    else:
        _known_totals(order, entries, out)
    _known_yearly(order, entries, out, supplement)


def _disagreements(order: list[int], entries: Sequence[Entry], out: _Out, supplement: bool) -> None:
    """Each stated number that differs from the derived one. A run of issues that differ
    alike (all later issues after a gap, say) is reported once, at its first issue."""
    run: list[int] = []
    run_key: tuple[Any, ...] = ()

    def flush() -> None:
        if run:
            _report_run(run, entries, out, supplement)

    for i in order:
        derived = out.numbers[i]
        key: tuple[Any, ...] = ()
        if derived is not None:
            e = entries[i]
            diffs = []
            if e.stated_number and e.stated_number != derived.year_number:
                diffs.append(("number", e.stated_number - derived.year_number))
            if not supplement and e.stated_total and e.stated_total != derived.total:
                diffs.append(("total", e.stated_total - (derived.total or 0)))
            named = e.named
            expected = derived.year_number if supplement else derived.total
            if named is not None and named != expected:
                diffs.append(("name", named - (expected or 0)))
            key = tuple(diffs)
        if key and key == run_key:
            run.append(i)
            continue
        flush()
        run, run_key = ([i], key) if key else ([], ())
    flush()


def _report_run(run: list[int], entries: Sequence[Entry], out: _Out, supplement: bool) -> None:
    i = run[0]
    e, n = entries[i], out.numbers[i]
    assert n is not None
    parts = []
    field_name = ""
    if e.stated_number and e.stated_number != n.year_number:
        word = "增刊第" if supplement else "第"
        parts.append(f"number 写的是{word} {e.stated_number} 期，应为{word} {n.year_number} 期")
        field_name = "number"
    if not supplement and e.stated_total and e.stated_total != n.total:
        parts.append(f"total 写的是总第 {e.stated_total} 期，应为总第 {n.total} 期")
        field_name = field_name or "total"
    expected = n.year_number if supplement else n.total
    if e.named is not None and e.named != expected:
        parts.append(f"文件名 {e.name} 与期号不符，应为 {file_stem(expected, supplement)}")
    follow = ""
    if len(run) > 1:
        follow = f"；其后 {len(run) - 1} 期（至 {entries[run[-1]].file}）也同样相差"
    out.add(Problem(
        "期号与按日期顺序推算的不符" + ("" if supplement else out.basis) + "：" + "；".join(parts) + follow
        + "。请改正期号，或检查是否缺了一期、多了一期、日期写错（运行 typeset list 查看各期）",
        e.at(field_name) if field_name else e.origin, field_name), run)


def _known_totals(order: list[int], entries: Sequence[Entry], out: _Out) -> None:
    """Running totals the files give (stated, else by file name): duplicates, order, gaps."""
    known: list[tuple[int, int, int]] = []  # (position, entry, total)
    by_total: dict[int, list[int]] = defaultdict(list)
    for k, i in enumerate(order):
        e = entries[i]
        t = e.stated_total or e.named
        if t is not None:
            known.append((k, i, t))
            by_total[t].append(i)
    for t, idx in by_total.items():
        if len(idx) > 1:
            out.add(Problem(f"总第 {t} 期出现在 {len(idx)} 个文件中：{_files(entries, idx)}；"
                            "总期号不能重复，请改正", entries[idx[1]].at("total"), "total"), idx)

    def where(i: int, t: int) -> str:
        how = "" if entries[i].stated_total == t else "（按文件名）"
        return f"{entries[i].file}（{entries[i].date}，总第 {t} 期{how}）"

    for (k0, i0, t0), (k1, i1, t1) in itertools.pairwise(known):
        if t1 < t0 and _derived(out, i0) != t0 and _derived(out, i1) == t1:  # i0's date is the odd one
            out.add(Problem(f"日期先后与总期号不符：{entries[i0].file} 的日期 {entries[i0].date} 早于 {where(i1, t1)}，"
                            f"总期号却较大（总第 {t0} 期）；请检查这一期的日期是否写错，或改正期号",
                            entries[i0].at("date"), "date"), [i0, i1])
        elif t1 < t0:
            out.add(Problem(f"日期先后与总期号不符：{where(i0, t0)}的日期较早，总期号却较大，"
                            f"后一期是 {where(i1, t1)}；请改正日期或期号",
                            entries[i1].at("total"), "total"), [i0, i1])
        elif t1 - t0 > k1 - k0:
            missing = f"总第 {t0 + 1} 期" if t1 - t0 == 2 else f"总第 {t0 + 1}–{t1 - 1} 期"
            if k1 - k0 > 1:
                missing = f" {t1 - t0 - (k1 - k0)} 期"
            out.add(Problem(f"总期号不连续：{where(i0, t0)}之后是 {where(i1, t1)}，中间缺少{missing}；"
                            "请补上缺的期，或改正期号", entries[i1].at("total"), "total"), [i0, i1])


def _derived(out: _Out, i: int) -> int | None:
    n = out.numbers[i]
    return n.total if n else None


def _known_yearly(order: list[int], entries: Sequence[Entry], out: _Out, supplement: bool) -> None:
    """Yearly numbers the files state: restart at 1 each year, no repeats, in order, no gaps."""
    word = "增刊第" if supplement else "第"
    starts = _year_starts(order, entries)
    first_year = entries[order[0]].date.year
    prev: tuple[int, int, int] | None = None  # (position, entry, number) in the same year
    for k, i in enumerate(order):
        e = entries[i]
        year = e.date.year
        if starts[year] == k:
            prev = None
            last = entries[order[k - 1]]
            odd = (last.stated_total or last.named) not in (None, _derived(out, order[k - 1]))  # its date
            if year != first_year and e.stated_number and e.stated_number != 1 and i not in out.undecided and not odd:
                out.add(Problem(
                    f"年度期号没有从 1 重新开始：这是 {year} 年的第一期（上一期是 {last.file}，{last.date}），"
                    f"应为{word} 1 期，写的是{word} {e.stated_number} 期",
                    e.at("number"), "number"), [i])
        n = e.stated_number
        if n is None:
            continue
        if prev is not None:
            k0, i0, n0 = prev
            before = f"{entries[i0].file}（{entries[i0].date}，{word} {n0} 期）"
            here = f"{e.file}（{e.date}，{word} {n} 期）"
            if n == n0:
                out.add(Problem(f"{year} 年有两期都是{word} {n} 期：{before}、{here}；请改正",
                                e.at("number"), "number"), [i0, i])
            elif n < n0:
                out.add(Problem(f"日期先后与年度期号不符：{before}的日期较早，期号却较大，后一期是 {here}；"
                                "请改正日期或期号", e.at("number"), "number"), [i0, i])
            elif n - n0 > k - k0:
                out.add(Problem(f"年度期号不连续：{before}之后是 {here}，中间缺少 {n - n0 - (k - k0)} 期；"
                                "请补上缺的期，或改正期号", e.at("number"), "number"), [i0, i])
        prev = (k, i, n)
