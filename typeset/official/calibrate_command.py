"""typeset calibrate, the command: the settings found, as the YAML block of an issue file
(each value with its margin) and written into the file (--write)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import TypesetError
from ..layout import Layout
from ..model import Issue, Numbers, Series
from ..reader.layout_file import load_layout
from .calibrate import PERIOD, Result, body_paragraphs, calibrate, nested, period_of, shown
from .compare import read_official


def block(result: Result, issue: Issue, layout: Layout, head: list[str]) -> str:
    """The settings as YAML for the issue file (`layout:` nested as an issue writes it), each
    value with its margin; figures as comments."""
    out = [f"# {h}" for h in head]
    out += [f"# 校准前：{result.before.summary_zh()}", f"# 校准后：{result.after.summary_zh()}", "layout:"]
    out += ["  grid:", _row("lines", result.grid["lines"], result.margins["lines"], 4),
            _row("line_pitch", result.grid["line_pitch"], "", 4)]
    base = period_of(layout)
    for section, values in nested({k: v for k, v in result.composition.items() if k in PERIOD}).items():
        out.append(f"  {section}:")
        for name, value in values.items():
            key = f"{section}.{name}"
            same = "（同版式默认值）" if value == base[key] else ""
            out.append(_row(name, value, result.margins[key] + same, 4))
    out.append("composition:")
    default = layout.composition
    for key, value in result.composition.items():
        if key in PERIOD:
            continue
        same = "（同版式默认值）" if value == default.get(key) else ""
        out.append(_row(key, value, result.margins[key] + same))
    if result.paragraphs:
        out.append("# 手工紧缩的段落（写入各段的 composition.condense）：")
        paragraphs = body_paragraphs(issue)
        for n, condense in result.paragraphs.items():
            _s, _a, _k, p = paragraphs[n]
            out.append(f"#   “{p.text[:16]}……”：condense {condense:g}")
    return "\n".join(out) + "\n"


def _row(key: str, value: Any, note: str, indent: int = 2) -> str:
    text = " " * indent + (f"{key}: {value:g}" if isinstance(value, float) else f"{key}: {shown(value)}")
    return f"{text:<30}# {note}" if note else text


def write(path: Path, result: Result, issue: Issue, series: Series, read: bytes | None = None) -> None:
    """Put into the issue file exactly the settings that differ from what it inherits (the
    layout with the series' settings), removing stated ones that no longer differ; everything
    else (comments too) kept. `read`: the file's bytes the calibration was made from — if the
    file holds anything else by now, nothing is written (source_files.save_source)."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    from ..source_files import save_source

    yaml = YAML()
    yaml.width = 100000
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    read = path.read_bytes() if read is None else read
    data = yaml.load(read.decode("utf-8-sig"))
    inherited = load_layout(series.layout).with_overrides(series.layout_overrides)
    composition = {**inherited.composition, **series.composition}
    base = period_of(inherited)
    settings: dict[tuple[str, ...], tuple[Any, Any]] = {
        ("grid", k): (v, inherited.spec["grid"][k]) for k, v in result.grid.items()}
    settings |= {tuple(k.split(".")): (v, base[k]) for k, v in result.composition.items() if k in PERIOD}
    settings |= {("composition", k): (v, composition.get(k)) for k, v in result.composition.items()
                 if k not in PERIOD}
    at = list(data).index("sections") if "sections" in data else len(data)
    for (section, key), (value, was) in settings.items():
        top = "composition" if section == "composition" else "layout"
        keys = [top] if top == "composition" else [top, section]
        if top == "layout" and key in SHORTHAND_KEYS and key in (data.get(top) or {}):
            keys = [top]  # stated as the shorthand `layout: {lines: …}`
        place = data
        for i, name in enumerate(keys):
            if name not in place:
                if value == was:
                    break
                if i == 0:  # a new top-level mapping goes before `sections:`
                    place.insert(at, name, CommentedMap())
                    at += 1
                else:
                    place[name] = CommentedMap()
            place = place[name]
        else:
            if value == was:
                place.pop(key, None)
            else:
                place[key] = value
    for section in list(data.get("layout") or {}):  # mappings left empty go
        if isinstance(data["layout"][section], dict) and not data["layout"][section]:
            del data["layout"][section]
    for top in ("layout", "composition"):
        if top in data and not data[top]:
            del data[top]
    paragraphs = body_paragraphs(issue)
    for n, condense in result.paragraphs.items():
        s, a, k, _p = paragraphs[n]
        items = data["sections"][s]["articles"][a]["paragraphs"]
        if isinstance(items[k], str):
            items[k] = CommentedMap([("text", items[k]), ("composition", CommentedMap())])
        items[k].setdefault("composition", CommentedMap())["condense"] = condense
    out = io.StringIO()
    yaml.dump(data, out)
    save_source(path, read, out.getvalue().encode("utf-8"))


SHORTHAND_KEYS = ("lines", "line_pitch")


def another_issue(issue: Issue, mine: int | None, head: list[str], official: str, target: str) -> str | None:
    """Why the official's masthead (its first lines) is plainly another issue's, or None:
    settings found against it are not written into this issue's file."""
    import re

    text = "".join(head)
    total = re.search(r"总第(\d+)期", text)
    if total and mine and int(total[1]) != mine:
        return (f"正式版 {official} 是总第 {total[1]} 期，而 {target} 是总第 {mine} 期：校准出的设置属于另一期，"
                f"没有写入 {target}。请用这一期自己的正式版校准")
    day = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    if day and (int(day[1]), int(day[2]), int(day[3])) != (issue.date.year, issue.date.month, issue.date.day):
        return (f"正式版 {official} 是 {day[0]} 出刊的，而 {target} 是 {issue.date} 出刊的：校准出的设置属于另一期，"
                f"没有写入 {target}。请用这一期自己的正式版校准")
    return None


def run(target: Path, official: Path, write_back: bool, paragraphs: bool,
        echo: Callable[[str], None]) -> None:
    import time

    from ..build import Project, numbered
    from ..reader import load_issue, load_series

    started = time.monotonic()
    project = Project.find(target.parent)
    series = load_series(project.issues)
    read = target.read_bytes()  # what is calibrated, and what --write may replace
    issue = load_issue(target, series)
    try:
        issue = numbered(issue, target, project, series)
        total = issue.numbers.total if issue.numbers else None
    except TypesetError:  # no numbers (an imported issue): the number line is not in the official text
        total = issue.stated.total if issue.stated else None
        issue = replace(issue, numbers=Numbers(1, None if issue.supplement else 1))
    result = calibrate(issue, series, official, paragraphs, report=lambda s: echo(f"# {s}"))
    layout = load_layout(series.layout)
    head = [f"typeset calibrate：{target.name} 对照正式版 {official.name}"
            f"（排版 {result.calls} 次，{time.monotonic() - started:.1f} 秒）"]
    echo(block(result, issue, layout, head).rstrip("\n"))
    if write_back:
        other = another_issue(issue, total, read_official(official).lines[:12], official.name, target.name)
        if other:
            raise TypesetError(other)
        write(target, result, issue, series, read)
        echo(f"已写入 {target}：layout、composition" + ("和各段的紧缩" if result.paragraphs else ""))
