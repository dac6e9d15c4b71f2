"""An issue's name, written and read in this one place.

    645          总第 645 期 (the running total)
    2024-40      2024 年第 40 期 (year and yearly number)
    2024-增刊-1  2024 年增刊第 1 期 (2024-增刊1 is read too)

names an issue on the command line (build, add), in the server's addresses and on its
outputs (build/645.pdf); inside a year's folder its file is 645.yaml or 增刊-1.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Numbers

HELP = "总期号（如 645）、年份-期号（如 2024-40）、年份-增刊-期号（如 2024-增刊-1）或 YAML 文件路径"

_NAME = re.compile(r"(?P<total>\d+)|(?P<year>\d{4})-(?P<supplement>增刊-?)?(?P<number>\d+)")
_STEM = re.compile(r"(?P<supplement>增刊-?)?(?P<number>\d+)")
SUPPLEMENT = "增刊"


@dataclass(frozen=True)
class IssueName:
    """What a name says: a running total (year None), or a year's (supplement's) number."""

    number: int
    year: int | None = None
    supplement: bool = False

    def __str__(self) -> str:
        if self.year is None:
            return str(self.number)
        return f"{self.year}-{SUPPLEMENT}-{self.number}" if self.supplement else f"{self.year}-{self.number}"

    def describe(self) -> str:
        """总第 645 期; 2024 年第 40 期; 2024 年增刊第 1 期."""
        if self.year is None:
            return f"总第 {self.number} 期"
        return f"{self.year} 年{SUPPLEMENT if self.supplement else ''}第 {self.number} 期"

    def names(self, numbers: Numbers, year: int, supplement: bool) -> bool:
        """Whether an issue of `year` with these numbers is the one named."""
        if self.year is None:
            return not supplement and numbers.total == self.number
        return supplement == self.supplement and year == self.year and numbers.year_number == self.number


def parse(text: str) -> IssueName | None:
    """645 / 2024-40 / 2024-增刊-1 → what it names; None for anything else."""
    m = _NAME.fullmatch(text)
    if m is None:
        return None
    if m["total"] is not None:
        return IssueName(int(m["total"]))
    return IssueName(int(m["number"]), int(m["year"]), m["supplement"] is not None)


def issue_name(numbers: Numbers | None, year: int, supplement: bool) -> str:
    """The name of an issue with these numbers: 645, or 2024-增刊-1 for a supplement; "" when
    its numbers are not known (a main issue without a running total, say)."""
    if numbers is None:
        return ""
    if supplement:
        return str(IssueName(numbers.year_number, year, True))
    return str(numbers.total) if numbers.total else ""


def file_stem(number: int | None, supplement: bool) -> str:
    """The file name (without .yaml) of an issue inside its year's folder: 645, 增刊-1."""
    return f"{SUPPLEMENT}-{number}" if supplement else str(number)


def number_of_stem(stem: str, supplement: bool) -> int | None:
    """The number a file name gives: 645 → the total; 增刊-1 (增刊1) → a supplement's; else None."""
    m = _STEM.fullmatch(stem)
    if m is None or (m["supplement"] is not None) != supplement:
        return None
    return int(m["number"])
