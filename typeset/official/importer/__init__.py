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

from ...errors import TypesetError
from ...layout import Layout
from ...reader.layout_file import load_layout
from ...written import parse_date
from ..compare import official_text
from .figures import official_text_with_pictures
from .issue import Imported, read
from .lines import official_lines

SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "issue.schema.json"


def import_official(path: Path, layout: Layout, date: dt.date | None = None) -> Imported:
    """An official issue's data; from a PDF with its pictures (Imported.pictures, by the names
    its picture items give, to be saved beside the issue)."""
    if Path(path).suffix.lower() != ".pdf" or not Path(path).is_file():
        return read(official_lines(official_text(path)), layout, str(path), date)
    text, pictures = official_text_with_pictures(Path(path), layout.text_width)
    imported = read(official_lines(text), layout, str(path), date, pictures)
    imported.pictures = {f"图片{n}{p.suffix}": p.data for n, p in enumerate(pictures, 1)}
    return imported


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


def save_pictures(imported: Imported, target: Path) -> list[str]:
    """Write the pictures the issue's items name into the series folder's images/ (where the
    reader looks for them), named after the issue file; the items renamed to match. Outside a
    project: beside the issue file. The files as shown to the editor."""
    from ...build import Project, write_atomic
    from ...catalog import shown

    items = [p for s in imported.data["sections"] for a in s["articles"] for p in a["paragraphs"]
             if isinstance(p, dict) and p.get("image") in imported.pictures]
    if not items:
        return []
    try:
        base = Project.find(target.parent.resolve() if target.parent.exists() else None).issues
    except TypesetError:
        base = target.parent
    folder = base / "images"
    saved = []
    for n, item in enumerate(items, 1):
        suffix = Path(item["image"]).suffix
        path = folder / f"{target.stem}-{n}{suffix}"
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, imported.pictures[item["image"]])
        item["image"] = path.relative_to(base).as_posix()
        saved.append(shown(path))
    return saved


def project_layout() -> Layout:
    """The series' layout where typeset runs in a project, else the standard one."""
    from ...build import Project
    from ...reader import load_series

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
    from ...source_files import save_source

    date = None
    if date_text:
        try:
            date = parse_date(date_text)
        except ValueError as err:
            raise TypesetError(str(err)) from None
    if target.suffix not in (".yaml", ".yml"):
        raise TypesetError(f"{target}：一期的文件应以 .yaml 结尾，如 -o issues/2024/645.yaml")
    if target.exists() and not force:
        raise TypesetError(f"{target} 已存在，不会覆盖；要覆盖请加 --force")
    before = target.read_bytes() if target.is_file() else None
    imported = import_official(official, project_layout(), date)
    saved = save_pictures(imported, target)
    text = to_yaml(imported.data, target, official).encode("utf-8")
    save_source(target, before, text, str(target), whole=True)  # not over series.yaml, nor another issue
    articles = sum(len(s["articles"]) for s in imported.data["sections"])
    items = [p for s in imported.data["sections"] for a in s["articles"] for p in a["paragraphs"]]
    paragraphs = sum(1 for p in items if not (isinstance(p, dict) and "image" in p))
    pictures = f"，{len(saved)} 张图片（存为 {'、'.join(saved)}）" if saved else ""
    return [str(n) for n in imported.notes] + [
        f"已导入 {target}：{len(imported.data['sections'])} 个栏目，{articles} 篇文章，{paragraphs} 段{pictures}；"
        "请核对段落的分合（正式版文本不记缩进，整行结束的段落可能需要拆开或合并）"]
