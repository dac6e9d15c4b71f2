"""scripts/fit_composition.py: its text-level figures are those of the rendered PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES, OFFICIAL, load_script
from typeset.compare import compare_files

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "fit_composition.py"


@pytest.fixture(scope="module")
def fit():
    return load_script("fit_composition", SCRIPT)


@pytest.fixture(scope="module")
def fixtures(fit):
    return fit.Fixtures()


def test_every_fixture_with_an_official_text_is_compared(fixtures):
    names = {name for name, _issue, _ref in fixtures.cases}
    assert names == {p.stem for p in FIXTURES.glob("*.yaml") if (OFFICIAL / f"{p.stem}.txt").is_file()}
    assert names


@pytest.mark.parametrize("settings", [{}, {"fit_squeeze": 0.0, "autospace": 3.0}])
def test_composed_lines_score_as_the_rendered_pdf(fit, fixtures, built, settings, tmp_path):
    """The estimate (composed lines) against the measurement (pdftotext -bbox of the PDF)."""
    for (name, _issue, reference), composed in zip(fixtures.cases, fixtures.score(settings), strict=True):
        path = FIXTURES / f"{name}.yaml"
        if settings:  # the same settings written into a copy of the fixture
            text = path.read_text("utf-8")
            inline = ", ".join(f"{k}: {v}" for k, v in settings.items())
            path = tmp_path / path.name
            path.write_text(text.replace("\nsections:", f"\ncomposition: {{{inline}}}\nsections:", 1), "utf-8")
        rendered = compare_files(built(path), reference)
        for key in ("exact_lines", "local_ok", "local_lines", "page_starts_matched", "missing_chars"):
            assert getattr(composed, key) == getattr(rendered, key), (name, key)


def test_margin_is_where_a_line_is_first_lost(fixtures):
    settings: dict = {}
    full = fixtures.exact(settings)
    margin = fixtures.margin(settings, limit=4.0)
    assert 0 < margin < 4.0
    assert fixtures.exact(settings, margin - 0.01) == full
    assert fixtures.exact(settings, -(margin - 0.01)) == full
    assert min(fixtures.exact(settings, margin + 0.02), fixtures.exact(settings, -(margin + 0.02))) < full
