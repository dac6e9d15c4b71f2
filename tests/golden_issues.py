"""The issues the golden files hold: 645, each fixture, and `figures` (what the fixtures lack:
a mark, headings, pictures with and without a caption, a source after a picture and one on
a line of its own), composed as a build composes them. Shared by tests/writers/test_golden.py
(the writers' output) and tests/compose/test_composed_golden.py (the composer's lines and pages)."""

from __future__ import annotations

from pathlib import Path

from typeset.build import Project, numbered
from typeset.compose import ComposedIssue, compose
from typeset.layout import Layout, load_layout
from typeset.model import Series
from typeset.reader import load_issue, load_series

from .conftest import FIXTURES, ROOT, _by_total

TARGETS = ["645", *sorted(p.stem for p in FIXTURES.glob("*.yaml")), "figures"]
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


def composed_target(project: Project, target: str,
                    tmp_path: Path) -> tuple[Project, Series, Layout, ComposedIssue]:
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
