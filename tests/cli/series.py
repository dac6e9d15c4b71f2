"""A generated series on disk: 60+ issues over three years, with supplements.

The expected numbers are counted here independently of typeset: the first
file is 2023 第 1 期 = 总第 101 期, every later main issue adds one to the
total, and the yearly number restarts at 1 each January.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

# (year, first date, days between issues, how many)
YEARS = ((2023, dt.date(2023, 9, 5), 9, 12), (2024, dt.date(2024, 1, 9), 12, 30),
         (2025, dt.date(2025, 1, 7), 15, 22))
SUPPLEMENTS = (dt.date(2024, 5, 1), dt.date(2024, 9, 18), dt.date(2025, 3, 3))
FIRST_TOTAL = 101
ANCHOR_YEAR, ANCHOR_NUMBER = 2024, 10

SERIES = """\
# yaml-language-server: $schema=../../typeset/schema/series.schema.json
title: 四川省地方志工作简报
office: 四川省地方志工作办公室
layout: briefing
page_numbers: false
anchor: {{date: {date}, number: {number}, total: {total}}}
colophon:
  disclosure: 主动公开
  printer: 四川省地方志工作办公室综合处
{copies}  to_superiors:
    - 省委，省人大常委会，省人民政府，政协四川省委。
    - 中国地方志工作办公室。
  to_peers:
    - 各市（州）党委、市（州）人民政府，省直各部门，中央驻川机构。
  to_subordinates:
    - 各市（州）地方志办公室（党史地方志研究室，地方志编纂中心），巴蜀方志文化研究中心。
"""


@dataclass(frozen=True)
class Made:
    date: dt.date
    number: int
    total: int | None  # None for a supplement
    supplement: bool
    path: Path
    title: str

    @property
    def line(self) -> str:
        """The masthead's number line."""
        if self.supplement:
            return f"增刊第 {self.number} 期"
        return f"第 {self.number} 期（总第 {self.total} 期）"


def issue_text(date: dt.date, title: str, number: int | None = None, total: int | None = None,
               supplement: bool = False, copies: int | None = 20) -> str:
    head = [f"date: {date.isoformat()}"]
    if supplement:
        head.append("supplement: true")
    if number is not None:
        head.append(f"number: {number}")
    if total is not None:
        head.append(f"total: {total}")
    body = f"""\
sections:
  - name: 工作动态
    articles:
      - title: {title}
        paragraphs:
          - {title}的正文。
        source: 省地方志办
"""
    if copies is not None:
        body += f"colophon:\n  copies: {copies}\n"
    return "\n".join(["# yaml-language-server: $schema=../../typeset/schema/issue.schema.json", *head]) \
        + "\n" + body


def expected() -> list[Made]:
    """The series' issues with their true numbers, main issues and supplements in date order."""
    made: list[Made] = []
    total = FIRST_TOTAL
    for year, first, step, count in YEARS:
        for k in range(count):
            date = first + dt.timedelta(days=step * k)
            made.append(Made(date, k + 1, total, False, Path(), f"{year}年第{k + 1}期要闻"))
            total += 1
    per_year: dict[int, int] = {}
    for date in SUPPLEMENTS:
        n = per_year[date.year] = per_year.get(date.year, 0) + 1
        made.append(Made(date, n, None, True, Path(), f"{date.year}年增刊第{n}期专题"))
    return sorted(made, key=lambda m: (m.date, m.supplement))


def anchor_of(made: list[Made]) -> Made:
    return next(m for m in made if not m.supplement and m.date.year == ANCHOR_YEAR
                and m.number == ANCHOR_NUMBER)


def make_series(root: Path, state: bool = True, by_date: bool = False,
                series_copies: int | None = None) -> list[Made]:
    """Write root/issues/series.yaml and every issue; return them with their true numbers.

    state: the files state number/total (as typeset new writes them); else they are derived.
    by_date: files named YYYY-MM-DD.yaml instead of by their numbers.
    """
    issues = root / "issues"
    issues.mkdir(parents=True)
    made = expected()
    a = anchor_of(made)
    copies = f"  copies: {series_copies}\n" if series_copies else ""
    (issues / "series.yaml").write_text(
        SERIES.format(date=a.date, number=a.number, total=a.total, copies=copies), "utf-8")
    out = []
    for m in made:
        if by_date:
            name = f"{m.date}{'-增刊' if m.supplement else ''}"
        else:
            name = f"增刊-{m.number}" if m.supplement else str(m.total)
        path = issues / str(m.date.year) / f"{name}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(issue_text(m.date, m.title, m.number if state else None,
                                   m.total if state else None, m.supplement), "utf-8")
        out.append(Made(m.date, m.number, m.total, m.supplement, path, m.title))
    return out


def set_head(path: Path, **values: object) -> None:
    """Change (or, with None, remove) top-level keys of an issue file: date, number, total."""
    lines = path.read_text("utf-8").splitlines()
    kept = [line for line in lines if line.split(":")[0] not in values]
    at = next(i for i, line in enumerate(kept) if line.startswith("sections:"))
    new = [f"{k}: {v}" for k, v in values.items() if v is not None]
    path.write_text("\n".join(kept[:at] + new + kept[at:]) + "\n", "utf-8")
