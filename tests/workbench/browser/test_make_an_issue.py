"""Next week's issue made entirely in the browser: 新建一期, two articles typed in the form, a Word
contribution dropped on a section, an error shown at its field and fixed, 保存, 下载 DOCX."""

from __future__ import annotations

import base64
import io
import re

from playwright.sync_api import expect

from .conftest import git

LONG_TITLE = "关于进一步加强全省地方志系统年鉴编纂质量管理和规范化建设工作的若干意见和具体实施办法的通知要求说明"


def make_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("绵阳市召开地方志工作推进会")
    d.add_paragraph("4月1日，绵阳市召开全市地方志工作推进会，总结一季度工作，部署下一阶段任务。")
    d.add_paragraph("会议要求各县（市、区）按节点推进二轮志书编纂。")
    d.add_paragraph("（绵阳市地方志办公室）")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def drop_file(page, target, name: str, data: bytes, mime: str) -> None:
    """A file dragged from the desktop and dropped on `target` (a DataTransfer with a real File)."""
    transfer = page.evaluate_handle(
        """([b64, name, mime]) => {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const dt = new DataTransfer();
            dt.items.add(new File([bytes], name, {type: mime}));
            return dt;
        }""", [base64.b64encode(data).decode(), name, mime])
    target.dispatch_event("dragenter", {"dataTransfer": transfer})
    target.dispatch_event("dragover", {"dataTransfer": transfer})
    target.dispatch_event("drop", {"dataTransfer": transfer})


def type_article(article, title: str, paragraph: str, source: str) -> None:
    article.get_by_label("标题").fill(title)
    article.get_by_role("textbox", name="第 1 段").fill(paragraph)
    article.get_by_label("来源").fill(source)


def test_next_weeks_issue_made_in_the_browser(bench, page, tmp_path):
    page.goto(bench.url)
    page.get_by_label("出刊日期").fill("2024-04-02")
    page.get_by_role("button", name="新建一期").click()
    page.wait_for_url(re.compile(r"/646$"))
    new_file = bench.root / "issues" / "2024" / "646.yaml"
    assert new_file.is_file()

    page.get_by_label("共印份数").fill("21")  # the series has no default: a required field
    section = page.locator("fieldset.section").first
    section.get_by_label("栏目名").fill("工作动态")
    first = section.locator(".article").nth(0)
    type_article(first, "省地方志办召开2024年第一季度工作例会",
                 "4月1日，省地方志办召开第一季度工作例会，通报各处室工作进展。", "省地方志办")
    section.get_by_role("button", name="在本栏目添加文章").click()
    second = section.locator(".article").nth(1)
    type_article(second, LONG_TITLE, "会议对下一阶段年鉴编纂质量管理工作作出安排。", "省地方志办")

    # the over-long title is named at its field, in the command line's words, before any save
    expect(second.locator(".field-problem").first).to_be_visible()
    expect(second.get_by_label("标题")).to_have_attribute("aria-invalid", "true")
    second.get_by_label("标题").fill("省地方志办部署年鉴编纂质量管理工作")
    expect(second.locator(".field-problem")).to_have_count(0)

    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status").filter(has_text="已保存")).to_be_visible()

    # a Word contribution dropped on the section: what was read is shown, then confirmed
    drop_file(page, section, "绵阳来稿.docx", make_docx(),
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    dialog = page.get_by_role("dialog", name="加入来稿")
    expect(dialog.get_by_text("绵阳市召开地方志工作推进会")).to_be_visible()
    dialog.get_by_role("button", name="确认加入").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("fieldset.section").first.locator(".article")).to_have_count(3)

    expect(page.locator("#live")).to_contain_text("绵阳市召开地方志工作推进会")  # the preview rebuilt
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 DOCX").click()
    path = tmp_path / "646.docx"
    download.value.save_as(path)

    text = new_file.read_text("utf-8")
    for wanted in ("工作动态", "省地方志办召开2024年第一季度工作例会", "省地方志办部署年鉴编纂质量管理工作",
                   "绵阳市召开地方志工作推进会", "date: 2024-04-02"):
        assert wanted in text
    assert LONG_TITLE not in text
    log = git(bench.root, "log", "--format=%an|%s", "--", "issues/2024/646.yaml")
    assert len(log.strip().splitlines()) >= 2, log  # the save and the contribution, each a commit

    import docx

    words = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    for wanted in ("省地方志办召开2024年第一季度工作例会", "绵阳市召开地方志工作推进会", "工作动态"):
        assert wanted in words.replace(" ", ""), wanted
