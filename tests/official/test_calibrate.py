"""typeset calibrate: composed lines score as the rendered PDF; the search finds the official breaks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from typeset.cli import main
from typeset.layout import load_layout
from typeset.numbering import keep_stated
from typeset.official.calibrate import NUMERIC, Trial, calibrate
from typeset.official.compare import compare_files, read_official
from typeset.reader import load_issue, load_series

from ..conftest import FIXTURES, OFFICIAL, ROOT

FIXED = [p.stem for p in sorted(FIXTURES.glob("*.yaml")) if (OFFICIAL / f"{p.stem}.txt").is_file()]
KEYS = ("exact_lines", "local_ok", "local_lines", "page_starts_matched", "pdf_pages", "missing_chars")


@pytest.fixture(scope="module")
def series():
    return load_series(ROOT / "issues")


def trial(path: Path, official: Path, series) -> Trial:
    issue = keep_stated(load_issue(path, series))
    layout = load_layout(series.layout).with_overrides(issue.layout_overrides)
    return Trial(issue, series, layout, read_official(official))


def with_settings(path: Path, folder: Path, head: str) -> Path:
    """A copy of a fixture with other settings written over its own `layout:` and
    `composition:` lines (one-line mappings): the keys of `head` replace the fixture's."""
    own: dict[str, dict] = {}
    lines = []
    for line in path.read_text("utf-8").splitlines():
        key = line.split(":", 1)[0]
        if key in ("layout", "composition"):
            own[key] = yaml.safe_load(line)[key]
        else:
            lines.append(line)
    out_head = []
    for line in head.splitlines():
        key = line.split(":", 1)[0]
        if key in own:
            value, _, comment = line.partition(" #")
            both = {**own.pop(key), **yaml.safe_load(value)[key]}
            line = f"{key}: {json.dumps(both, ensure_ascii=False)}" + (f"  #{comment}" if comment else "")
        out_head.append(line)
    out_head += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in own.items()]
    head = "\n".join(out_head)
    at = next(i for i, line in enumerate(lines) if line.startswith("sections:"))
    out = folder / "issues" / path.name
    out.parent.mkdir(parents=True, exist_ok=True)
    (folder / "issues" / "series.yaml").write_text((ROOT / "issues" / "series.yaml").read_text("utf-8"), "utf-8")
    out.write_text("\n".join([*lines[:at], head, *lines[at:]]) + "\n", "utf-8")
    return out


@pytest.mark.parametrize("name", FIXED)
@pytest.mark.parametrize("settings", [{}, {"fit_squeeze": 0.0, "autospace": 3.0}])
def test_composed_lines_score_as_the_rendered_pdf(built, series, name, settings, tmp_path):
    """The estimate (composed lines) against the measurement (the PDF read back)."""
    t = trial(FIXTURES / f"{name}.yaml", OFFICIAL / f"{name}.txt", series)
    composed = t.figures(settings)
    inline = ", ".join(f"{k}: {v}" for k, v in settings.items())
    path = with_settings(FIXTURES / f"{name}.yaml", tmp_path,
                         f"layout: {{lines: {t.layout.lines}, line_pitch: {t.layout.line_pitch}}}\n"
                         f"composition: {{{inline}}}")
    rendered = compare_files(built(path), OFFICIAL / f"{name}.txt")
    assert {k: getattr(composed, k) for k in KEYS} == {k: getattr(rendered, k) for k in KEYS}


@pytest.mark.parametrize("name", FIXED)
def test_a_fixture_set_off_its_settings_is_brought_back(series, name, tmp_path):
    """Another grid, looser and narrower settings: every official line and page start again."""
    path = with_settings(FIXTURES / f"{name}.yaml", tmp_path,
                         "layout: {lines: 20, line_pitch: 31.9}\ncomposition: {condense: 0.3, autospace: 2.0}")
    issue = keep_stated(load_issue(path, series))
    result = calibrate(issue, series, OFFICIAL / f"{name}.txt")
    assert not result.before.complete and result.after.complete, result.after.summary()
    # each numeric value's margin: inside it every line stays, just beyond it one is lost
    t = trial(path, OFFICIAL / f"{name}.txt", series)
    for key in ("condense", "autospace"):
        lo, hi = (float(x) for x in result.margins[key].split(" ")[0].split("–"))
        assert lo <= result.composition[key] <= hi
        full = t.exact(result.composition, grid=result.grid)
        for inside in (lo, hi):
            assert t.exact({**result.composition, key: inside}, grid=result.grid) == full
        for outside in (lo - NUMERIC[key][2] / 4, hi + NUMERIC[key][2] / 4):
            if NUMERIC[key][0] <= outside <= NUMERIC[key][1]:
                assert t.exact({**result.composition, key: outside}, grid=result.grid) < full, (key, outside)


def test_write_keeps_the_file_and_builds_the_official_lines(built, tmp_path):
    name = FIXED[0]
    path = with_settings(FIXTURES / f"{name}.yaml", tmp_path,
                         "# 本期设置\nlayout: {lines: 21, line_pitch: 30.3}  # 旧的行数\ncomposition: {condense: 0.3}")
    before = path.read_text("utf-8")
    out = CliRunner().invoke(main, ["calibrate", str(path), str(OFFICIAL / f"{name}.txt"), "--write"])
    assert out.exit_code == 0, out.output
    assert "校准前：" in out.output and "校准后：逐行一致" in out.output and "内逐行不变" in out.output
    after = path.read_text("utf-8")
    assert "# 本期设置" in after and "# 旧的行数" in after and "# Official issue of" in after
    assert after.split("sections:")[1] == before.split("sections:")[1]  # the text itself untouched
    assert compare_files(built(path), OFFICIAL / f"{name}.txt").complete


def test_hand_condensed_paragraph_is_found(built, series, tmp_path):
    """An official issue whose editor condensed one paragraph (its lines hold more): that
    paragraph's own condensing is found, and with it every line."""
    name = FIXED[-1]
    fixture = FIXTURES / f"{name}.yaml"
    text = fixture.read_text("utf-8")
    issue = keep_stated(load_issue(fixture, series))
    target = max((p for s in issue.sections for a in s.articles for p in a.paragraphs), key=lambda p: len(p.text))
    condensed = text.replace(f"- {target.text}\n", f"- {{text: {target.text}, composition: {{condense: 1.2}}}}\n", 1)
    assert condensed != text
    official_yaml = tmp_path / "official" / fixture.name
    official_yaml.parent.mkdir()
    official_yaml.write_text(condensed, "utf-8")
    official = built(official_yaml)
    assert not compare_files(built(fixture), official).complete
    result = calibrate(issue, series, official, paragraphs=True)
    assert result.after.complete and list(result.paragraphs.values()) != [], result.after.summary()
    assert all(abs(v - 1.2) <= 0.3 for v in result.paragraphs.values()), result.paragraphs


def test_bad_input_is_a_message(tmp_path):
    runner = CliRunner()
    md = runner.invoke(main, ["calibrate", str(FIXTURES / f"{FIXED[0]}.yaml"),
                              str(OFFICIAL / "issue-645-2024-03-26.md")])
    assert md.exit_code == 1 and "分行" in md.output and "Traceback" not in md.output


def test_period_settings_are_found_and_written(built, series, tmp_path):
    """The 2023 issue without its settings: every source on a line of its own and titles
    without space above are found, and with them every official line and page start;
    --write states just what differs from the series (the grid, those settings)."""
    name = "2023-02"
    text = (FIXTURES / f"{name}.yaml").read_text("utf-8")
    path = tmp_path / "issues" / f"{name}.yaml"
    path.parent.mkdir()
    (path.parent / "series.yaml").write_text((ROOT / "issues" / "series.yaml").read_text("utf-8"), "utf-8")
    path.write_text("".join(line for line in text.splitlines(True)
                            if not line.startswith(("layout:", "composition:"))), "utf-8")
    result = calibrate(keep_stated(load_issue(path, series)), series, OFFICIAL / f"{name}.txt")
    assert result.before.exact_lines < result.before.reference_lines
    assert result.after.complete, result.after.summary()
    assert result.composition["source.placement"] == "own_line"
    assert result.composition["article_title.space_before_lines"] == 0
    assert result.grid["lines"] == 23
    out = CliRunner().invoke(main, ["calibrate", str(path), str(OFFICIAL / f"{name}.txt"), "--write"])
    assert out.exit_code == 0, out.output
    assert "  source:\n    placement: own_line" in out.output and "  grid:\n    lines: 23" in out.output
    data = yaml.safe_load(path.read_text("utf-8"))
    assert data["layout"]["source"] == {"placement": "own_line"}
    assert data["layout"]["article_title"] == {"space_before_lines": 0}  # space after: the series' 0
    assert data["layout"]["grid"]["lines"] == 23
    assert "# Official issue of February 2023" in path.read_text("utf-8")
    assert compare_files(built(path), OFFICIAL / f"{name}.txt").complete


def test_a_period_setting_set_wrong_is_brought_back_and_dropped(built, series, tmp_path):
    """The 2020 issue set to the 2023 source placement: same_line again, and --write removes
    the setting rather than restating the series' value; its grid stays as written."""
    name = "2020-06-23"
    path = with_settings(FIXTURES / f"{name}.yaml", tmp_path, "layout: {source: {placement: own_line}}")
    stated = yaml.safe_load(path.read_text("utf-8"))["layout"]
    assert stated["source"] == {"placement": "own_line"}
    before = compare_files(built(path), OFFICIAL / f"{name}.txt")
    out = CliRunner().invoke(main, ["calibrate", str(path), str(OFFICIAL / f"{name}.txt"), "--write"])
    assert out.exit_code == 0, out.output
    assert "placement: same_line" in out.output
    data = yaml.safe_load(path.read_text("utf-8"))
    assert data["layout"] == {"lines": stated["lines"], "line_pitch": stated["line_pitch"]}
    written = path.with_name(f"{name}-written.yaml")  # built() builds a path once
    written.write_text(path.read_text("utf-8"), "utf-8")
    after = compare_files(built(written), OFFICIAL / f"{name}.txt")
    assert not before.complete and after.complete, (before.summary(), after.summary())
