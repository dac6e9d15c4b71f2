"""Blocks of a contribution → its structure: title lines, body, source, captions, headings.

    shape(blocks, source_name) → Contribution

The rules follow how city and county offices write their Word files:
- title: paragraphs in the Title style; else a first heading; else the centred line(s)
  at the top; else a short first paragraph (plain text: the first line, or the lines
  before the first empty line). Each title line stays a line, as the author broke it.
- a picture takes as caption the paragraph right under it when that is short and
  centred, or begins with 图为 / 图： (also text beside the picture in its paragraph).
- headings: a short paragraph (or a bold one) that begins with 一、（一）1.（1） is a
  heading of level 1–4; so is a paragraph in a heading style.
- source: the last paragraph when it is all in parentheses, begins with 来源：/供稿：,
  or is a short line set flush right; or parentheses closing the last paragraph after
  its final mark; else a 来源：/供稿： line right under the title.
- tables, text boxes and pictures that cannot be converted are not added: each becomes a
  Note with its place.
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import TypesetError
from .model import Block, Contribution, Note, Para, Picture, join_lines

TITLE_STYLES = ("title", "标题")
_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*(\d)")
LEVELS = (
    (1, re.compile(r"[一二三四五六七八九十百零〇]+、")),
    (2, re.compile(r"[（(][一二三四五六七八九十]+[）)]")),
    (4, re.compile(r"[（(]\d+[）)]")),
    (3, re.compile(r"\d+[.．、](?!\d)")),
)
SOURCE_LABEL = r"(?:来源|供稿|供稿单位|稿件来源|信息来源|稿源|文/图|图/文|文／图|图／文)\s*[：:]"
_SOURCE_LINE = re.compile(rf"{SOURCE_LABEL}\s*(.+)")
_IN_PARENTHESES = re.compile(rf"[（(]\s*(?:{SOURCE_LABEL})?\s*([^（）()]+?)\s*[）)]")
_CLOSING_SOURCE = re.compile(r"(?<=[。！？”」])\s*[（(]([^（）()。，]{2,40})[）)]$")
_CAPTION_START = re.compile(r"(?:图为|图片为|图[：:]|图片[：:]|▲|△|上图|下图|左图|右图|（图)")
CONVERTIBLE = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP", "MPO")
_UNSUPPORTED = ("表格", "文本框", "公式", "图表", "SmartArt 图形", "绘图画布", "嵌入对象", "嵌入的其他文档", "子文档")
SHORT_TITLE = 40  # characters: a longer first paragraph is body text, not a title
SHORT_HEADING = 30
SHORT_CAPTION = 40
SENTENCE_END = ("。", "；", "，", "：", "！", "？", ";", ",")
TITLE_STOPS = ("。", "；", "，", "：", ";", ",", ":")  # a title may end in ！ or ？ (or an emoji), never these
# what WeChat and web pages put around an article: a line of its own made of these is not text
TAIL_WORDS = ("点击阅读原文", "阅读原文", "长按识别二维码", "长按二维码", "识别二维码", "扫描二维码", "扫码关注",
              "点击上方蓝字", "点击蓝字", "关注我们", "点个在看", "点亮在看", "分享", "点赞", "在看", "欢迎转发",
              "往期推荐", "往期回顾", "推荐阅读", "戳这里", "点击关注", "关注", "转发", "收藏", "留言")
_TAIL_LINE = re.compile(r"[\W_]*(?:(?:" + "|".join(sorted(TAIL_WORDS, key=len, reverse=True))
                        + r")[\W_]*)+", re.UNICODE)
_STAFF_LINE = re.compile(r"(?:原标题|责任编辑|编辑|审核|校对|排版|美编|监制)\s*[：:].{0,40}")


def clean(text: str) -> str:
    """Tabs as spaces, invisible format and control characters dropped, ends trimmed."""
    text = text.replace("\t", " ").replace("\u00a0", " ")
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc", "Cs"))
    return text.strip(" \u3000")


def shape(blocks: list[Block], source_name: str) -> Contribution:
    blocks = [b for b in blocks if b.table or b.images or b.comments or b.footnotes or b.text.strip(" \u3000")]
    if not any(b.text.strip() for b in blocks):
        raise TypesetError(f"{source_name} 中没有文字：请检查是否选错了文件")
    tails = [b for b in blocks if not b.images and not b.table and tail_line(b.text)]
    blocks = [b for b in blocks if not any(b is t for t in tails)]
    title, rest = _title(blocks, source_name)
    contribution = Contribution(source_name, title)
    if tails:
        shown = "、".join(f"“{clean(t.text)[:20]}”" for t in tails)
        contribution.notes.append(Note(f"{source_name} 中的 {len(tails)} 行微信或网页的附加文字没有加入：{shown}",
                                       "", -1))
    _body(rest, contribution)
    for b in blocks:  # the title's comments and footnotes, before the first paragraph
        if not any(b is r for r in rest):
            _remarks(b, contribution, "")
    _revisions(blocks, contribution)
    _source(rest, contribution)
    if not any(isinstance(item, Para) for item in contribution.body):
        raise TypesetError(f"{source_name} 除了标题《{''.join(title)}》没有正文：请检查来稿")
    return contribution


def _lines(block: Block) -> tuple[str, ...]:
    return tuple(c for c in (clean(line) for line in block.lines) if c)


def _title(blocks: list[Block], name: str) -> tuple[tuple[str, ...], list[Block]]:
    def plain(b: Block) -> bool:
        return not b.images and not b.table and bool(b.text.strip())

    lead = 0  # a picture above the title (a banner) stays, as the article's first picture
    while lead < len(blocks) and not blocks[lead].text.strip() and not blocks[lead].table:
        lead += 1
    pictures, blocks = blocks[:lead], blocks[lead:]
    n = 0
    while n < len(blocks) and plain(blocks[n]) and blocks[n].style in TITLE_STYLES:
        n += 1
    if not n and blocks and plain(blocks[0]) and _HEADING_STYLE.match(blocks[0].style):
        n = 1
    if not n:
        while (n < len(blocks) and n < 4 and plain(blocks[n]) and blocks[n].centred
               and len(blocks[n].text) <= SHORT_TITLE * 2 and not _source_text(blocks[n].text)):
            n += 1
    if not n and blocks and plain(blocks[0]) and _title_line(blocks[0].text):
        n = 1
    if not n:
        first = blocks[0].text[:20] if blocks and blocks[0].text else ""
        raise TypesetError(
            f"{name} 开头找不到标题{f'（第一段是“{first}……”）' if first else ''}：来稿的第一行应是标题"
            "（Word 中居中的一行或几行；纯文本中是第一行，分行的标题写成连续几行、后空一行）。"
            "请在来稿开头加上标题后再加入")
    lines = tuple(line for b in blocks[:n] for line in _lines(b))
    return lines, pictures + blocks[n:]


def _title_line(text: str) -> bool:
    text = clean(text)
    return 0 < len(text) <= SHORT_TITLE and not text.endswith(TITLE_STOPS)


def tail_line(text: str) -> bool:
    """A line WeChat or a web page adds (点击阅读原文, 长按识别二维码关注我们, 编辑：…)."""
    text = clean(text)
    return len(text) <= 40 and bool(_TAIL_LINE.fullmatch(text) or _STAFF_LINE.fullmatch(text))


def _short_line(text: str, limit: int) -> bool:
    text = clean(text)
    return 0 < len(text) <= limit and not text.endswith(SENTENCE_END)


def _level(block: Block, text: str) -> int:
    m = _HEADING_STYLE.match(block.style)
    for level, pattern in LEVELS:
        if pattern.match(text):
            short = len(text) <= SHORT_HEADING and not text.endswith(SENTENCE_END)
            if short or (block.bold and len(text) <= SHORT_TITLE) or m:
                return level
            return 0
    return min(int(m.group(1)), 4) if m and int(m.group(1)) > 0 else 0


def _place(number: int, last: str) -> str:
    if not number:
        return "标题之后"
    return f"第 {number} 段（“{last[:10]}……”）之后" if last else f"第 {number} 段之后"


def _body(blocks: list[Block], c: Contribution) -> None:
    last_text = ""
    for b in blocks:
        if b.table:
            what = b.table
            kind = next((k for k in _UNSUPPORTED if k in what), "这种内容")
            if what.startswith("页眉"):
                c.notes.append(Note(f"{c.source_name} 有{what}：不是正文，没有加入；需要时请写进正文", "", -1))
                continue
            c.notes.append(Note(
                f"{c.source_name} {_place(b.number, last_text)}有{what}：简报不支持{kind}，没有加入；"
                "请把其中的内容改写成文字，或截图后作为图片加入",
                f"来稿此处有{what}，简报不支持，没有加入", len(c.body)))
            continue
        for image in b.images:
            if image.format in CONVERTIBLE and image.data:
                c.body.append(Picture(image, None, _place(b.number, last_text)))
                continue
            kind = "链接到外部的图片" if image.format == "LINK" else f"{image.format} 格式的图片"
            c.notes.append(Note(
                f"{c.source_name} {_place(b.number, last_text)}有一张{kind}，无法转换，没有加入；"
                "请在 Word 中把它另存为 PNG 或 JPEG 图片，再写进本期",
                f"来稿此处有一张{kind}，无法转换，没有加入", len(c.body)))
        text = clean(b.text)
        _remarks(b, c, last_text)
        if not text:
            continue
        previous = c.body[-1] if c.body else None
        if isinstance(previous, Picture) and previous.caption is None and _caption(b, text):
            c.body[-1] = Picture(previous.image, text, previous.place)
            last_text = text
            continue
        c.body.append(Para(text, _level(b, text)))
        last_text = text


def _remarks(b: Block, c: Contribution, last: str) -> None:
    """Reviewers' comments and footnotes of a paragraph: in the report, and kept as comments
    in the issue file just before the paragraph (Word's own words, nothing printed)."""
    place = f"第 {b.number} 段" if b.number else "开头"
    for comment in b.comments:
        c.notes.append(Note(f"{c.source_name} {place}有批注“{comment}”：不印出，已作为注释写在这一段之前",
                            f"批注：{_one_line(comment)}", len(c.body)))
    for note in b.footnotes:
        c.notes.append(Note(f"{c.source_name} {place}有脚注或尾注“{note[:30]}”：简报不印脚注，没有加入；"
                            "需要时请把它写进正文", f"脚注（没有加入）：{_one_line(note)}", len(c.body)))


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


def _revisions(blocks: list[Block], c: Contribution) -> None:
    inserted, deleted, moved = (sum(b.revisions[k] for b in blocks) for k in range(3))
    if inserted or deleted or moved:
        what = "、".join(f"{name} {n} 处" for name, n in (("插入", inserted), ("删除", deleted), ("移动", moved)) if n)
        c.notes.append(Note(f"{c.source_name} 中有未处理的修订（{what}）：已按 Word“无标记”视图加入"
                            "（接受全部修订后的文字，移动的文字在移到的位置）；请与作者核对", "", -1))


def _caption(b: Block, text: str) -> bool:
    if _CAPTION_START.match(text):
        return len(text) <= SHORT_CAPTION * 3
    return (b.centred or bool(b.images)) and _short_line(text, SHORT_CAPTION) and not LEVELS[0][1].match(text)


def _source_text(text: str) -> str | None:
    """The source named by a whole line, or None."""
    text = clean(text)
    m = _IN_PARENTHESES.fullmatch(text)
    if m and "。" not in m.group(1) and len(m.group(1)) <= 60:
        return m.group(1).strip()
    m = _SOURCE_LINE.fullmatch(text)
    if m:
        return m.group(1).strip().strip("（）()").strip() or None
    return None


def _source(blocks: list[Block], c: Contribution) -> None:
    paras = [i for i, item in enumerate(c.body) if isinstance(item, Para)]
    if not paras:
        return
    last = paras[-1]
    item = c.body[last]
    assert isinstance(item, Para)
    found = _source_text(item.text) if item.level == 0 else None
    last_block = next((b for b in reversed(blocks) if clean(b.text)), None)
    if (found is None and last_block is not None and last_block.right and clean(last_block.text) == item.text
            and _short_line(item.text, 30) and not re.search(r"\d", item.text) and len(paras) > 1):
        found = item.text
    if found is not None and len(paras) > 1:
        del c.body[last]
        c.source = found
        c.notes[:] = [Note(n.message, n.comment, min(n.after, len(c.body))) for n in c.notes]
        return
    m = _CLOSING_SOURCE.search(item.text) if item.level == 0 else None
    if m:
        c.body[last] = Para(item.text[: m.start()].rstrip(), 0)
        c.source = m.group(1).strip()
        return
    first = c.body[paras[0]]
    assert isinstance(first, Para)
    m = _SOURCE_LINE.fullmatch(first.text)
    if m and len(paras) > 1:
        del c.body[paras[0]]
        c.source = m.group(1).strip().strip("（）()").strip()
        c.notes[:] = [Note(n.message, n.comment, max(0, n.after - 1) if n.after > paras[0] else n.after)
                      for n in c.notes]


__all__ = ["shape", "join_lines"]
