"""An official issue's lines → the issue's data (as an issue file holds it).

The official text has no fonts or positions, only lines in order; each part is
known by rules that hold for the official format (FORMAT.md):
  masthead   lines before the first section: 第N期（总第M期）, the office and date line
  section    a line 【name】
  title      the lines after a section or a source that are no wider than a title
             line may be and do not end a sentence, as the official broke them
  body       the lines up to the source, grouped into paragraphs (paragraphs.py)
  source     （name） ending the article's last line, apart from its text, or on its own line
  colophon   from 信息公开选项 / 报： / 送： / 发： on: recipient groups, the 印发 line, 共印
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ...errors import Problem, TypesetError
from ...layout import Layout
from ...model import Origin
from .figures import MARKED, Picture
from .lines import Line, Measure
from .paragraphs import CLOSING, FULL, SENTENCE_END, ends_sentence, join, split

SECTION = re.compile(r"^【(?P<name>[^【】]+)】$")
DATE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
NUMBER = re.compile(r"^(?P<supplement>增刊)?第(?P<number>\d+)期(?:（总第(?P<total>\d+)期）)?$")
MARK = re.compile(r"内部资料|注意保存|秘密|机密")
# （source）: the whole line, or after a sentence's end and a space (set apart, to the right)
SOURCE = re.compile(r"^(?:(?P<text>.*[" + SENTENCE_END + CLOSING + r"]) )?（(?P<source>[^（）。，；：]{1,40})）$")
CAPTION = re.compile(r"^(?:图[为示]|图\s*\d+(?!\d)|【图)")  # 图为…, 图1 …, 【图…】
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．]|（\d+）)")
TITLE_SLACK = 1.15  # a title line condensed to fit holds this much more than the measure
NOT_TITLE_END = SENTENCE_END + "，、"
QUOTE_WIDTHS = range(4, 11)  # tenths of an em


@dataclass
class Imported:
    data: dict[str, Any]
    notes: list[Problem] = field(default_factory=list)  # lines left out, each located
    pictures: dict[str, bytes] = field(default_factory=dict)  # the picture items' files, by name


def _squashed(line: Line) -> str:
    return re.sub(r"\s+", "", line.text)


class _Reader:
    def __init__(self, lines: list[Line], layout: Layout, file: str, quote_width: float,
                 pictures: list[Picture]) -> None:
        self.lines = lines
        self.pictures = pictures
        self.taken: set[int] = set()  # pictures placed in an article
        self.default_width = layout["figure"]["width"]
        self.measure = Measure(layout, {"quote_width": quote_width})
        self.cost = 0.0  # of the paragraph readings chosen
        self.labels = layout["colophon"]["labels"]
        self.file = file
        self.notes: list[Problem] = []
        copies = re.escape(self.labels["copies"]).replace(re.escape("{n}"), r"(?P<n>\d+)")
        self.copies = re.compile(f"^{copies}$")
        self.imprint = re.compile(r"^(?P<printer>.+?)" + DATE.pattern + re.escape(self.labels["printed"]) + "$")
        self.groups = {self.labels[k]: k for k in ("to_superiors", "to_peers", "to_subordinates")}

    def origin(self, line: Line) -> Origin:
        return Origin(self.file, line.number, 1)

    def note(self, line: Line, what: str) -> None:
        if MARKED.match(line.text):
            return  # a picture outside the articles: said once, in picture_notes
        self.notes.append(Problem(f"{what}：“{line.text}”没有导入", self.origin(line), warning=True))

    def figure(self, n: int) -> dict[str, Any]:
        picture = self.pictures[n - 1]
        self.taken.add(n)
        item: dict[str, Any] = {"image": f"图片{n}{picture.suffix}"}
        if picture.caption:
            item["caption"] = picture.caption
        if 0 < picture.width <= 1 and abs(picture.width - self.default_width) > 0.02:
            item["width"] = picture.width
        return item

    def picture_notes(self) -> None:
        for n, picture in enumerate(self.pictures, 1):
            if n in self.taken:
                continue
            where = "没有找到它在正文中的位置" if not picture.placed else "它不在任何文章的正文中"
            caption = f"（图题“{picture.caption}”）" if picture.caption else ""
            self.notes.append(Problem(f"第 {picture.page} 页的第 {n} 张图片{caption}没有导入：{where}；"
                                      "请在 YAML 中自己加上这张图片", Origin(self.file), warning=True))

    # -- parts ---------------------------------------------------------------
    def is_colophon(self, line: Line) -> bool:
        t = _squashed(line)
        return (t.startswith(self.labels["disclosure"]) or any(t.startswith(g) for g in self.groups)
                or bool(self.imprint.match(t)) or bool(self.copies.match(t)))

    def title_like(self, line: Line) -> bool:
        t = line.text
        return (not t.rstrip(CLOSING).endswith(tuple(NOT_TITLE_END)) and not SECTION.match(t) and not MARKED.match(t)
                and self.measure.ems(t) <= self.measure.title_cells * TITLE_SLACK and not SOURCE.match(t))

    def masthead(self, lines: list[Line], data: dict[str, Any]) -> None:
        for line in lines:
            t = _squashed(line)
            number, date = NUMBER.match(t), DATE.search(t)
            if number:
                data["number"] = int(number["number"])
                if number["total"]:
                    data["total"] = int(number["total"])
                if number["supplement"]:
                    data["supplement"] = True
            elif date and t.endswith(date.group(0)) and "date" not in data:
                data["date"] = _date(date)
            elif MARK.search(t):
                data["mark"] = line.text
            elif not t.endswith("简报"):  # the masthead title itself is the series'
                self.note(line, "报头中的这一行不是期号、日期或标记")

    def body(self, lines: list[Line]) -> list[dict[str, Any]]:
        sections: list[dict[str, Any]] = []
        i = 0
        while i < len(lines):
            m = SECTION.match(_squashed(lines[i]))
            if not m:
                raise TypesetError(Problem("这里应是栏目行（如“【特别关注】”）或文章标题，却是正文；"
                                           "请确认给的是简报正式版的全文", self.origin(lines[i])))
            section: dict[str, Any] = {"name": m["name"], "articles": []}
            sections.append(section)
            i += 1
            end = next((j for j in range(i, len(lines)) if SECTION.match(_squashed(lines[j]))), len(lines))
            while i < end:
                article, i = self.article(lines, i, end)
                section["articles"].append(article)
            if not section["articles"]:
                raise TypesetError(Problem(f"栏目“{m['name']}”下没有文章", self.origin(lines[i - 1])))
        return sections

    def article(self, lines: list[Line], i: int, end: int) -> tuple[dict[str, Any], int]:
        while i < end and MARKED.match(lines[i].text):
            i += 1  # a picture before the article's title: said in picture_notes
        start = i
        title: list[str] = []
        while i < end and self.title_like(lines[i]):
            title.append(lines[i].text)
            i += 1
        if not title:
            raise TypesetError(Problem("这里应是文章标题（来源或栏目之后），却像是正文的一行；"
                                       "请确认正式版文本完整", self.origin(lines[start])))
        body: list[Line] = []
        parts: list[list[Line] | dict[str, Any] | str] = []  # runs of body lines, pictures and captions
        source = None
        while i < end:
            line = lines[i]
            if picture := MARKED.match(line.text):
                parts += [body, self.figure(int(picture[1]))]
                body, i = [], i + 1
                caption = self.pictures[int(picture[1]) - 1].caption
                if caption and i < end and _squashed(lines[i]) == re.sub(r"\s+", "", caption):
                    i += 1
                continue
            if not self.pictures and body and CAPTION.match(line.text) and self.title_like(line):
                parts += [body, line.text]  # a caption without its picture (a text has none)
                body, i = [], i + 1
                self.notes.append(Problem(
                    f"“{line.text}”像是图片的图题：文本里没有图片本身，这一行作为正文的一段导入；请补上图片，"
                    f"写成 {{image: 图片文件, caption: {line.text}}}", self.origin(line), warning=True))
                continue
            m = SOURCE.match(line.text)
            if m:
                if m["text"]:
                    body.append(Line(m["text"], line.raw, line.page_start, line.number))
                source = m["source"]
                i += 1
                break
            if body and self.starts_article(body[-1], line, lines[i + 1] if i + 1 < end else None):
                break
            body.append(line)
            i += 1
        parts.append(body)
        if not any(parts):
            raise TypesetError(Problem(f"文章“{''.join(title)}”没有正文", self.origin(lines[start])))
        items: list[Any] = []
        for part in parts:
            if isinstance(part, dict | str):
                items.append(part)
            elif part:
                paragraphs, cost = split(part, self.measure)
                self.cost += cost
                items += [_paragraph(join(p)) for p in paragraphs]
        article: dict[str, Any] = {"title": title[0] if len(title) == 1 else title, "paragraphs": items}
        if source:
            article["source"] = source
        return article, i

    def starts_article(self, previous: Line, line: Line, following: Line | None) -> bool:
        """A title after a paragraph's end where the article before has no source."""
        return (following is not None and self.measure.gap(previous.text, False) >= FULL
                and not (not self.pictures and CAPTION.match(line.text))
                and ends_sentence(previous.text) and self.title_like(line) and not HEADING.match(line.text))

    def colophon(self, lines: list[Line]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        key, item = None, ""
        items: dict[str, list[str]] = {}

        def flush() -> None:
            nonlocal item
            if key and item:
                items.setdefault(key, []).append(item)
            item = ""

        for line in lines:
            t = line.text
            flat = _squashed(line)
            group = next((g for g in self.groups if flat.startswith(g)), None)
            if flat.startswith(self.labels["disclosure"]):
                flush()
                key = None
                out["disclosure"] = flat[len(self.labels["disclosure"]):]
            elif group:
                flush()
                key, item = self.groups[group], t[len(group):].strip() if t.startswith(group) else flat[len(group):]
            elif m := self.imprint.match(flat):
                flush()
                key = None
                out["printer"], out["print_date"] = m["printer"], _date(m)
            elif m := self.copies.match(flat):
                flush()
                key = None
                out["copies"] = int(m["n"])
            elif key:
                item += t
            else:
                self.note(line, "版记中的这一行不是公开选项、报送发名单、印发或共印份数")
                continue
            if key and ends_item(item):
                flush()
        flush()
        for k in ("to_superiors", "to_peers", "to_subordinates"):
            if k in items:
                out[k] = items[k]
        return out


def ends_item(text: str) -> bool:
    return text.rstrip(CLOSING).endswith(("。", "；"))


def _paragraph(text: str) -> str | dict[str, Any]:
    m = HEADING.match(text)
    if m and not text.rstrip(CLOSING).endswith(tuple(SENTENCE_END)) and len(text) <= 40:
        level = 1 if text[0] in "一二三四五六七八九十" else 3 if text[0].isdigit() else (
            2 if text[1] in "一二三四五六七八九十" else 4)
        return {"text": text, "level": level}
    return text


def _date(m: re.Match) -> dt.date:
    return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))


def read(lines: list[Line], layout: Layout, file: str, date: dt.date | None = None,
         pictures: list[Picture] | None = None) -> Imported:
    """The issue's data from its official lines; `date` where the text has no date line.

    Curly quotes were set narrow (Latin face) or wide (Chinese face) as the period had it:
    the width under which the lines read most plainly as paragraphs is the one taken."""
    readings = [_read(lines, layout, file, date, q / 10, pictures or []) for q in QUOTE_WIDTHS]
    return min(readings, key=lambda r: r[1])[0]


def _read(lines: list[Line], layout: Layout, file: str, date: dt.date | None,
          quote_width: float, pictures: list[Picture]) -> tuple[Imported, float]:
    reader = _Reader(lines, layout, file, quote_width, pictures)
    first = next((i for i, line in enumerate(lines) if SECTION.match(_squashed(line))), None)
    if first is None:
        raise TypesetError(Problem("没有找到栏目行（如“【特别关注】”）：简报的正文从栏目开始；"
                                   "请确认给的是简报正式版的文本或 PDF", Origin(file)))
    colophon = next((i for i in range(first, len(lines)) if reader.is_colophon(lines[i])), len(lines))
    data: dict[str, Any] = {}
    reader.masthead(lines[:first], data)
    if date is not None:
        data["date"] = date
    if "date" not in data:
        raise TypesetError(Problem("正式版中没有发文日期行（如“四川省地方志工作办公室 2024年3月26日”）："
                                   "请用 --date YYYY-MM-DD 给出出刊日期", Origin(file)))
    data["sections"] = reader.body(lines[first:colophon])
    col = reader.colophon(lines[colophon:])
    if col.get("print_date") == data["date"]:
        del col["print_date"]  # the default
    if col:
        data["colophon"] = col
    reader.picture_notes()
    keys = ("date", "supplement", "number", "total", "mark", "sections", "colophon")
    ordered: dict[str, Any] = {k: data[k] for k in keys if k in data}
    return Imported(ordered, reader.notes), reader.cost
