"""Dates and integers as editors write them, with the reason in Chinese when one is not read as such."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any


def date_hint(value: Any) -> str:
    """Why a text is not a date, as precisely as the text allows."""
    m = re.fullmatch(r"(\d{4})\D(\d{1,2})\D(\d{1,2})日?", str(value).strip())
    if m:
        y, mo, d = (int(g) for g in m.groups())
        if not 1 <= mo <= 12:
            return f"没有 {mo} 月，请写真实存在的日期，如 2024-03-26"
        try:
            dt.date(y, mo, d)
        except ValueError:
            return f"{y} 年 {mo} 月没有 {d} 日，请写真实存在的日期"
        return f"请写成 {y:04d}-{mo:02d}-{d:02d}（年-月-日，用“-”分隔，月、日不足两位时补 0）"
    return "应写成 年-月-日，如 2024-03-26（月、日不足两位时补 0）"


def parse_date(text: str) -> dt.date:
    """'2024-03-26' → the date; ValueError with the reason in Chinese (日期“2024-04-31”无效：…)."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            pass
    raise ValueError(f"日期“{text}”无效：{date_hint(text)}")


def number_hint(value: Any) -> str:
    """Why a number written as the editor typed it (040, 0x28, 1:20) is not read as one."""
    text = str(value).strip()
    wide = text.translate({ord("０") + i: str(i) for i in range(10)})
    if wide != text and re.fullmatch(r"[0-9]+", wide):
        return f"：数字要用半角（英文）数字，请写成 {int(wide)}"
    if re.fullmatch(r"[1-9][0-9]*", text):
        return f"：这是加了引号的文字，数字不要加引号，请写成 {text}"
    if re.fullmatch(r"[1-9][0-9]*\s*[份期]", text):
        return f"：只写数字，不要写“{text[-1]}”，请写成 {text[:-1].strip()}"
    if re.fullmatch(r"[-+]?0+[0-9]+", text):
        octal = "" if re.search("[89]", text) else f"，YAML 会当作八进制（{text} 读作 {int(text, 8)}）"
        return f"：以 0 开头的数字不是普通的整数{octal}；请去掉开头的 0，写成 {int(text)}"
    if "_" in text and re.fullmatch(r"[-+]?[0-9][0-9_]*", text):
        return f"：数字中不能有下划线，请写成 {int(text.replace('_', ''))}"
    if re.fullmatch(r"[-+]?0[xXoObB][0-9a-fA-F_]+", text):
        return "：请用十进制写，只写阿拉伯数字（如 40），不要写“0x”“0o”“0b”"
    if re.fullmatch(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?", text):
        return "：带冒号的数字 YAML 读作六十进制（如 1:20 读作 80），请只写阿拉伯数字（如 40）"
    return ""
