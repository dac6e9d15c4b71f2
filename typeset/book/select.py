"""Which issues a volume holds: a year, a date range, or the whole series."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..catalog import Catalog
from ..errors import TypesetError
from ..written import parse_date

RANGE_HELP = "年份（如 2024）、日期范围（如 2024-01-01..2024-06-30）或 --all"


@dataclass(frozen=True)
class Span:
    """The issues dated start…end (both included); `kind` says how the editor named them."""

    kind: str  # "year", "dates" or "all"
    start: dt.date
    end: dt.date

    @classmethod
    def parse(cls, target: str | None, everything: bool) -> Span:
        if everything == (target is not None):
            raise TypesetError(f"请指定要装订的范围：{RANGE_HELP}（二者选一）")
        if everything:
            return cls("all", dt.date.min, dt.date.max)
        assert target is not None
        text = target.strip()
        if re.fullmatch(r"\d{4}", text):
            year = int(text)
            return cls("year", dt.date(year, 1, 1), dt.date(year, 12, 31))
        m = re.fullmatch(r"(\d{4}(?:-\d{2}-\d{2})?)\s*\.\.\s*(\d{4}(?:-\d{2}-\d{2})?)", text)
        if not m:
            raise TypesetError(f"看不懂“{target}”：请写{RANGE_HELP}")
        start, end = _day(m[1], first=True), _day(m[2], first=False)
        if start > end:
            raise TypesetError(f"日期范围“{target}”的起点晚于终点：请写成 早..晚，如 2024-01-01..2024-06-30")
        return cls("dates", start, end)

    def chosen(self, catalog: Catalog) -> list[int]:
        """The catalog's entries in this span, in numbering order (supplements where their dates put them)."""
        return [i for i in catalog.order() if self.start <= catalog.entries[i].date <= self.end]

    def stem(self, dates: list[dt.date]) -> str:
        """The file name's first part: 2024, 2023-2025, 2024-01-01至2024-06-30."""
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "dates":
            return f"{self.start.isoformat()}至{self.end.isoformat()}"
        first, last = min(dates).year, max(dates).year
        return str(first) if first == last else f"{first}-{last}"

    def words(self, formats: dict[str, str], date_format: str, dates: list[dt.date]) -> str:
        """The span as the cover prints it (the layout's book.span formats)."""
        if self.kind == "year":
            return formats["year"].format(year=self.start.year)
        if self.kind == "dates":
            return formats["dates"].format(start=day_text(self.start, date_format),
                                           end=day_text(self.end, date_format))
        first, last = min(dates).year, max(dates).year
        if first == last:
            return formats["year"].format(year=first)
        return formats["years"].format(first=first, last=last)


def day_text(day: dt.date, date_format: str) -> str:
    return date_format.format(year=day.year, month=day.month, day=day.day)


def _day(text: str, first: bool) -> dt.date:
    if len(text) == 4:
        return dt.date(int(text), 1, 1) if first else dt.date(int(text), 12, 31)
    try:
        return parse_date(text)
    except ValueError as err:
        raise TypesetError(str(err)) from None
