"""The web edition: structure read back with an HTML parser, text against the PDF's."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from typeset.build import Project, build

ROOT = Path(__file__).resolve().parents[3]


class Tree(HTMLParser):
    """Text by element, the visible text, and every attribute that could fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, int]] = []  # open elements: tag, index in elements
        self.elements: list[tuple[str, dict, list[str]]] = []
        self.visible: list[str] = []
        self.fetches: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        self.fetches += [v for k, v in a.items() if k in ("src", "href") and v]
        if tag not in ("meta", "img", "br", "link"):
            self.stack.append((tag, len(self.elements)))
            self.elements.append((tag, a, []))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        tags = [t for t, _ in self.stack]
        if any(t in ("style", "title", "script") for t in tags):
            return
        self.visible.append(data)
        for _, index in self.stack:
            self.elements[index][2].append(data)

    def text_of(self, tag: str, cls: str | None = None) -> list[str]:
        return [re.sub(r"\s+", "", "".join(t)) for g, a, t in self.elements
                if g == tag and (cls is None or cls in a.get("class", "").split())]


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("web")
    issue = next((ROOT / "issues").rglob("645.yaml"))
    build(issue, Project(ROOT), ("pdf", "html"), out)
    tree = Tree()
    html = (out / "645.html").read_text("utf-8")
    tree.feed(html)
    return out, html, tree


def test_structure(edition):
    _, html, tree = edition
    assert tree.text_of("h1") == ["四川省地方志工作简报第40期（总第645期）"]
    assert tree.text_of("h2") == ["【特别关注】", "【市州动态】"]
    assert tree.text_of("h3") == ["唱好“双城记”川渝地方志携手助力“双圈”建设", "王树明率队赴省地方志办交流对接工作"]
    assert tree.text_of("p", "source") == ["（省地方志办）", "（阿坝州地方志办公室）"]
    assert len(tree.text_of("article")) == 2 and len(tree.text_of("section")) == 2
    assert len([t for t in tree.text_of("p") if t.startswith("3月")]) == 2
    colophon = tree.text_of("footer", "colophon")[0]
    assert colophon.startswith("信息公开选项：主动公开") and "送：" in colophon and colophon.endswith("（共印21份）")
    assert 'name="viewport"' in html and "@media print" in html
    assert "text-align: right" in html.split("p.source", 1)[1].split("}", 1)[0]


def test_self_contained(edition):
    _, html, tree = edition
    assert "script" not in tree.tags and "link" not in tree.tags
    assert not re.search(r"@import|@font-face|url\(", html)
    assert all(not re.match(r"[a-z]+:|/", f) for f in tree.fetches)


def test_same_text_as_the_pdf(edition):
    out, _, tree = edition
    web = re.sub(r"\s+", "", "".join(tree.visible))
    pdf = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(out / "645.pdf"), "-"], check=True,
                                            capture_output=True, text=True).stdout)
    assert len(web) > 1800
    assert web == pdf  # 0 characters lost or added, in the same order


def test_pictures_beside_the_page(editor):
    from PIL import Image

    Image.new("RGB", (400, 300), "red").save(editor.issues / "photo.png")
    from ...editor_project import BASE

    picture = "          - {image: photo.png, caption: 图为座谈会现场}\n"
    base = BASE.replace("          - 会上，", picture + "          - 会上，")
    editor.write(base)
    done = editor.run("build", "issues/2024/645.yaml", "--format", "html,pdf", "-o", str(editor.out))
    assert done.code == 0, done.text
    tree = Tree()
    tree.feed((editor.out / "645.html").read_text("utf-8"))
    assert tree.fetches == ["645_files/1.png"]
    assert (editor.out / "645_files" / "1.png").read_bytes() == (editor.issues / "photo.png").read_bytes()
    assert tree.text_of("figcaption") == ["图为座谈会现场"]
    pdf = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(editor.out / "645.pdf"), "-"], check=True,
                                            capture_output=True, text=True).stdout)
    assert re.sub(r"\s+", "", "".join(tree.visible)) == pdf
