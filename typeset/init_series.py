"""typeset init: a new series — FOLDER/issues/series.yaml — for an office that starts using the tool.

    parse_anchor("2024-03-26,40,645") → {"date", "number", "total"}
    create_series(folder, title=…, office=…, …) → path of series.yaml (never over an existing one)

The file is the series' shared settings with the official defaults (layout, 版记 with its
recipient lists), each commented, so that `typeset check` passes at once and `typeset new`
makes the first issue: 第 1 期（总第 1 期）without an anchor, else numbered on from it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from .errors import TypesetError
from .reader import SERIES_FILE
from .written import parse_date

SCHEMA = Path(__file__).resolve().parent / "schema" / "series.schema.json"
TITLE = "四川省地方志工作简报"
OFFICE = "四川省地方志工作办公室"
RECIPIENTS = {
    "to_superiors": ["省委，省人大常委会，省人民政府，政协四川省委。", "中国地方志工作办公室。"],
    "to_peers": ["各市（州）党委、市（州）人民政府，省直各部门，中央驻川机构。"],
    "to_subordinates": ["各市（州）地方志办公室（党史地方志研究室，地方志编纂中心），巴蜀方志文化研究中心。"],
}
ANCHOR_HELP = "已知期号的一期：出刊日期,期号,总期号，如 2024-03-26,40,645（2024-03-26 出的第 40 期、总第 645 期）"


def parse_anchor(text: str) -> dict[str, Any]:
    """'2024-03-26,40,645' (commas, full-width commas or slashes) → the anchor; ValueError in Chinese."""
    parts = [p.strip() for p in re.split(r"[,，/、]", text.strip())]
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        raise ValueError(f"“{text}”应写成 出刊日期,期号,总期号，如 2024-03-26,40,645")
    try:
        date = parse_date(parts[0])
    except ValueError as err:
        raise ValueError(str(err)) from None
    number, total = int(parts[1]), int(parts[2])
    if number < 1 or total < number:
        raise ValueError(f"期号 {number}、总期号 {total} 不合理：期号从 1 起，总期号不小于期号")
    return {"date": date, "number": number, "total": total}


def _quoted(text: str) -> str:
    """A YAML scalar for any text (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def series_text(folder: Path, title: str, office: str, printer: str, anchor: dict[str, Any] | None,
                copies: int | None, page_numbers: bool) -> str:
    ref = Path(os.path.relpath(SCHEMA, folder.resolve())).as_posix()
    lines = [
        f"# yaml-language-server: $schema={ref}",
        f"# {title}：每期共用的设置（由 typeset init 新建）。每期的文件放在本文件夹的 年份/ 下，",
        "# 用 typeset new 新建；改了这里请运行 typeset check。",
        f"title: {_quoted(title)}               # 报头名称",
        f"office: {_quoted(office)}             # 编发机关（报头下左侧）",
        "layout: briefing                     # 版式：layouts/briefing",
        f"page_numbers: {'true' if page_numbers else 'false'}                  # 是否印页码",
    ]
    if anchor:
        lines.append(f"anchor: {{date: {anchor['date'].isoformat()}, number: {anchor['number']}, "
                     f"total: {anchor['total']}}}   # 编号锚点：已知期号的一期，其余各期按日期先后推算")
    else:
        lines += ["# 编号锚点：已知期号的一期，其余各期按日期先后推算。没有锚点时，第一期为第 1 期（总第 1 期）。",
                  "# 接着以前用 Word 排的各期编号时，写上最后一期，如：",
                  "# anchor: {date: 2024-03-26, number: 40, total: 645}"]
    lines += ["colophon:                            # 版记的默认值，每期可另写",
              "  disclosure: 主动公开                # 信息公开选项：主动公开、依申请公开、不予公开",
              f"  printer: {_quoted(printer)}        # 印发机关"]
    if copies is not None:
        lines.append(f"  copies: {copies}                        # 共印份数")
    else:
        lines.append("  # copies: 21                       # 共印份数的默认值（每期也可写在 colophon 下）")
    labels = {"to_superiors": "报", "to_peers": "送", "to_subordinates": "发"}
    for key, names in RECIPIENTS.items():
        lines.append(f"  {key}:                       # {labels[key]}")
        lines += [f"    - {_quoted(name)}" for name in names]
    return "\n".join(lines) + "\n"


def create_series(folder: Path, title: str = TITLE, office: str = OFFICE, printer: str | None = None,
                  anchor: dict[str, Any] | None = None, copies: int | None = None,
                  page_numbers: bool = False) -> Path:
    """Write folder/issues/series.yaml; refuse if a series (or anything) is already there."""
    given = (("标题（--title）", title), ("编发机关（--office）", office), ("印发机关（--printer）", printer))
    for name, value in given:
        if value is not None and not value.strip():
            raise TypesetError(f"{name}不能为空")
    issues = folder / "issues"
    path = issues / SERIES_FILE
    if folder.exists() and not folder.is_dir():
        raise TypesetError(f"{folder} 是一个文件，不是文件夹：请另选一个文件夹")
    if issues.exists() and not issues.is_dir():
        raise TypesetError(f"{issues} 是一个文件，不是文件夹：请删去或改名，或另选一个文件夹")
    if path.exists() or path.is_symlink():
        raise TypesetError(f"{path} 已存在，不会覆盖：这个文件夹已经是一个系列（typeset check 可检查它）")
    issues.mkdir(parents=True, exist_ok=True)
    text = series_text(issues, title.strip(), office.strip(), (printer or office).strip(), anchor, copies,
                       page_numbers)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise TypesetError(f"{path} 已存在，不会覆盖") from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return path
