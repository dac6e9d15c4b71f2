"""The LibreOffice behaviour the DOCX writer accommodates, probed (scripts/office_probe.py).

Each assertion is a fact a README accommodation or a calibration rests on, the same in
LibreOffice 7.4 and 25.2; one that fails with another LibreOffice says which
accommodation to revisit.
"""

from __future__ import annotations

import pytest

from typeset.writers.docx.calibration import HANGS

from ...conftest import ROOT, load_script
from .conftest import soffice


@pytest.fixture(scope="module")
def facts():
    program = soffice()
    if program is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return load_script("office_probe", ROOT / "scripts" / "office_probe.py").probe(program)


def test_spacing_dropped_where_a_text_portion_ends(facts):
    """What the fitting reckons (fitting._Fitter.char, office=True): the negative spacing of
    the last character of a text portion (a run end, a change between Chinese and Latin
    script, the end of a line) is dropped; a positive one is kept; curly quotes and spaces
    take the script of the text before them."""
    spacing = facts["spacing"]
    assert spacing["inside a run"] == pytest.approx(-1, abs=0.1)
    for where in ("at a run end", "Chinese→digit in one run", "digit→Chinese"):
        assert spacing[where] == pytest.approx(0, abs=0.1), where
    assert spacing["+1 pt at a run end"] == pytest.approx(1, abs=0.1)
    assert facts["kept"] == "一二“三四”五a."  # 六 before a, b before 七: script changes
    assert facts["line end"] == 27  # 28 characters need 420 pt and the last one's 1 pt


def test_a_character_grid_breaks_spaced_text_early(facts):
    """Why the page set-up has a line grid only: under a linesAndChars grid LibreOffice breaks
    a spaced line early although the paragraph does not snap to it."""
    assert facts["grids"] == [28, 28, 27]


def test_autospace_flags_ignored(facts):
    """w:autoSpaceDE/DN make no difference: the gap is the same absent, off and on."""
    absent, off, on = facts["autospace"]
    assert absent == off == on
    assert facts["digit face"].startswith("Liberation")  # digits after Chinese: the Latin face


def test_marks_hung_and_overflow_punct_inverted(facts):
    for mark, (absent, on, off) in facts["hung"].items():
        if mark in HANGS:
            assert absent and off and not on, mark  # w:overflowPunct read inverted: left out
        else:
            assert not (absent or on or off), mark  # never hung: such a line is squeezed


def test_a_plain_source_splits_and_a_ruby_loses_its_tab(facts):
    """The expected failure of test_edits.py: nothing but joiners (which Word's Find would
    not see through) keeps a crowded source whole at the right edge."""
    sources = facts["sources"]
    assert not sources["plain"][0] and not sources["避头尾 lists"][0]
    whole, own_line, edge = sources["ruby"]
    assert whole and own_line and edge < 200
