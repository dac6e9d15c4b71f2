"""Each proofreading category on made-up text: what is found, where, and the certain
correction; and what official Chinese text legitimately contains is never found."""

from __future__ import annotations

import pytest

from typeset.proof import clean, hits

OFFICIAL_SHAPES = [
    "3月25—26日，四川省地方志工作办公室到重庆市地方志办公室座谈交流。",
    "《四川全面小康志（1978—2021）》承编单位、《大竹县周家区志（1911-2001）》",
    "会议还就《双城年鉴》2021、2022、2023年卷编纂实践进行总结，2021—2023年完成。",
    "阅读量285.2万，增长3.5%，比例尺1:1000，12:30开始，3,000册。",
    "访问 https://www.sc.gov.cn/a/b?id=1,2 或 www.scdfz.org.cn 查看，邮箱 fzb@sc.gov.cn。",
    "加强“一体化”和“高质量”，‘三个服务’；《〈四川省志〉质量体系建设纲要》",
    "开展“百年辉煌 百年荣光——”主题活动……北京—上海，中国-东盟",
    "发布5G、App、GDP等数据，使用Windows 10系统，Sichuan Local Chronicles Office, Chengdu.",
    "一是深化政治建设。二是记录发展巨变？是！好？！",
    "（一）加强组织领导；1.提高站位；（1）落实责任",
    "据统计，全省共有No.1号档案，第3.2条规定，Vol.2期刊。",
    "“他说：‘要写好志书。’”",
    "认真阅读原文件精神，请持续关注我们的工作，1#楼和2#楼已完工，他编辑：张三的稿件。",
    "按GB/T 15834-2011执行，见第3.2.1条，川办发〔2024〕3号，电话028-86123456。",
    "★★★★★景区，①②③，※注，√",
]


@pytest.mark.parametrize("text", OFFICIAL_SHAPES)
def test_official_shapes_give_nothing(text):
    assert hits(text) == []


@pytest.mark.parametrize("text", ["唱好“双城记” 川渝地方志携手助力“双圈”建设", "四川省地方志办 重庆市地方志办"])
def test_a_space_between_the_parts_of_a_title_is_official(text):
    assert hits(text, title=True) == []


def found(text: str) -> list[tuple[int, str, str, str | None]]:
    return [(h.start, text[h.start:h.end], h.category, h.fix) for h in hits(text)]


CASES = [
    # half-width marks in Chinese text → full-width, quotes paired
    ("今天,我们开会.", [(2, ",", "半角标点", "，"), (7, ".", "半角标点", "。")], "今天，我们开会。"),
    ("他说:好吗?好!", [(2, ":", "半角标点", "："), (5, "?", "半角标点", "？"), (7, "!", "半角标点", "！")],
     "他说：好吗？好！"),
    ('他说"好的"。', [(2, '"', "半角标点", "“"), (5, '"', "半角标点", "”")], "他说“好的”。"),
    ("召开(扩大)会议", [(2, "(", "半角标点", "（"), (5, ")", "半角标点", "）")], "召开（扩大）会议"),
    ("他说“要写'志书'”。", [(5, "'", "半角标点", "‘"), (8, "'", "半角标点", "’")], "他说“要写‘志书’”。"),
    # doubled marks
    ("开会。。会后", [(2, "。。", "标点连用", "。")], "开会。会后"),
    ("开会，，会后", [(2, "，，", "标点连用", "，")], "开会，会后"),
    # ellipsis and dashes, ranges
    ("等等...还有", [(2, "...", "省略号与破折号", "……")], "等等……还有"),
    ("等等。。。还有", [(2, "。。。", "省略号与破折号", "……")], "等等……还有"),
    ("等等…还有", [(2, "…", "省略号与破折号", "……")], "等等……还有"),
    ("这样--那样", [(2, "--", "省略号与破折号", "——")], "这样——那样"),
    ("2021－2023年", [(4, "－", "省略号与破折号", "—")], "2021—2023年"),
    ("3月25–26日", [(4, "–", "省略号与破折号", "—")], "3月25—26日"),
    # spaces
    ("四 川 省 地 方 志", [(0, "四 川 省 地 方 志", "多余空格", "四川省地方志")], "四川省地方志"),
    ("开会 ，会后", [(2, " ", "多余空格", "")], "开会，会后"),
    # full-width digits and letters
    ("２０２４年ＡＢ", [(0, "２", "全角字母数字", "2"), (1, "０", "全角字母数字", "0"), (2, "２", "全角字母数字", "2"),
                   (3, "４", "全角字母数字", "4"), (5, "Ａ", "全角字母数字", "A"), (6, "Ｂ", "全角字母数字", "B")],
     "2024年AB"),
    # invisible characters
    ("开\u200b会", [(1, "\u200b", "不可见字符", "")], "开会"),
]


@pytest.mark.parametrize(("text", "expected", "corrected"), CASES)
def test_each_category_found_and_corrected(text, expected, corrected):
    assert found(text) == expected
    assert clean(text)[0] == corrected
    assert hits(corrected) == []


UNCERTAIN = [
    ("他说“好的。", 2, "“", "成对标点"),
    ("好的”他说。", 2, "”", "成对标点"),
    ("《四川志）", 4, "）", "成对标点"),
    ("真的！！", 2, "！！", "标点连用"),
    ("开会，。", 2, "，。", "标点连用"),
    ("于2024.3.26召开", 1, "2024.3.26", "日期写法"),
    ("于2024/3/26召开", 1, "2024/3/26", "日期写法"),
    ("活动#方志进校园#开展", 2, "#方志进校园#", "网络用语与表情"),
    ("感谢@四川方志 支持", 2, "@四川方志", "网络用语与表情"),
    ("好消息🎉来了", 3, "🎉", "网络用语与表情"),
    ("全文完。点击阅读原文", 4, "点击阅读原文", "网络用语与表情"),
    ("。开头", 0, "。", "标点连用"),
]


@pytest.mark.parametrize(("text", "start", "chars", "category"), UNCERTAIN)
def test_uncertain_findings_are_left_for_the_editor(text, start, chars, category):
    got = [(h.start, text[h.start:h.end], h.category) for h in hits(text) if h.fix is None]
    assert (start, chars, category) in got
    assert clean(text)[0] == text


def test_preferred_names_of_a_series():
    preferred = {"四川省地方志工作办公室": ("省志办", "四川省方志办")}
    text = "四川省地方志工作办公室和省志办、四川省方志办"
    got = [(h.start, text[h.start:h.end], h.fix) for h in hits(text, preferred)]
    assert got == [(12, "省志办", "四川省地方志工作办公室"), (16, "四川省方志办", "四川省地方志工作办公室")]
    assert hits(text) == []
