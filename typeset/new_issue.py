"""New issue: the series and a date → the next issue file, numbered, for an editor to fill.

    plan(catalog, date, supplement) → Planned   (path and numbers; nothing written)
    create(planned) → path                       (refuses to overwrite)

Main issues are named issues/<year>/<total>.yaml, supplements
issues/<year>/增刊-<n>.yaml.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog, shown
from .errors import Problem, TypesetError
from .issue_name import file_stem
from .model import Numbers, Origin, Series
from .numbering import Entry, number_entries

FRESH_MARK = "由 typeset new 新建"
_LEFT_EMPTY = re.compile(r'^[ \t]*(?:-[ \t]+|[^#\n]*:[ \t]+)""[ \t]*(?:#.*)?$|^[ \t]+copies:[ \t]*(?:#.*)?$', re.M)


def unfilled(text: str) -> bool:
    """A file typeset new made, with an item still left empty ("" or copies:) outside comments."""
    return FRESH_MARK in text and _LEFT_EMPTY.search(text) is not None


SCHEMA = Path(__file__).resolve().parent / "schema" / "issue.schema.json"


@dataclass(frozen=True)
class Planned:
    path: Path
    date: dt.date
    supplement: bool
    numbers: Numbers
    text: str

    def describe(self) -> str:
        return describe(self.date, self.supplement, self.numbers)


def describe(date: dt.date, supplement: bool, numbers: Numbers) -> str:
    """2024 年第 40 期（总第 645 期），2024-03-26."""
    if supplement:
        return f"{date.year} 年增刊第 {numbers.year_number} 期，{date}"
    return f"{date.year} 年第 {numbers.year_number} 期（总第 {numbers.total} 期），{date}"


# `typeset new` without --date takes today only this close after the last issue
DEFAULT_DATE_GAP = dt.timedelta(days=90)
# a date further ahead than this is a mistake (it would block every later `new`)
FUTURE_LIMIT = dt.timedelta(days=366)


def far_ahead(catalog: Catalog, today: dt.date | None = None, warning: bool = False) -> list[Problem]:
    """Issue files dated more than a year after today: a typing mistake that would block `new`."""
    limit = (today or dt.date.today()) + FUTURE_LIMIT
    return [Problem(f"日期 {e.date} 在一年以后，不像是出刊日期：请检查这个文件的 date",
                    e.where.get("date", e.origin), "date", warning=warning)
            for e in catalog.entries if e.date > limit]


def plan(catalog: Catalog, date: dt.date, supplement: bool = False, *, date_given: bool = True,
         same_day: bool = False, today: dt.date | None = None) -> Planned:
    """The next issue of its sequence on `date`: its numbers and file; TypesetError if it cannot be.

    `date_given`: the editor wrote the date (else it is today's, and must follow the last
    issue closely); `same_day`: the editor confirms a second issue on the last issue's date."""
    today = today or dt.date.today()
    ahead = far_ahead(catalog, today)
    if ahead:
        raise TypesetError([*ahead, Problem("新的一期无法排在这样的日期后面：请先改正以上文件的 date")])
    if catalog.problems:
        raise TypesetError([*catalog.problems, Problem(
            "系列的期号有以上问题，新的一期无法确定期号：请先改正（typeset check 可再次检查）")])
    if date > today + FUTURE_LIMIT:
        raise TypesetError(f"日期 {date} 在一年以后，不像是出刊日期：请检查 --date（应写成 YYYY-MM-DD，如 "
                           f"{today.isoformat()}）")
    same = [i for i, e in enumerate(catalog.entries) if e.supplement == supplement]
    stated = None
    if not same and catalog.anchor is None:  # a new series: its first issue
        stated = Numbers(1, None if supplement else 1)
    if same:
        def order(i: int) -> tuple[dt.date, int, int]:
            n = catalog.numbering.numbers[i]
            return catalog.entries[i].date, (n.total or 0) if n else 0, n.year_number if n else 0

        last = max(same, key=order)
        e, n = catalog.entries[last], catalog.numbering.numbers[last]
        if date < e.date:
            raise TypesetError(
                f"日期 {date} 早于最近一期 {e.file}（{e.date}）：typeset new 只新建排在最后的一期。"
                "请改用更晚的日期；要补录以前的一期，请复制一期文件手工修改，再运行 typeset check")
        if not date_given and date - e.date > DEFAULT_DATE_GAP:
            raise TypesetError(
                f"没有写 --date，就用今天 {date}；但最近一期 {e.file} 是 {e.date}，已相隔 {(date - e.date).days} 天，"
                f"今天不像是下一期的出刊日期。请写明出刊日期：typeset new --date YYYY-MM-DD"
                f"（确实是今天就写 --date {date}）")
        if date == e.date:
            if not same_day:
                raise TypesetError(
                    f"{date} 已有一期 {e.file}：同一天再出一期，请加 --same-day 确认"
                    f"（typeset new --date {date} --same-day）；否则请改用别的日期")
            # two issues on one day are ordered by the numbers they state (numbering rule 4)
            if (e.stated_number if supplement else e.stated_total) is None:
                what = "number" if supplement else "total"
                raise TypesetError(Problem(
                    f"同一天已有一期 {e.file}，它没有写明 {what}，无法确定两期的先后：请先在其中写明 {what}",
                    e.origin, what))
            assert n is not None
            stated = (Numbers(n.year_number + 1, None) if supplement
                      else Numbers(n.year_number + 1, (n.total or 0) + 1))
    entries = [*catalog.entries, Entry(date, supplement, stated, Origin("（新的一期）"))]
    result = number_entries(entries, catalog.anchor)
    mine = result.problems_of(len(entries) - 1)
    numbers = result.numbers[-1]
    if mine or numbers is None:
        raise TypesetError(mine or "无法确定新的一期的期号")
    stem = file_stem(numbers.year_number if supplement else numbers.total, supplement)
    path = catalog.folder / str(date.year) / f"{stem}.yaml"
    if path.exists():
        raise TypesetError(f"{shown(path)} 已存在，不会覆盖：请检查是否已经新建过这一期")
    return Planned(path, date, supplement, numbers, skeleton(catalog.series, path, date, supplement,
                                                             numbers))


def create(planned: Planned) -> Path:
    """Write the planned file; never over an existing one."""
    planned.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(planned.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise TypesetError(f"{shown(planned.path)} 已存在，不会覆盖") from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
        f.write(planned.text)
    return planned.path


def _schema_ref(folder: Path) -> str:
    return Path(os.path.relpath(SCHEMA, folder.resolve())).as_posix()


def skeleton(series: Series, path: Path, date: dt.date, supplement: bool, numbers: Numbers) -> str:
    """The new file's text: numbers, date, an empty section, the colophon defaults as comments."""
    d = series.colophon_defaults
    lines = [
        f"# yaml-language-server: $schema={_schema_ref(path.parent)}",
        f"# {describe(date, supplement, numbers)}：{FRESH_MARK}。请填写下面留空（\"\"）的各项。",
        "# 期号由 typeset 按日期顺序推算，不必改动；改了日期请运行 typeset check。",
        f"date: {date.isoformat()}",
    ]
    if supplement:
        lines += ["supplement: true", f"number: {numbers.year_number}"]
    else:
        lines += [f"number: {numbers.year_number}", f"total: {numbers.total}"]
    lines += [
        "sections:",
        '  - name: ""              # 栏目名，如 特别关注、工作动态、市州动态',
        "    articles:",
        '      - title: ""         # 标题；要分行时写成列表，每项一行',
        "        paragraphs:",
        '          - ""            # 正文，每段一项',
        '        source: ""        # 来源，如 省地方志办；没有来源就删去这一行',
        "colophon:                 # 版记：没写的项用系列默认值（issues/series.yaml）",
    ]
    if d.get("copies") is not None:
        lines.append(f"  copies: {d['copies']}             # 共印份数（系列默认 {d['copies']}）")
    else:
        lines.append("  copies:                 # 共印份数，如 21（必填）")
    lines += [
        f"  # disclosure: {d['disclosure']}     # 信息公开选项：主动公开、依申请公开、不予公开",
        f"  # printer: {d['printer']}",
        f"  # print_date: {date.isoformat()}    # 印发日期，默认同出刊日期",
        "  # 报、送、发的名单默认如下。本期不同时：写 {add: [名称。]} 增加，{remove: [名称。]} 删去，",
        "  # 写成列表则整个替换，如 to_peers: {add: [重庆市地方志办公室。]}",
    ]
    for key, label in (("to_superiors", "报"), ("to_peers", "送"), ("to_subordinates", "发")):
        names = d.get(key) or []
        lines.append(f"  # {key}:                # {label}{'' if names else '（默认为空）'}")
        lines += [f"  #   - {name}" for name in names]
    return "\n".join(lines) + "\n"


def fresh_hints(problems: Iterable[Problem]) -> list[str]:
    """A hint for each file with errors that typeset new created and nobody has filled yet."""
    hints = []
    for file in dict.fromkeys(p.origin.file for p in problems if p.origin and not p.warning):
        try:
            text = Path(file).read_text("utf-8") if Path(file).is_file() else ""  # never a pipe
        except (OSError, UnicodeDecodeError):
            continue
        if unfilled(text):
            hints.append(f"提示：{file} 是 typeset new 新建的一期，还没有填写完：请填写上面指出的各项"
                         "（栏目名、标题、正文、来源、共印份数），然后再排版")
    return hints
