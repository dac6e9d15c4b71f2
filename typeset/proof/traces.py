"""What pasted web text leaves behind, date forms, and a series' preferred names.

    traces(text) → [Hit]        emoji, #话题#, @mentions, WeChat tails, 2024.3.26 dates
    names(text, preferred) → [Hit]
"""

from __future__ import annotations

import datetime as dt
import re

from .chars import DATES, NAMES, WEB, Hit, url_spans

TAILS = ("点击阅读原文", "阅读原文", "长按识别二维码", "长按二维码", "扫描二维码关注", "扫码关注", "点击蓝字",
         "点击上方蓝字", "关注我们", "点个在看", "点亮在看", "分享点赞在看", "欢迎转发", "往期推荐", "往期回顾",
         "喜欢就点赞", "戳这里", "点击关注")
# a tail stands apart (at the start or end of the text, or between marks or spaces): 阅读原文件 is not one
_TAIL = re.compile(r"(?<![\u3400-\u9fff])(?:" + "|".join(re.escape(t) for t in sorted(TAILS, key=len, reverse=True))
                   + r")(?![\u3400-\u9fff])")
_STAFF = re.compile(r"(?:原标题|责任编辑|编辑|审核|校对|来源于网络)[：:]")
HASHTAG = re.compile(r"(?<![0-9A-Za-z#])#[^#\s]{1,30}#(?![0-9A-Za-z#])")  # not 1#楼和2#楼
MENTION = re.compile(r"(?<![A-Za-z0-9_.@])@[A-Za-z0-9_\u4e00-\u9fff]{1,20}")
_DATE = re.compile(r"(?<![\d.])(\d{4})([./-])(\d{1,2})\2(\d{1,2})(?![\d.])")
_EMOJI_RANGES = ((0x1F000, 0x1FAFF), (0x2600, 0x2604), (0x2607, 0x27BF), (0x2B50, 0x2B55), (0x1F1E6, 0x1F1FF))
_EMOJI_TAIL = "\ufe0f\u200d\u20e3"


def emoji(ch: str) -> bool:
    o = ord(ch)
    return any(a <= o <= b for a, b in _EMOJI_RANGES)


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """Each emoji with its joiners and variation selectors: (start, end)."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        if emoji(text[i]):
            j = i + 1
            while j < len(text) and (text[j] in _EMOJI_TAIL or (text[j - 1] == "\u200d" and emoji(text[j]))
                                     or 0x1F3FB <= ord(text[j]) <= 0x1F3FF):
                j += 1
            spans.append((i, j))
            i = j
        else:
            i += 1
    return spans


def traces(text: str) -> list[Hit]:
    hits: list[Hit] = []
    skip = url_spans(text)
    for s, e in emoji_spans(text):
        hits.append(Hit(s, e, WEB, "表情符号印不出来（会印成方框或空白）：请删去", hint=""))
    for m in HASHTAG.finditer(text):
        if m.start() not in skip:
            hits.append(Hit(m.start(), m.end(), WEB, "微信话题标签：请删去“#”或整个话题",
                            hint=m.group()[1:-1]))
    for m in MENTION.finditer(text):
        if m.start() not in skip:
            hits.append(Hit(m.start(), m.end(), WEB, "微博、微信的“@”提及：正式文稿请写全称，去掉“@”",
                            hint=m.group()[1:]))
    for m in _TAIL.finditer(text):
        hits.append(Hit(m.start(), m.end(), WEB, f"“{m.group()}”是微信文章的引导语，不是正文：请删去"))
    staff = _STAFF.match(text)
    if staff:  # 编辑：… opening a paragraph is the account's staff line, not the article
        hits.append(Hit(0, staff.end(), WEB, f"“{staff.group()}”是公众号的编辑信息，不是正文：请删去这一段"))
    for m in _DATE.finditer(text):
        if m.start() in skip:
            continue
        year, month, day = (int(m.group(k)) for k in (1, 3, 4))
        try:
            dt.date(year, month, day)
        except ValueError:
            continue
        hits.append(Hit(m.start(), m.end(), DATES, f"日期写成了“{m.group()}”，正文中写作“{year}年{month}月{day}日”",
                        hint=f"{year}年{month}月{day}日"))
    return hits


def names(text: str, preferred: dict[str, tuple[str, ...]]) -> list[Hit]:
    """Forms the series asks to replace by its preferred name (series.yaml preferred_names);
    a form standing inside the preferred name itself is left alone."""
    hits: list[Hit] = []
    for good, forms in preferred.items():
        keep = {k for m in re.finditer(re.escape(good), text) for k in range(m.start(), m.end())} if good else set()
        for form in sorted(forms, key=len, reverse=True):
            if not form:
                continue
            for m in re.finditer(re.escape(form), text):
                if keep & set(range(m.start(), m.end())) or any(h.start < m.end() and m.start() < h.end for h in hits):
                    continue
                hits.append(Hit(m.start(), m.end(), NAMES, f"本系列规定写作“{good}”", good))
    return hits
