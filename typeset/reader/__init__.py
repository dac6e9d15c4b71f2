"""Reader: YAML files → model (load, validate against the schema, build).

    load_series(folder) → Series
    load_issue(path, series) → Issue   (numbers as stated; numbering fills the rest)
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

from ..errors import Problem, TypesetError
from ..layout import merged, normalised
from ..model import (
    Article,
    Colophon,
    Figure,
    Issue,
    Numbers,
    Origin,
    Paragraph,
    Recipients,
    Section,
    Series,
)
from . import validate
from .pictures import check_picture, thin_picture
from .yaml_source import Located, load, load_raw

SERIES_FILE = "series.yaml"
RECIPIENT_KEYS = ("to_superiors", "to_peers", "to_subordinates")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _load_valid(path: Path, schema: str, raw: bytes | None = None) -> Located:
    located = load(path, _shown(path)) if raw is None else load_raw(raw, _shown(path))
    problems = validate.check(located, schema)
    if problems:
        raise TypesetError(problems)
    return located


def load_series(folder: Path) -> Series:
    """Read <folder>/series.yaml. In a session that keeps scans (the server's), the series read
    last is reused while the file's content, where it lies and the working folder stay the same."""
    from ..session import current

    session = current()
    if session.keeps_scans:
        key = _series_key(folder)
        if key is not None:
            return session.kept(("series", str(folder)), key, lambda: _load_series(folder, key[0]),
                                depends=[folder / SERIES_FILE])
    return _load_series(folder)


def _series_key(folder: Path) -> tuple[bytes, str, str, str] | None:
    """What a Series is read from: series.yaml's bytes, the working folder (messages name the file
    from there), the file and the folder resolved; None unless it is a regular file that reads."""
    import os
    import stat

    path = folder / SERIES_FILE
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None
        raw = path.read_bytes()
        return raw, os.getcwd(), str(path.resolve()), str(folder.resolve())
    except OSError:
        return None


def _load_series(folder: Path, raw: bytes | None = None) -> Series:
    path = folder / SERIES_FILE
    located = _load_valid(path, "series", raw)
    d = located.data
    layout = d["layout"] if isinstance(d["layout"], dict) else {"name": d["layout"]}
    settings = {k: v for k, v in layout.items() if k != "name"}
    return Series(
        title=d["title"],
        office=d["office"],
        layout=layout["name"],
        page_numbers=d.get("page_numbers", False),
        composition=d.get("composition", {}),
        layout_overrides=merged(normalised(d.get("layout_overrides", {})), normalised(settings)),
        colophon_defaults=d["colophon"],
        anchor=_anchor(d.get("anchor"), located),
        folder=str(folder.resolve()),
        origin=located.origin(()),
        title_origin=located.origin(("title",)),
        office_origin=located.origin(("office",)),
        colophon_origins=_default_origins(d["colophon"], located),
        preferred_names={k: tuple(v) for k, v in d.get("preferred_names", {}).items()},
    )


def _default_origins(defaults: dict[str, Any], loc: Located) -> dict[str, Any]:
    """Where each colophon default of series.yaml stands (lists: one origin per name)."""
    return {key: (tuple(loc.origin(("colophon", key, i)) for i in range(len(value)))
                  if isinstance(value, list) else loc.origin(("colophon", key)))
            for key, value in defaults.items()}


def _anchor(anchor: dict[str, Any] | None, located: Located) -> dict[str, Any] | None:
    """The series anchor; one in the future (a typo such as 2042 for 2024) is refused at its date:
    every issue's numbers would be counted back from it."""
    if anchor is None:
        return None
    date = dt.date.fromisoformat(anchor["date"])
    if date > dt.date.today():
        raise TypesetError(Problem(
            f"锚点（anchor）的日期 {date} 还没有到（今天是 {dt.date.today()}）：锚点应是已经出刊的一期"
            f"（它的出刊日期、期号和总期号），各期的期号都从它推算。请改正 anchor 的日期（是不是把年份写错了？）",
            located.origin(("anchor", "date")), "anchor.date"))
    return {**anchor, "date": date}


def load_issue(path: Path, series: Series, located: Located | None = None) -> Issue:
    """Read one issue file; numbers stay as the file states them. `located`: the file already
    read and found valid against the issue schema (not read again)."""
    located = located or _load_valid(path, "issue")
    d = located.data
    date = dt.date.fromisoformat(d["date"])
    stated = None
    if "number" in d or "total" in d:
        stated = Numbers(d.get("number", 0), d.get("total"))
    notes: list[Problem] = []
    sections = tuple(
        _section(s, ("sections", i), located, series, notes) for i, s in enumerate(d["sections"])
    )
    overrides = merged(series.layout_overrides, normalised(d.get("layout", {})))
    _check_grid(overrides, series, located)
    colophon = _colophon(d.get("colophon", {}), series, date, located)
    if colophon.copies is None:
        notes.append(Problem(
            "没有写，series.yaml 中也没有默认值：版记将不印“（共印N份）”；请在本期 colophon 下写 copies: 份数"
            "（或在 series.yaml 的 colophon 下写默认值）",
            located.origin(("colophon",), key=True) if "colophon" in d else located.origin(()),
            "colophon.copies", warning=True))
    return Issue(
        date=date,
        sections=sections,
        colophon=colophon,
        supplement=d.get("supplement", False),
        stated=stated,
        mark=d.get("mark"),
        mark_origin=located.origin(("mark",)) if "mark" in d else None,
        composition={**series.composition, **d.get("composition", {})},
        layout_overrides=overrides,
        origin=located.origin(()),
        notes=tuple(notes),
    )


def _check_grid(overrides: dict[str, Any], series: Series, loc: Located) -> None:
    """An issue's `layout: {lines, line_pitch}` must keep the grid inside the text block."""
    if not overrides:
        return
    from .layout_file import load_layout

    try:
        layout = load_layout(series.layout)
    except TypesetError:
        return  # the build reports an unknown layout
    grid = overrides.get("grid", {})
    lines = grid.get("lines", layout.lines)
    pitch = grid.get("line_pitch", layout.line_pitch)
    if lines * pitch > layout.text_height + 0.5:
        raise TypesetError(Problem(
            f"每页 {lines} 行 × 行距 {pitch:g} 磅 = {lines * pitch:.0f} 磅，超出了版心高度 "
            f"{layout.text_height:.0f} 磅：正文会排到页面以外；请减少行数（lines）或行距（line_pitch）",
            loc.origin(("layout",)), "layout"))


def _strip_brackets(text: str, left: str, right: str) -> str:
    text = text.strip()
    if text.startswith(left) and text.endswith(right):
        return text[len(left) : -len(right)].strip()
    return text


def _section(d: dict[str, Any], path: tuple[Any, ...], loc: Located, series: Series,
             notes: list[Problem]) -> Section:
    articles = tuple(
        _article(a, path + ("articles", i), loc, series, notes) for i, a in enumerate(d["articles"])
    )
    name = _strip_brackets(d["name"], "【", "】")
    if not name:
        raise TypesetError(Problem("栏目名只有方括号，没有文字：请写上栏目名，如“特别关注”",
                                   loc.origin(path + ("name",)), validate.field_name(path + ("name",))))
    return Section(name, articles, loc.origin(path + ("name",)))


def _article(d: dict[str, Any], path: tuple[Any, ...], loc: Located, series: Series,
             notes: list[Problem]) -> Article:
    title = d["title"]
    lines = (title,) if isinstance(title, str) else tuple(title)
    where_title = path + ("title",)
    title_origins = (
        (loc.origin(where_title),) if isinstance(title, str)
        else tuple(loc.origin(where_title + (i,)) for i in range(len(lines)))
    )
    paragraphs: list[Paragraph | Figure] = []
    for i, p in enumerate(d["paragraphs"]):
        where = path + ("paragraphs", i)
        if isinstance(p, str):
            paragraphs.append(Paragraph(p.strip(), origin=loc.origin(where)))
        elif "image" in p:
            paragraphs.append(_figure(p, where, loc, series, notes))
        else:
            paragraphs.append(
                Paragraph(
                    p["text"].strip(),
                    level=p.get("level", 0),
                    composition=p.get("composition", {}),
                    origin=loc.origin(where + ("text",)),
                )
            )
    source = d.get("source")
    if source is None:
        notes.append(Problem(
            "没有写来源（source）：几乎每篇文章的末尾都印有来源，如“（省地方志办）”；请在这篇文章下写"
            "“source: 来源”（与 paragraphs 对齐）。这篇确实没有来源时，可以不管这条警告",
            loc.origin(path), validate.field_name(path), warning=True))
    else:
        source = _strip_brackets(source, "（", "）")
        if not source:
            raise TypesetError(Problem("来源只有括号，没有文字：请写上来源，如“省地方志办”，或删去 source 这一行",
                                       loc.origin(path + ("source",)), validate.field_name(path + ("source",))))
    return Article(
        title=tuple(line.strip() for line in lines),
        paragraphs=tuple(paragraphs),
        source=source,
        origin=loc.origin(where_title),
        title_origins=title_origins,
        source_origin=loc.origin(path + ("source",)) if source is not None else None,
    )


def _figure(d: dict[str, Any], where: tuple[Any, ...], loc: Located, series: Series,
            notes: list[Problem]) -> Figure:
    folder = Path(series.folder)
    checked = check_picture(d["image"], folder, _shown(folder), loc.origin(where + ("image",)),
                            validate.field_name(where + ("image",)))
    thin = thin_picture(checked.pixels, d.get("width"), series.layout)
    if thin:
        notes.append(Problem(
            f"图片“{d['image']}”是 {checked.pixels[0]}×{checked.pixels[1]} 像素，{thin}，印出来几乎看不见；"
            "请检查是否选错了图片，或把它裁成常见的宽高比例", loc.origin(where + ("image",)),
            validate.field_name(where + ("image",)), warning=True))
    caption = d.get("caption")
    return Figure(
        path=str(checked.path),
        caption=caption.strip() if caption is not None else None,
        width=d.get("width"),
        pixels=checked.pixels,
        format=checked.format,
        origin=loc.origin(where),
    )


def _recipients(
    key: str, issue: dict[str, Any], series: Series, loc: Located
) -> tuple[tuple[str, ...], tuple[Origin | None, ...]]:
    """The names of one recipient group, and where each stands (series.yaml or the issue)."""
    base = list(series.colophon_defaults.get(key, []))
    origins = list(series.colophon_origins.get(key, ())) or [None] * len(base)
    change = issue.get(key)
    if change is None:
        return tuple(base), tuple(origins)
    if isinstance(change, list):
        return tuple(change), tuple(loc.origin(("colophon", key, i)) for i in range(len(change)))
    for i, name in enumerate(change.get("remove", [])):
        if name not in base:
            near = difflib.get_close_matches(name, base, n=1, cutoff=0.6)
            hint = (f"是不是“{near[0]}”？要与 series.yaml 中的写法完全一致（包括句末的“。”）" if near
                    else f"默认名单：{'、'.join(base) or '（空）'}")
            raise TypesetError(
                Problem(
                    f"要删除的“{name}”不在系列默认名单中；{hint}",
                    loc.origin(("colophon", key, "remove", i)),
                    f"colophon.{key}.remove",
                )
            )
        del origins[base.index(name)]
        base.remove(name)
    for i, name in enumerate(change.get("add", [])):
        if name in base:
            raise TypesetError(
                Problem(
                    f"要增加的“{name}”已在名单中（系列默认或本期前面已写），会印两次：请删去这一项",
                    loc.origin(("colophon", key, "add", i)),
                    f"colophon.{key}.add",
                )
            )
        base.append(name)
        origins.append(loc.origin(("colophon", key, "add", i)))
    return tuple(base), tuple(origins)


def _colophon(d: dict[str, Any], series: Series, date: dt.date, loc: Located) -> Colophon:
    defaults = series.colophon_defaults
    print_date = dt.date.fromisoformat(d["print_date"]) if "print_date" in d else date
    if print_date < date:
        raise TypesetError(
            Problem(
                f"印发日期 {print_date} 早于出刊日期 {date}",
                loc.origin(("colophon", "print_date")),
                "colophon.print_date",
            )
        )
    groups = [_recipients(k, d, series, loc) for k in RECIPIENT_KEYS]

    def where(key: str) -> Origin | None:
        return loc.origin(("colophon", key)) if key in d else series.colophon_origins.get(key)

    return Colophon(
        disclosure=d.get("disclosure", defaults["disclosure"]),
        recipients=Recipients(*(names for names, _ in groups)),
        printer=d.get("printer", defaults["printer"]),
        print_date=print_date,
        copies=d.get("copies", defaults.get("copies")),
        disclosure_origin=where("disclosure"),
        printer_origin=where("printer"),
        copies_origin=where("copies"),
        recipient_origins=tuple(origins for _, origins in groups),
    )


__all__ = ["load_series", "load_issue", "Origin", "SERIES_FILE"]
