"""typeset import: an official issue (pdftotext text or PDF) → an issue file.

    imported = import_official(path, layout)          → Imported(data, notes)
    text = to_yaml(imported.data, target, source)     the issue file's text
    run(official, target, date, force)                the command: write the file, say what was done
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

from ..compare import official_text
from ..errors import TypesetError
from ..layout import Layout
from ..reader.layout_file import load_layout
from .issue import Imported, read
from .lines import official_lines

SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "issue.schema.json"


def import_official(path: Path, layout: Layout, date: dt.date | None = None) -> Imported:
    return read(official_lines(official_text(path)), layout, str(path), date)


def to_yaml(data: dict[str, Any], target: Path, source: Path) -> str:
    """The issue file's text: block style, one paragraph an item, titles as the official broke them."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 100000  # a paragraph stays on one line
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(data, out)
    schema = Path(os.path.relpath(SCHEMA, target.parent.resolve())).as_posix()
    head = (f"# yaml-language-server: $schema={schema}\n"
            f"# 由 typeset import 从正式版 {source.name} 导入：段落、标题分行、来源和版记按正式版；请核对。\n")
    return head + out.getvalue()


def project_layout() -> Layout:
    """The series' layout where typeset runs in a project, else the standard one."""
    from ..build import Project
    from ..reader import load_series

    try:
        series = load_series(Project.find().issues)
    except TypesetError:
        return load_layout("briefing")
    layout = load_layout(series.layout).with_overrides(series.layout_overrides)
    if series.composition:
        spec = {**layout.spec, "composition": {**layout.composition, **series.composition}}
        layout = Layout(layout.name, layout.folder, spec)
    return layout


def run(official: Path, target: Path, date_text: str | None, force: bool) -> list[str]:
    """Import `official` into `target`; the lines to print (notes first)."""
    from ..build import write_atomic

    date = None
    if date_text:
        try:
            date = dt.date.fromisoformat(date_text)
        except ValueError:
            raise TypesetError(f"日期“{date_text}”无效，应写成 YYYY-MM-DD，如 2024-03-26") from None
    if target.suffix not in (".yaml", ".yml"):
        raise TypesetError(f"{target}：一期的文件应以 .yaml 结尾，如 -o issues/2024/645.yaml")
    if target.exists() and not force:
        raise TypesetError(f"{target} 已存在，不会覆盖；要覆盖请加 --force")
    imported = import_official(official, project_layout(), date)
    write_atomic(target, to_yaml(imported.data, target, official).encode("utf-8"))
    articles = sum(len(s["articles"]) for s in imported.data["sections"])
    paragraphs = sum(len(a["paragraphs"]) for s in imported.data["sections"] for a in s["articles"])
    return [str(n) for n in imported.notes] + [
        f"已导入 {target}：{len(imported.data['sections'])} 个栏目，{articles} 篇文章，{paragraphs} 段；"
        "请核对段落的分合（正式版文本不记缩进，整行结束的段落可能需要拆开或合并）"]
