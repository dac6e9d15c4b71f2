"""Golden files: what the writers write, for 645 and each fixture, normalised and compared.

The DOCX's document, styles and settings XML (pretty-printed) and the PDF writer's
HTML (font files written as FACE-<role>) are compared with tests/writers/golden/;
a failure shows a unified diff. After a deliberate change of output, regenerate
them and read the diff in version control before committing:

    TYPESET_REGOLD=1 .venv/bin/pytest -q tests/writers/test_golden.py

The HTML's positions depend on the faces' metrics; the files hold the stand-ins',
so the HTML is compared only where the Chinese faces are the stand-ins.
"""

from __future__ import annotations

import difflib
import io
import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from typeset.build import Project, numbered
from typeset.compose import compose
from typeset.fonts import faces
from typeset.layout import load_layout
from typeset.reader import load_issue, load_series
from typeset.writers.docx import render as render_docx
from typeset.writers.pdf.render import html

from ..conftest import FIXTURES, ROOT, _by_total

GOLDEN = Path(__file__).resolve().parent / "golden"
REGOLD = os.environ.get("TYPESET_REGOLD", "") not in ("", "0")
TARGETS = ["645", *sorted(p.stem for p in FIXTURES.glob("*.yaml")), "figures"]
# What the fixtures lack: a mark, headings, pictures with and without a caption, a source
# after a picture and a source on a line of its own.
FIGURES = """\
date: 2024-03-26
number: 40
total: 645
mark: 内部资料 注意保存
sections:
  - name: 工作动态
    articles:
      - title: [图片与小标题, 一篇文章里的各种段落]
        paragraphs:
          - {text: 一、总体情况, level: 1}
          - {text: （一）工作进展, level: 2}
          - 3月19日，省地方志办召开工作会议，研究部署2024年全省地方志工作。会议强调要抓好“十四五”规划落实。
          - {image: images/wide.png, caption: 图为会议现场}
          - {text: 1.主要做法, level: 3}
          - {image: images/tall.png, width: 0.3}
          - {text: （1）具体措施, level: 4}
          - 会议要求，各地要结合实际，认真抓好贯彻落实。
        source: 省地方志办
      - title: 来源在图片之后
        paragraphs:
          - 正文一段。
          - {image: images/wide.png, caption: 图为座谈会现场，这一段图题比较长，用来看看图题换行是否正常，再写一些字。}
        source: 四川省地方志工作办公室
colophon:
  copies: 21
"""


def _figures_project(root: Path) -> Project:
    from PIL import Image

    (root / "issues" / "images").mkdir(parents=True, exist_ok=True)
    (root / "issues" / "series.yaml").write_text((ROOT / "issues" / "series.yaml").read_text("utf-8"), "utf-8")
    Image.new("RGB", (400, 300), (200, 220, 240)).save(root / "issues" / "images" / "wide.png")
    Image.new("RGB", (300, 600), (240, 220, 200)).save(root / "issues" / "images" / "tall.png")
    (root / "issues" / "2024").mkdir(exist_ok=True)
    (root / "issues" / "2024" / "645.yaml").write_text(FIGURES, "utf-8")
    return Project(root)
PARTS = ("word/document.xml", "word/styles.xml", "word/settings.xml")
SHOWN = 60  # diff lines shown on failure


def composed_target(project, target: str, tmp_path: Path):
    """(project, series, layout, composed issue) of a golden target: 645, a fixture, or the pictures."""
    if target == "figures":
        project = _figures_project(tmp_path)
        path = project.issues / "2024" / "645.yaml"
    else:
        path = _by_total(project, target) if target.isdigit() else FIXTURES / f"{target}.yaml"
    series = load_series(project.issues)
    issue = numbered(load_issue(path, series), path, project, series)
    layout = load_layout(series.layout).with_overrides(issue.layout_overrides)
    return project, series, layout, compose(issue, series, layout)


def _outputs(project, target: str, tmp_path: Path) -> dict[str, str]:
    project, _, layout, composed = composed_target(project, target, tmp_path)
    out: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(render_docx(composed, layout))) as z:
        for name in PARTS:
            tree = etree.fromstring(z.read(name))
            out[Path(name).name] = etree.tostring(tree, pretty_print=True, encoding="unicode")
    table = faces(layout)
    if not any(f.official for f in table.values() if f.role != "latin"):
        page = html(composed, layout)
        for face in table.values():
            page = page.replace(face.path.resolve().as_uri(), f"FACE-{face.role}")
        out["page.html"] = page.replace(project.root.resolve().as_uri(), "ROOT") + "\n"
    return out


@pytest.mark.parametrize("target", TARGETS)
def test_writers_write_the_golden_files(project, target, tmp_path):
    folder = GOLDEN / target
    problems = []
    for name, text in _outputs(project, target, tmp_path).items():
        golden = folder / name
        if REGOLD:
            folder.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, "utf-8")
            continue
        assert golden.is_file(), f"no golden file {golden}: run with TYPESET_REGOLD=1"
        want = golden.read_text("utf-8")
        if text != want:
            diff = list(difflib.unified_diff(want.splitlines(), text.splitlines(), f"golden/{target}/{name}",
                                             f"now/{target}/{name}", lineterm="", n=1))
            more = f"\n… {len(diff) - SHOWN} more diff lines" if len(diff) > SHOWN else ""
            problems.append("\n".join(diff[:SHOWN]) + more)
    if problems:
        pytest.fail("output differs from the golden files (TYPESET_REGOLD=1 to accept):\n"
                    + "\n".join(problems), pytrace=False)
