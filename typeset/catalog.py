"""Catalog: the series' issue files → their numbers, without reading them whole.

    read_head(path) → numbering.Entry      (date, supplement, stated numbers)
    Catalog.scan(project) → Catalog        (every issue file, numbered)
    catalog.find("645" | "2024-40" | "2024-增刊-1") → path

Only the top-level lines `date:`, `number:`, `total:` and `supplement:` are
read, line by line (microseconds a file, where a full YAML parse takes
milliseconds); a file written in an unusual way (flow style, a value in
quotes spanning lines, a key twice) falls back to the full parser so the
result is always what the reader would see.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from .errors import Problem, TypesetError
from .issue_name import HELP, IssueName, number_of_stem, parse
from .model import Issue, Numbers, Origin, Series
from .numbering import Anchor, Entry, Numbering, number_entries
from .reader import SERIES_FILE, load_series
from .reader.yaml_source import load, read_text
from .written import date_hint, number_hint

HEAD_KEYS = ("date", "number", "total", "supplement")
_HEAD_LINE = re.compile(r"(date|number|total|supplement)[ \t]*:(?:[ \t]+(.*))?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def shown(path: Path) -> str:
    """A path as editors see it: relative to the working folder where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _plain(raw: str | None) -> str | None:
    """The text of a one-line plain or quoted scalar, or None if it is anything else."""
    if raw is None:
        return None
    text = re.sub(r"[ \t]#.*$", "", raw).strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    if not text or any(c in text for c in "{}[]&*!|>'\"#"):
        return None
    return text


def read_head(path: Path, name: str | None = None) -> Entry:
    """An issue file's date, supplement flag and stated numbers, located; TypesetError if unreadable."""
    name = name or shown(path)
    text = read_text(path, name)
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    simple = True
    for lineno, line in enumerate(text.splitlines(), 1):
        if line[:1] not in ("d", "n", "t", "s"):
            continue
        m = _HEAD_LINE.fullmatch(line)
        if not m:
            continue
        key, raw = m[1], _plain(m[2])
        value = _convert(key, raw)
        if key in values or value is None:
            simple = False
            break
        values[key], lines[key] = value, lineno
    if not simple or "date" not in values:
        values, lines = _head_by_parser(path, name, text)
    where = {k: Origin(name, lines[k], 1) for k in lines}
    date = values["date"]
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise TypesetError(Problem(
                f"日期“{date}”无效：{date_hint(date)}",
                where.get("date", Origin(name)), "date")) from None
    stated = None
    if "number" in values or "total" in values:
        stated = Numbers(values.get("number", 0), values.get("total"))
    return Entry(date, bool(values.get("supplement", False)), stated, Origin(name),
                 path.stem, where)


def _convert(key: str, raw: str | None) -> Any:
    if raw is None:
        return None
    if key == "date":
        return raw if _DATE.fullmatch(raw) else None
    if key == "supplement":
        return _BOOLS.get(raw)
    return int(raw) if raw.isascii() and raw.isdigit() and raw[0] != "0" else None  # 040, 0: the parser says what it is


def _head_by_parser(path: Path, name: str, text: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The slow, exact way: the reader's own YAML loader (located errors included)."""
    located = load(path, name)
    d = located.data
    if not isinstance(d, dict):
        raise TypesetError(Problem("文件的最外层应是键值表（如 date: …、sections: …）", located.origin(())))
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    wanted = {"date": str, "number": int, "total": int, "supplement": bool}
    for key, kind in wanted.items():
        if key not in d:
            continue
        v = d[key]
        ok = isinstance(v, kind) and not (kind is int and (isinstance(v, bool) or not isinstance(v, int) or v < 1))
        if not ok:
            from .reader.validate import check  # the reader's own words for the same value

            said = [p for p in check(located, "issue") if p.field == key]
            if said:
                raise TypesetError(said)
            what = {"date": "日期（YYYY-MM-DD）", "number": "正整数", "total": "正整数",
                    "supplement": "true 或 false"}[key]
            hint = number_hint(v) if kind is int else ""
            raise TypesetError(Problem(f"应为{what}，实际写的是“{v}”{hint}", located.origin((key,)), key))
        values[key] = v
        lines[key] = located.origin((key,), key=True).line
    if "date" not in values:
        raise TypesetError(Problem("缺少必填项“date”（出刊日期，如 date: 2024-03-26）",
                                   located.origin(()), "date"))
    return values, lines


def yaml_files(folder: Path) -> tuple[tuple[str, tuple[int, int, int] | None, bool], ...]:
    """The paths folder.rglob("*.yaml") finds (links to folders are not followed), each with its
    stamp (session.stamp) and whether it is a link; in one walk, sorted by name."""
    match = (lambda n: n.lower().endswith(".yaml")) if os.name == "nt" else (lambda n: n.endswith(".yaml"))
    rows: list[tuple[str, tuple[int, int, int] | None, bool]] = []

    def walk(where: str) -> None:
        try:
            with os.scandir(where) as found:
                entries = list(found)
        except PermissionError:
            return  # as rglob: a folder that may not be read is passed over
        for entry in entries:
            link = entry.is_symlink()
            if match(entry.name):
                try:
                    st = entry.stat()
                    stamp: tuple[int, int, int] | None = (st.st_size, st.st_mtime_ns, st.st_ino)
                except OSError:
                    stamp = None
                rows.append((entry.path, stamp, link))
            try:
                inner = entry.is_dir() and not link
            except OSError:
                inner = False
            if inner:
                walk(entry.path)

    if folder.is_dir():
        walk(str(folder))
    return tuple(sorted(rows))


def _kept_head(path: Path, stamp: tuple[tuple[int, int, int] | None, bool]) -> Entry:
    """read_head, kept in the current session by the file's stamp and the working folder."""
    from .session import current

    return current().kept(("head", str(path)), (stamp, os.getcwd()), lambda: read_head(path), depends=[path])


def not_a_file(path: Path, what: str = "没有计入各期") -> str | None:
    """Why `path` cannot be read as an issue file at all (a folder, a pipe or device, a link to
    nothing, no permission), in words for the editor; None if it opens. Such a path is no issue
    of the series: it is reported once and the other issues are numbered and built without it."""
    if path.is_dir():
        return (f"这是一个文件夹，不是一期的 YAML 文件，{what}：请把它改名（名字不以 .yaml 结尾）"
                "或移出 issues/，一期的内容写在一个 .yaml 文件里")
    if path.is_symlink() and not path.exists():
        return (f"这是一个失效的链接（指向的 {os.readlink(path)} 不存在），{what}：请删去它，"
                "或让它指向一期的 YAML 文件")
    if path.exists() and not path.is_file():
        return f"这不是普通文件（是管道、设备或套接字），{what}：请删去它，一期的内容写在一个 .yaml 文件里"
    try:
        with path.open("rb"):
            pass
    except FileNotFoundError:
        return None  # gone meanwhile: nothing to report about it
    except OSError as err:
        from .errors import system_reason

        return f"无法打开这个文件（{system_reason(err)}），{what}：请检查它的权限（如 chmod 644）后再运行"
    return None


def not_an_issue(path: Path, target: str) -> Problem:
    """Why the build target `path` is no issue file: a folder, a pipe, a broken link, missing."""
    if path.is_dir() and not target.endswith((".yaml", ".yml")):
        return Problem(f"{target} 是文件夹，不是一期的文件：请给出一期的 YAML 文件（如 {Path(target) / '645.yaml'}）"
                       "或期号（如 645）；要排版一年的各期，用 --year 年份，排版全部用 --all")
    why = not_a_file(path, "无法排版")
    if why is None:
        return Problem(f"找不到文件 {target}：请检查路径，或用期号（如 645）指定一期")
    return Problem(why, Origin(target))


def in_series(path: Path, folder: Path) -> bool:
    """Whether `path` is an issue file of the series in `folder` (numbered by the series)."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return path.name != SERIES_FILE


@dataclass(frozen=True)
class Catalog:
    """Every issue file of a series with its numbers; built once, looked up many times."""

    series: Series
    folder: Path
    paths: tuple[Path, ...]  # the files whose heads could be read, aligned with entries
    entries: tuple[Entry, ...]
    numbering: Numbering
    unreadable: tuple[Problem, ...]  # files whose date or numbers could not be read
    anchor: Anchor | None = None
    skipped: tuple[tuple[Path, Problem], ...] = ()  # *.yaml that are not files to read (not_a_file)

    @classmethod
    def scan(cls, folder: Path, series: Series | None = None) -> Catalog:
        """Read the heads of folder/**/*.yaml (but series.yaml) and number them. In a session
        that keeps scans (the server's), the last scan is reused while the listing of the
        *.yaml files (names, sizes, times, inodes) and the working folder stay the same, and a
        new scan reads again only the files whose listing changed (or that a reset named)."""
        from .session import current

        session = current()
        if not session.keeps_scans:
            return cls._scan(folder, series)
        files = yaml_files(folder)
        key = (os.getcwd(), files)
        name = ("catalog", str(folder.resolve()))
        catalog = session.kept(name, key, lambda: cls._scan(folder, series, files), depends=[folder])
        if catalog.folder != folder or (series is not None and series != catalog.series):
            catalog = session.kept(name, (key, series, folder), lambda: cls._scan(folder, series, files),
                                   depends=[folder])
        return catalog

    @classmethod
    def _scan(cls, folder: Path, series: Series | None = None,
              files: tuple[tuple[str, tuple[int, int, int] | None, bool], ...] | None = None) -> Catalog:
        """`files`: yaml_files(folder), in a session that keeps scans: each file's head is kept
        there by the file's stamp and the working folder."""
        series = series or load_series(folder)
        stamps = None if files is None else {Path(f): (st, link) for f, st, link in files}
        found = sorted(p for p in (folder.rglob("*.yaml") if stamps is None else stamps) if p.name != SERIES_FILE)
        paths, entries, unreadable, skipped = [], [], [], []
        for f in found:
            try:
                entries.append(read_head(f) if stamps is None else _kept_head(f, stamps[f]))
                paths.append(f)
            except TypesetError as err:
                why = not_a_file(f)  # looked at only when reading failed: a scan stays one read a file
                if why is not None:
                    skipped.append((f, Problem(why, Origin(str(Path(shown(f.parent)) / f.name)))))
                else:
                    unreadable.extend(err.problems)
        anchor = Anchor.of(series.anchor, series.origin)
        numbering = number_entries(entries, anchor)
        return cls(series, folder, tuple(paths), tuple(entries), numbering, tuple(unreadable), anchor,
                   tuple(skipped))

    @property
    def problems(self) -> list[Problem]:
        return [p for _, p in self.skipped] + list(self.unreadable) + list(self.numbering.problems)

    def with_issue(self, path: Path, issue: Issue) -> Catalog:
        """This catalog, renumbered if the reader read `path` differently from the head scan."""
        i = self.index(path)
        if i is None:
            return self
        e = self.entries[i]
        if (e.date, e.supplement, e.stated) == (issue.date, issue.supplement, issue.stated):
            return self
        entries = list(self.entries)
        entries[i] = replace(e, date=issue.date, supplement=issue.supplement, stated=issue.stated)
        return replace(self, entries=tuple(entries), numbering=number_entries(entries, self.anchor))

    def index(self, path: Path) -> int | None:
        return self._places.get(path.resolve())

    @cached_property
    def _places(self) -> dict[Path, int]:
        """Each file resolved → its index (the first, if two lead to one file), resolved once. A
        file that is no link, found below the folder (whose inner folders are no links: a scan
        does not follow them), lies where the folder resolved leads."""
        places: dict[Path, int] = {}
        base = self.folder.resolve()
        for i, p in enumerate(self.paths):
            try:
                place = p.resolve() if p.is_symlink() else base / p.relative_to(self.folder)
            except ValueError:
                place = p.resolve()
            places.setdefault(place, i)
        return places

    def numbers_of(self, path: Path) -> Numbers:
        """The derived numbers of one file, or TypesetError saying why there are none."""
        i = self.index(path)
        if i is None:
            problems = [p for p in self.unreadable if p.origin and p.origin.file == shown(path)]
            raise TypesetError(problems or f"无法读取 {shown(path)} 的日期和期号")
        problems = self.numbering.problems_of(i)
        numbers = self.numbering.numbers[i]
        if problems or numbers is None:
            raise TypesetError(problems + self._unreadable_hint()
                               or f"无法确定 {shown(path)} 的期号，请运行 typeset check")
        if self.unreadable:
            raise TypesetError(self._unreadable_hint())
        return numbers

    def _unreadable_hint(self) -> list[Problem]:
        if not self.unreadable:
            return []
        return [*self.unreadable, Problem(
            "以上文件读不出日期或期号，其他各期的期号因此无法确定；请先改正这些文件")]

    def order(self, year: int | None = None) -> list[int]:
        """Entries in reading order (by date; main issues before supplements of the same day)."""
        idx = [i for i, e in enumerate(self.entries) if year is None or e.date.year == year]
        return sorted(idx, key=lambda i: self._sort_key(i))

    def _sort_key(self, i: int) -> tuple[Any, ...]:
        e, n = self.entries[i], self.numbering.numbers[i]
        return (e.date, e.supplement, n.year_number if n else 0, str(self.paths[i]))

    def find(self, target: str) -> Path:
        """'645' → the issue with that running total; '2024-40' → year and yearly number;
        '2024-增刊-1' → that supplement."""
        name = parse(target)
        if name is None:
            raise TypesetError(f"看不懂“{target}”：请写{HELP}")
        hits = [i for i, (e, n) in enumerate(zip(self.entries, self.numbering.numbers, strict=True))
                if n is not None and name.names(n, e.date.year, e.supplement)]
        what = name.describe()
        named = self._named(name)
        if len(hits) == 1 and (not self.problems or not named or self.paths[hits[0]] in named):
            return self.paths[hits[0]]
        if len(named) == 1:
            return named[0]  # the build reads it and says, located, what is wrong with it
        if not self.problems:
            raise TypesetError(f"在 {shown(self.folder)} 中找不到{what}；运行 typeset list 查看各期")
        if named:
            lead = f"有 {len(named)} 个文件都像是{what}（{'、'.join(shown(p) for p in named)}）"
        else:
            lead = f"在 {shown(self.folder)} 中找不到{what}（没有以它命名或写明它的文件，也没有哪一期推算为{what}）"
        raise TypesetError([*self.problems, Problem(
            f"{lead}；系列的期号有上面这些问题，改正后再排版（typeset check 可随时查看）")])

    def _named(self, name: IssueName) -> list[Path]:
        """Files that name the issue themselves: 645.yaml or `total: 645` for 645; `number: 40`
        in a 2024 file for 2024-40; 增刊-1.yaml or `number: 1` in a 2024 supplement for 2024-增刊-1 —
        those whose head could not be read included (by their file name)."""
        found: list[Path] = []
        for path, e in zip(self.paths, self.entries, strict=True):
            s = e.stated
            if name.year is None:
                hit = not e.supplement and (path.stem == str(name.number) or bool(s and s.total == name.number))
            else:
                hit = e.supplement == name.supplement and e.date.year == name.year and (
                    bool(s and s.year_number == name.number)
                    or (name.supplement and number_of_stem(path.stem, True) == name.number))
            if hit:
                found.append(path)
        if name.year is None or name.supplement:
            stem_name = str(name.number) if name.year is None else f"增刊-{name.number}"
            for problem in self.unreadable:
                if problem.origin and Path(problem.origin.file).stem in (stem_name, stem_name.replace("-", "")):
                    found.append(Path(problem.origin.file))
        return list(dict.fromkeys(found))


def resolve(target: str, issues: Path) -> tuple[Path, Catalog | None]:
    """An issue named on the command line: 645 / 2024-40 / 2024-增刊-1 → its file in the series
    folder `issues` (found by its numbers), with the scanned series; a path → that file, None."""
    path = Path(target)
    numbered = parse(target) is not None
    if target.endswith((".yaml", ".yml")) or ("/" in target) or (not numbered and path.exists()):
        if not path.is_file():
            raise TypesetError(not_an_issue(path, target))
        return path, None
    if not numbered:
        raise TypesetError(f"看不懂“{target}”：请写{HELP}")
    catalog = Catalog.scan(issues)
    return catalog.find(target), catalog


def article_titles(path: Path) -> list[str]:
    """The titles of an issue's articles in order (title lines joined), for listings."""
    try:
        data = load(path, shown(path)).data
    except TypesetError:
        return ["（文件有错误：运行 typeset check 查看）"]
    titles = []
    sections = data.get("sections") if isinstance(data, dict) else None
    for section in sections if isinstance(sections, list) else []:
        articles = section.get("articles") if isinstance(section, dict) else None
        for article in articles if isinstance(articles, list) else []:
            title = article.get("title") if isinstance(article, dict) else None
            lines = [title] if isinstance(title, str) else title if isinstance(title, list) else []
            text = "".join(str(line).strip() for line in lines if line is not None)
            titles.append(text or "（未填写标题）")
    return titles
