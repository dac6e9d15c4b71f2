"""Which face draws each role of a layout, and where its file comes from (for `typeset check`)."""

from __future__ import annotations

from pathlib import Path

from . import windows
from .fonts import FONTS, STAND_IN, faces, font_folders
from .layout import Layout

ROLES = {"title": "报头", "body": "正文", "hei": "黑体", "kai": "楷体", "song": "宋体", "latin": "西文和数字"}


def _source(path: Path, series_folder: Path | None) -> str:
    def under(folder: Path) -> bool:
        return path.resolve().is_relative_to(folder.resolve())

    if under(STAND_IN):
        return "开源替代字体，typeset 的 fonts/stand-in/"
    if any(under(f) for f in windows.font_folders()):
        return "Windows 已安装的字体"
    project = font_folders(series_folder)[0] if series_folder else None
    if project and project != FONTS and under(project):
        return "本项目的 fonts/ 文件夹"
    if under(FONTS):
        return "typeset 的 fonts/ 文件夹"
    return "本机系统已安装的字体"


def report(layout: Layout, series_folder: Path | None) -> list[str]:
    """One line per role: 字体（正文）：仿宋_GB2312 ← /mnt/c/Windows/Fonts/simfang.ttf（Windows 已安装的字体）."""
    lines = []
    for role, face in faces(layout, series_folder).items():
        if not face.official:
            shown = f"{face.family}（代替“{face.name}”，正式字体未找到）"
        else:
            shown = face.family if face.family == face.name else f"{face.family}（用作“{face.name}”）"
        lines.append(f"字体（{ROLES.get(role, role)}）：{shown} ← {face.path}（{_source(face.path, series_folder)}）")
    return lines
