"""The structure of a contribution: title, source, headings, captions, joined lines —
one small handmade source per rule (plain text, and blocks as the Word reader makes them)."""

from __future__ import annotations

import pytest

from typeset.contributions.model import Block, Image, Para, Picture
from typeset.contributions.shape import shape
from typeset.contributions.text_source import decode, read_text
from typeset.errors import TypesetError


def of_text(text: str):
    return shape(read_text(text), "来稿.txt")


def texts(c) -> list[tuple[str, int]]:
    return [(p.text, p.level) for p in c.body if isinstance(p, Para)]


@pytest.mark.parametrize("last, source", [
    ("（阿坝州地方志办公室）", "阿坝州地方志办公室"),
    ("(阿坝州地方志办公室)", "阿坝州地方志办公室"),
    ("（来源：阿坝州地方志办公室）", "阿坝州地方志办公室"),
    ("来源：阿坝州地方志办公室", "阿坝州地方志办公室"),
    ("供稿：阿坝州地方志办公室", "阿坝州地方志办公室"),
    ("供稿单位: 阿坝州地方志办公室", "阿坝州地方志办公室"),
])
def test_source_from_the_closing_line(last, source):
    c = of_text(f"标题\n\n　　第一段。\n\n　　第二段。\n\n{last}\n")
    assert c.source == source and texts(c) == [("第一段。", 0), ("第二段。", 0)]


def test_source_closing_the_last_paragraph_and_under_the_title():
    c = of_text("标题\n\n　　第一段。\n\n　　会议要求做好工作。（德阳市地方志办）\n")
    assert c.source == "德阳市地方志办" and texts(c)[-1] == ("会议要求做好工作。", 0)
    c = of_text("标题\n\n来源：德阳市地方志办\n\n　　第一段。\n\n　　第二段，见《德阳年鉴》（2023）。\n")
    assert c.source == "德阳市地方志办" and len(texts(c)) == 2
    c = of_text("标题\n\n　　第一段。\n\n　　会议强调（略）\n")
    assert c.source is None and texts(c)[-1] == ("会议强调（略）", 0)


def test_headings_by_their_numbering():
    c = of_text("标题\n一、总体情况\n（一）强化组织领导\n1.完善机制\n（1）建立月报制度\n"
                "一、要坚持“三个服务”，积极指导县（市）工作、有效编纂特色志书。\n正文。\n")
    assert texts(c) == [("一、总体情况", 1), ("（一）强化组织领导", 2), ("1.完善机制", 3), ("（1）建立月报制度", 4),
                        ("一、要坚持“三个服务”，积极指导县（市）工作、有效编纂特色志书。", 0), ("正文。", 0)]


def test_title_lines_before_the_first_empty_line():
    c = of_text("四川省地方志办 重庆市地方志办\n签署合作协议\n\n　　3月，双方签署协议。\n")
    assert c.title == ("四川省地方志办 重庆市地方志办", "签署合作协议")
    c = of_text("省地方志办召开会议\n　　3月，召开会议。\n　　会议要求。\n")
    assert c.title == ("省地方志办召开会议",) and len(texts(c)) == 2


def test_hard_wrapped_lines_are_joined_and_paragraph_lines_are_not():
    wrapped = ("标题\n\n　　3月28日，阿坝州召开2024年地方志工作会议，总结\n"
               "2023年工作，安排部署重点任务。\n　　会议指出。\n一、总体情况\n全州完成编纂。\n")
    joined = "3月28日，阿坝州召开2024年地方志工作会议，总结2023年工作，安排部署重点任务。"
    assert texts(of_text(wrapped)) == [(joined, 0), ("会议指出。", 0), ("一、总体情况", 1), ("全州完成编纂。", 0)]


def test_no_title_is_explained():
    with pytest.raises(TypesetError, match="找不到标题"):
        of_text("　　3月28日，阿坝州召开2024年地方志工作会议，总结2023年工作，安排部署2024年重点任务。\n")
    with pytest.raises(TypesetError, match="没有正文"):
        of_text("只有标题\n")


def test_word_blocks_title_styles_captions_and_bold_headings():
    png = Image(b"x", "PNG")
    blocks = [Block(("川渝地方志", "携手助力“双圈”建设"), style="title"),
              Block(("一、坚持“三个服务”，扎实推进编纂工作",), bold=True),
              Block(("　正文。",)), Block((), images=(png,)), Block(("图为座谈会现场，左起依次为……",)),
              Block(("正文二。",)), Block((), images=(png,)), Block(("座谈会现场",), centred=True),
              Block(("阿坝州地方志办公室",), right=True)]
    c = shape(blocks, "来稿.docx")
    assert c.title == ("川渝地方志", "携手助力“双圈”建设")
    assert [(type(p).__name__, getattr(p, "caption", None) or p.text) for p in c.body] == [
        ("Para", "一、坚持“三个服务”，扎实推进编纂工作"), ("Para", "正文。"),
        ("Picture", "图为座谈会现场，左起依次为……"), ("Para", "正文二。"), ("Picture", "座谈会现场")]
    assert c.body[0].level == 1 and isinstance(c.body[2], Picture) and c.source == "阿坝州地方志办公室"


def test_invisible_characters_dropped_and_text_decoded():
    c = of_text("标\u200b题\n\n　　正文\u00a0一。\ufeff\n")
    assert c.title == ("标题",) and texts(c) == [("正文 一。", 0)]
    assert decode("标题\n".encode("gb18030"), "x") == "标题\n"
    assert decode("\ufeff标题".encode("utf-8"), "x") == "标题"
    assert decode("标题".encode("utf-16"), "x") == "标题"


def test_chinese_numbers_of_automatic_numbering():
    from typeset.contributions.docx_numbering import chinese, formatted

    assert [chinese(n) for n in (1, 9, 10, 11, 20, 21, 100, 105, 110, 1001)] == [
        "一", "九", "十", "十一", "二十", "二十一", "一百", "一百零五", "一百一十", "一千零一"]
    assert [formatted(3, f) for f in ("decimal", "decimalEnclosedCircle", "lowerLetter", "upperRoman")] == [
        "3", "③", "c", "III"]


def test_a_picture_above_the_title_stays_as_the_first_picture():
    banner = Block((), images=(Image(b"x", "PNG"),))
    c = shape([banner, Block(("标题",), centred=True), Block(("正文。",))], "来稿.docx")
    assert c.title == ("标题",) and isinstance(c.body[0], Picture) and c.body[1] == Para("正文。")
