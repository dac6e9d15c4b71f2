"""One test per composition rule, each on a small handmade paragraph."""

from __future__ import annotations

import pytest

from typeset.compose.lines import Settings, break_paragraph
from typeset.layout import load_layout

LAYOUT = load_layout("briefing")
MEASURE = LAYOUT.text_width
HAN = "川渝地方志工作简报编纂年鉴资政育人存史修志"  # 20 distinct ideographs


def han(n: int, offset: int = 0) -> str:
    return "".join(HAN[(i + offset) % len(HAN)] for i in range(n))


def settings(**over) -> Settings:
    return Settings.from_dict({**LAYOUT.composition, **over}, LAYOUT["body"]["size"])


def lines(text: str, indent: int = 0, **over) -> list[str]:
    return [b.text for b in break_paragraph(text, settings(**over), MEASURE, indent)]


def test_28_ideographs_fill_a_line_and_the_29th_wraps():
    assert lines(han(29)) == [han(28), han(1, 28)]


def test_one_closing_mark_hangs_past_the_edge():
    out = lines(han(28) + "，" + han(3))
    assert out == [han(28) + "，", han(3)]
    box = break_paragraph(han(28) + "，" + han(3), settings(), MEASURE)[0]
    assert box.hung and box.units[-1].x >= box.end - 0.01


def test_hanging_can_be_switched_off():
    out = lines(han(28) + "，" + han(3), hang=False, push_in=False)
    assert out[0] == han(27) and out[1].startswith(han(1, 27) + "，")


def test_a_closing_mark_never_starts_a_line_two_marks_push_the_character_down():
    out = lines(han(28) + "。”" + han(2))
    assert out[1][0] not in "。”"
    assert out[0] == han(27)
    assert out[1] == han(1, 27) + "。”" + han(2)


def test_an_opening_mark_never_ends_a_line():
    text = han(27) + "《" + han(5) + "》"
    out = lines(text, push_in=False)
    assert not out[0].endswith("《")
    assert out[1].startswith("《")


def test_a_run_of_digits_never_breaks():
    text = han(26) + "1234567" + han(4)
    out = lines(text)
    assert all("1234567" in line or not any(c.isdigit() for c in line) for line in out)


def test_digits_stay_with_the_ideograph_after_them():
    text = han(25) + "2021年" + han(10)
    for line in lines(text):
        assert not line.endswith("2021")


def test_two_em_dash_and_ellipsis_never_split():
    for mark in ("——", "……"):
        for k in range(24, 29):
            out = lines(han(k) + mark + han(10))
            assert all(not line.endswith(mark[0]) or line.endswith(mark) for line in out), out
            assert all(not line.startswith(mark[0]) or line.startswith(mark) for line in out)


def test_justified_lines_end_on_the_measure_and_the_last_line_is_ragged():
    boxes = break_paragraph(han(20) + "2024年" + han(40) + "。", settings(), MEASURE, 2)
    for box in boxes[:-1]:
        assert box.justified
        assert box.end == pytest.approx(MEASURE, abs=0.01)
    assert not boxes[-1].justified and boxes[-1].end < MEASURE - 10


def test_first_line_is_indented_two_cells():
    boxes = break_paragraph(han(60), settings(), MEASURE, 2)
    assert boxes[0].units[0].x == pytest.approx(2 * LAYOUT["body"]["size"])
    assert boxes[1].units[0].x == 0


def test_auto_spacing_between_ideographs_and_digits_only():
    box = break_paragraph("年2024年，“方”", settings(), MEASURE)[0]
    u = box.units
    assert u[1].x - (u[0].x + u[0].width) == pytest.approx(LAYOUT.composition["autospace"])
    assert u[2].x - (u[1].x + u[1].width) == pytest.approx(LAYOUT.composition["autospace"])
    assert u[3].x == pytest.approx(u[2].x + u[2].width)  # 年，: no space next to punctuation


def test_push_in_squeezes_marks_to_keep_an_opening_mark_with_its_character():
    # 28 cells holding two pairs of marks, then “ + ideograph past the edge
    text = han(9) + "》，" + han(9) + "》，" + han(6) + "“" + han(3) + "”"
    pushed = lines(text, push_in=True)
    plain = lines(text, push_in=False)
    assert pushed[0].endswith("“" + han(1))
    assert plain[0].endswith(han(6)) and plain[1].startswith("“")
    # lone commas give up only a quarter cell each: not enough room, the quote goes down
    lone = han(9) + "，" + han(9) + "，" + han(8) + "“" + han(3) + "”"
    assert lines(lone, push_in=True)[1].startswith("“")
    box = break_paragraph(text, settings(push_in=True), MEASURE)[0]
    assert box.end == pytest.approx(MEASURE, abs=0.01)


def test_marks_squeeze_a_little_so_that_one_more_character_fits():
    s = settings(fit_squeeze=0.75)
    cell = s.cell - s.condense
    measure = 28 * cell - 1.0  # 27 cells fit; a 28th only if the line gives up 1 pt
    plain = han(30)
    two_marks = han(10) + "，" + han(10) + "、" + han(10)
    one_mark = han(10) + "，" + han(20)
    assert len(break_paragraph(plain, s, measure)[0].units) == 27
    assert len(break_paragraph(one_mark, s, measure)[0].units) == 27  # 0.75 pt < 1 pt
    box = break_paragraph(two_marks, s, measure)[0]
    assert len(box.units) == 28
    assert box.end == pytest.approx(measure, abs=0.01)
    marks = [u.width for u in box.units if u.text in "，、"]
    assert marks == pytest.approx([cell - 0.5, cell - 0.5])  # squeezed only as far as needed
    off = settings(fit_squeeze=0.0)
    assert len(break_paragraph(two_marks, off, measure)[0].units) == 27


def test_marks_keep_their_width_when_the_line_fits_without_squeezing():
    s = settings(fit_squeeze=0.75)
    box = break_paragraph(han(10) + "，" + han(30), s, MEASURE)[0]
    comma = next(u for u in box.units if u.text == "，")
    assert comma.width == pytest.approx(s.cell - s.condense)


def test_condensed_paragraph_holds_more():
    assert len(lines(han(29), condense=0.0)[0]) == 27
    assert len(lines(han(29), condense=0.5)[0]) == 28
    assert len(lines(han(30), condense=1.0)[0]) == 29


def test_automatic_orphan_avoidance_pulls_a_lone_character_back():
    text = han(26) + han(29)  # with the indent: 26 + 28 + one lone character
    assert len(lines(text, indent=2)) == 3
    out = lines(text, indent=2, avoid_orphan=True)
    assert len(out) == 2
    assert "".join(out) == text
    # the least condensing that saves the line, in Word's 0.05 pt steps
    s = settings(avoid_orphan=True)
    tight = break_paragraph(text, s, MEASURE, 2)[1].units
    step = tight[1].x - tight[0].x  # the last line is not justified: the step is the advance
    least = next(k * 0.05 for k in range(1, 20) if 29 * (s.cell - s.condense - k * 0.05) <= MEASURE + 0.01)
    assert step == pytest.approx(s.cell - s.condense - least)


def test_text_is_never_lost_or_reordered():
    text = "3月25—26日，四川省地方志工作办公室“双城记”（1978—2021）《四川全面小康志》285.2万……" * 5
    assert "".join(lines(text, indent=2)) == text


def test_compressing_adjacent_punctuation_makes_room():
    text = han(26) + "）》" + han(4)
    assert lines(text, compress_punctuation=False)[0] == han(26) + "）》"
    assert lines(text, compress_punctuation=True)[0] == han(26) + "）》" + han(1)
    box = break_paragraph("川）》《（川", settings(compress_punctuation=True), MEASURE)[0]
    widths = [u.width for u in box.units]
    size = LAYOUT["body"]["size"]
    full, half = size - LAYOUT.composition["condense"], size - LAYOUT.composition["condense"] - size / 2
    assert widths == pytest.approx([full, half, half, full, half, full])  # one blank half a pair
    assert box.units[4].dx < 0  # the second opening mark's glyph moves into its half
