"""A generated series for the volume: tests/cli/series.py's 60+ issues and supplements, some
of them longer (two sections, three articles, two pages) so that sections and articles start
on later pages."""

from __future__ import annotations

from pathlib import Path

from tests.cli.series import Made, make_series

PARAGRAPH = "各地扎实推进地方志工作，围绕中心、服务大局，志书编纂、年鉴出版和方志馆建设取得新的进展。" * 3


def long_body(m: Made) -> str:
    """Two sections, three articles: the third starts on the second page."""
    return f"""\
sections:
  - name: 工作动态
    articles:
      - title: {m.title}
        paragraphs:
          - {PARAGRAPH}
          - {PARAGRAPH}
        source: 省地方志办
      - title: {m.title}续报
        paragraphs:
          - {PARAGRAPH}
  - name: 市州动态
    articles:
      - title: {m.title}市州来稿
        paragraphs:
          - {PARAGRAPH}
          - {PARAGRAPH}
        source: 成都市地方志办
colophon:
  copies: 20
"""


def make_volume_series(root: Path, every: int = 4) -> list[Made]:
    """The series of tests/cli/series.py with every `every`-th issue made long."""
    made = make_series(root)
    for k, m in enumerate(made):
        if k % every == 1:
            text = m.path.read_text("utf-8")
            head = text[: text.index("sections:")]
            m.path.write_text(head + long_body(m), "utf-8")
    return made
