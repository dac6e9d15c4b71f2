"""A contribution → an article in an issue file, checked before anything is replaced.

    add(issue_path, contribution, project, section, dry_run) → Added

Order: the issue file must read (the project's own reader: a file that does not parse
is refused untouched); the new text is planned (yaml_edit); pictures are written into the
series' picture folder (`images/` beside series.yaml) under new names; the new text is
read back by the project's reader — it must hold exactly the old data plus the article,
every text unchanged — and checked as `typeset check` and a build would (schema, pictures,
lines that fit); then the file is replaced atomically. When the read-back differs, nothing
is kept (the pictures are removed again). Problems the check finds are returned with
their place in the issue file, for the editor to fix; the article stays added.
`dry_run`: nothing is written; the article is checked without its pictures.
"""

from __future__ import annotations

import io
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..catalog import shown
from ..errors import Problem, TypesetError
from ..model import Origin
from .duplicates import elsewhere, same_in
from .model import Contribution, Para, Picture
from .yaml_edit import Edit, plan_add

PICTURES = "images"  # the series' picture folder, below the folder of series.yaml
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Added:
    issue: str  # the issue file as the editor sees it
    edit: Edit
    pictures: tuple[tuple[str, str | None], ...]  # (path as written in the file, caption)
    problems: tuple[Problem, ...]  # what `typeset check` / a build would still report
    dry_run: bool


def add(issue_path: Path, contribution: Contribution, project, section: str | None,
        dry_run: bool = False) -> Added:
    from ..output import Changed

    name = shown(issue_path)
    folder = project.issues
    names = picture_names(folder / PICTURES, issue_path.stem, contribution)
    article, _ = _article(contribution, names)
    warnings = [Problem(f"《{''.join(contribution.title)}》已在 {file} 的第{i}个栏目第{j}篇（标题和第一段都相同）："
                        "请确认没有重复刊登", Origin(name), warning=True)
                for file, i, j in elsewhere(project.issue_files(), article, issue_path, shown)]
    written: list[Path] = []
    try:
        if not dry_run:
            for picture, rel in zip(_pictures(contribution), names, strict=True):
                written.append(write_picture(folder / rel, picture))
        for attempt in range(ATTEMPTS):  # another writer landed first: planned again on its text
            try:
                edit, problems = _add_once(issue_path, name, contribution, names, project, section, dry_run)
                break
            except Changed:
                if attempt == ATTEMPTS - 1:
                    raise
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    captions = tuple((rel, p.caption) for rel, p in zip(names, _pictures(contribution), strict=True))
    return Added(name, edit, captions, tuple(warnings + problems), dry_run)


ATTEMPTS = 5  # how often an add is planned again when the file changed under it


def _add_once(issue_path: Path, name: str, contribution: Contribution, names: list[str], project,
              section: str | None, dry_run: bool) -> tuple[Edit, list[Problem]]:
    """Read the issue file, plan and check the addition, write it if the file still holds what
    was read (source_files.save_source; output.Changed if not)."""
    from ..output import Changed
    from ..reader.yaml_source import load
    from ..source_files import save_source

    raw = issue_path.read_bytes()
    located = load(issue_path, name)  # refuses, located, a file that does not parse
    if issue_path.read_bytes() != raw:  # written between the two readings: read both again
        raise Changed(f"{name} 正在被改写")
    bom = raw.startswith(BOM)
    original = raw[len(BOM):].decode("utf-8") if bom else raw.decode("utf-8")
    article, notes = _article(contribution, names)
    twice = same_in(located.data, article)
    if twice:
        raise TypesetError(
            f"《{''.join(contribution.title)}》已在 {name} 的第{twice[0]}个栏目第{twice[1]}篇（标题和第一段都相同）："
            "同一篇来稿不会加入两次，没有改动；如果确是另一篇，请先在来稿中改动标题")
    edit = plan_add(original, name, article, notes, section, located.data)
    checked = edit
    if dry_run and names:  # the pictures are not written: check the article without them
        bare, bare_notes = _article(contribution, names, pictures=False)
        checked = plan_add(original, name, bare, bare_notes, section, located.data)
    problems = _check(checked, issue_path, name, project)
    if not dry_run:
        save_source(issue_path, raw, (BOM if bom else b"") + edit.text.encode("utf-8"), name)
    return edit, problems


def _pictures(c: Contribution) -> list[Picture]:
    return [item for item in c.body if isinstance(item, Picture)]


def _article(c: Contribution, names: list[str], pictures: bool = True) -> tuple[dict[str, Any], dict[int, list[str]]]:
    """The article as plain data, and the notes as comments before paragraph i."""
    paragraphs: list[Any] = []
    notes: dict[int, list[str]] = {}
    where: list[int] = []  # body index → paragraph index
    k = 0
    for item in c.body:
        where.append(len(paragraphs))
        if isinstance(item, Para):
            paragraphs.append({"text": item.text, "level": item.level} if item.level else item.text)
            continue
        rel = names[k]
        k += 1
        if pictures:
            paragraphs.append({"image": rel, "caption": item.caption} if item.caption else {"image": rel})
    where.append(len(paragraphs))
    for note in c.notes:
        if note.comment:  # a note for the report only has no comment
            notes.setdefault(where[min(max(note.after, 0), len(where) - 1)], []).append(note.comment)
    article: dict[str, Any] = {"title": c.title[0] if len(c.title) == 1 else list(c.title),
                               "paragraphs": paragraphs}
    if c.source:
        article["source"] = c.source
    return article, notes


def picture_names(folder: Path, stem: str, c: Contribution) -> list[str]:
    """images/646-3.jpg …: numbered on from the pictures of this issue already there."""
    taken = [int(m.group(1)) for p in (folder.iterdir() if folder.is_dir() else ())
             if (m := re.fullmatch(rf"{re.escape(stem)}-(\d+)\.\w+", p.name))]
    n = max(taken, default=0)
    names = []
    for picture in _pictures(c):
        n += 1
        ext = "jpg" if picture.image.format in ("JPEG", "MPO") else "png"
        names.append(f"{PICTURES}/{stem}-{n}.{ext}")
    return names


def write_picture(path: Path, picture: Picture) -> Path:
    """The picture as PNG or JPEG (what the writers embed), in a new file."""
    data = picture.image.data
    if picture.image.format not in ("PNG", "JPEG"):
        from PIL import Image

        buffer = io.BytesIO()
        with Image.open(io.BytesIO(data)) as im:
            if path.suffix == ".jpg":
                im.convert("RGB").save(buffer, "JPEG", quality=95)
            else:
                im.save(buffer, "PNG")
        data = buffer.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as f:  # never over an existing picture
        f.write(data)
    return path


def _check(edit: Edit, issue_path: Path, name: str, project) -> list[Problem]:
    """Read the new text back as the reader does and check it as `typeset check` and a build
    would; the problems are located in the issue file."""
    from ..build import numbered
    from ..reader import load_issue, load_series
    from ..reader.yaml_source import load

    with tempfile.TemporaryDirectory(prefix="typeset-add-") as tmp:
        path = Path(tmp) / issue_path.name
        try:
            path.write_text(edit.text, "utf-8")
        except OSError as err:  # named, so that a full TMPDIR is said to be one
            raise OSError(err.errno, err.strerror, str(path)) from None
        temp_name = shown(path)
        located = load(path, temp_name)
        if located.data != edit.expected:
            raise TypesetError(f"内部错误：写好的新内容读回来与来稿不一致，没有改动 {name}；"
                               "请把来稿和这一期的文件发给维护人员")
        problems: list[Problem] = []
        try:
            series = load_series(project.issues)
            issue = load_issue(path, series)
            issue = numbered(issue, issue_path, project, series)
            if issue.colophon.copies is None:
                problems.append(Problem("没有写共印份数，系列也没有默认值：版记将不印“（共印N份）”；"
                                        "请在本期 colophon 下写 copies: 份数", issue.origin, "colophon.copies",
                                        warning=True))
            problems += _compose(issue, series)
        except TypesetError as err:
            problems += err.problems
    return [_relocated(p, temp_name, name) for p in problems]


def _compose(issue, series) -> list[Problem]:
    from ..compose import compose
    from ..fonts import coverage, faces
    from ..reader.layout_file import load_layout

    layout = load_layout(series.layout).with_overrides(issue.layout_overrides)
    return list(coverage(compose(issue, series, layout), faces(layout, series.folder)))


def _relocated(problem: Problem, temp_name: str, name: str) -> Problem:
    origin = problem.origin
    if origin is not None and origin.file == temp_name:
        origin = Origin(name, origin.line, origin.column)
    message = problem.message.replace(temp_name, name)
    return replace(problem, origin=origin, message=message)
