"""The issue page as an editor who knows Word uses it: every control named in Chinese and reached
by Tab with a visible focus, drag handles that move items by keyboard too, 保存 that says when there
is nothing to save, Escape closing 历史版本, a warning before leaving unsaved work, long titles
without a page wider than a laptop screen."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import git

# Every visible control with its accessible name (aria-label, aria-labelledby, <label>, text).
CONTROLS = """() => {
  const name = (el) => {
    if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
    const by = el.getAttribute('aria-labelledby');
    if (by) return by.split(/\\s+/).map((id) => document.getElementById(id)?.textContent || '').join(' ');
    if (el.labels && el.labels.length) return el.labels[0].textContent;
    return el.textContent || el.title || '';
  };
  const sel = 'button, input, select, textarea, a[href], [role=button], [role=tab], [role=textbox], [draggable=true]';
  return [...document.querySelectorAll(sel)]
    .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden'
      || el.type === 'file')
    .map((el) => [el.tagName + (el.getAttribute('role') ? '/' + el.getAttribute('role') : ''),
                  name(el).trim(), el.tabIndex]);
}"""
CJK = re.compile(r"[\u4e00-\u9fff]")


def open_issue(bench, page):
    page.goto(bench.url + "645")
    expect(page.locator("fieldset.section")).to_have_count(2)
    expect(page.get_by_text("检查通过")).to_be_visible()


def test_every_control_has_a_chinese_name_and_is_in_the_tab_order(bench, page):
    open_issue(bench, page)
    controls = page.evaluate(CONTROLS)
    assert len(controls) > 40, controls
    for kind, name, tab in controls:
        if name in ("typeset 工作台", "YAML", "PDF", "Word（DOCX）"):
            continue  # the product's name; the YAML tab; the preview's 下载：PDF · Word（DOCX）
        if kind.endswith("/textbox") or kind == "DIV":  # CodeMirror's content (YAML view only)
            continue
        assert name and CJK.search(name), (kind, name)
        assert tab >= 0, (kind, name)  # nothing only a mouse can reach
    handles = page.get_by_role("button", name=re.compile("^拖动"))
    expect(handles.first).to_be_visible()
    assert handles.count() == page.locator(".handle").count()

    preview = page.get_by_role("region", name="版面预览")  # scrolled by keyboard: it takes the focus
    preview.focus()
    expect(preview).to_be_focused()

    page.get_by_role("tab", name="YAML").click()
    editor = page.get_by_role("textbox", name="YAML 文本")
    expect(editor).to_be_visible()
    expect(page.locator(".yaml-view").get_by_text("YAML 文本")).to_be_visible()  # a visible label too
    editor.focus()
    assert page.evaluate("() => document.activeElement.closest('.cm-editor') !== null")


def test_focus_is_visible_on_every_stop_of_the_toolbar(bench, page):
    open_issue(bench, page)
    page.get_by_role("button", name="保存").focus()
    for _ in range(6):
        style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
                                 return [document.activeElement.textContent, s.outlineStyle, s.outlineWidth]; }""")
        assert style[1] != "none" and style[2] != "0px", style
        page.keyboard.press("Tab")


def test_a_drag_handle_moves_its_item_by_keyboard(bench, page):
    open_issue(bench, page)
    sections = page.locator("fieldset.section")
    first = sections.nth(0).get_by_label("栏目名").input_value()
    second = sections.nth(1).get_by_label("栏目名").input_value()
    handle = page.get_by_role("button", name=re.compile("^拖动第 2 个栏目"))
    handle.focus()
    page.keyboard.press("ArrowUp")
    expect(sections.nth(0).get_by_label("栏目名")).to_have_value(second)
    focused = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert focused.startswith("拖动第 1 个栏目"), focused  # the focus moved with it
    expect(page.locator("#save-state")).to_have_text("有未保存的修改")
    page.keyboard.press("Control+s")
    expect(page.get_by_role("status").filter(has_text="已保存")).to_be_visible()
    text = bench.issue.read_text("utf-8")
    assert text.index(f"name: {second}") < text.index(f"name: {first}")


def test_save_says_when_there_is_nothing_to_save(bench, page):
    open_issue(bench, page)
    commits = git(bench.root, "rev-list", "--count", "HEAD")
    save = page.get_by_role("button", name="保存")
    expect(page.locator("#save-state")).to_have_text("没有未保存的修改")
    described = save.get_attribute("aria-describedby")
    expect(page.locator(f"#{described}")).to_have_text("没有未保存的修改")  # what a screen reader says with 保存
    save.click()
    expect(page.get_by_role("status").filter(has_text="没有需要保存的修改")).to_be_visible()
    assert git(bench.root, "rev-list", "--count", "HEAD") == commits  # no empty version

    page.locator("fieldset.section").nth(1).get_by_label("来源").fill("阿坝州地方志办")
    expect(page.locator("#save-state")).to_have_text("有未保存的修改")
    save.click()
    expect(page.get_by_role("status").filter(has_text="已保存")).to_be_visible()
    expect(page.locator("#save-state")).to_have_text("没有未保存的修改")
    assert int(git(bench.root, "rev-list", "--count", "HEAD")) == int(commits) + 1


def test_escape_closes_the_history_and_gives_the_focus_back(bench, page):
    open_issue(bench, page)
    opener = page.get_by_role("button", name="历史版本")  # the one button of that name, open or not
    opener.click()
    panel = page.get_by_role("region", name="历史版本")
    expect(panel).to_be_visible()
    expect(opener).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(opener).to_be_focused()
    expect(opener).to_have_attribute("aria-expanded", "false")
    opener.press("Enter")
    expect(panel).to_be_visible()
    panel.get_by_role("button", name="关闭").click()
    expect(panel).to_be_hidden()


def test_leaving_with_unsaved_changes_asks_first(bench, page):
    open_issue(bench, page)
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.type), d.dismiss()))
    page.locator("fieldset.section").nth(0).get_by_label("栏目名").fill("工作动态")
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert "工作动态" not in bench.issue.read_text("utf-8")  # nothing written behind the editor's back


def test_a_long_title_and_many_sections_fit_a_laptop_screen(bench, page):
    open_issue(bench, page)
    title = page.locator("fieldset.section").nth(0).get_by_label("标题（要分行时每行一行）")
    title.fill("关于进一步加强全省地方志系统年鉴编纂质量管理和规范化建设工作的若干意见" * 3
               + "https://example.org/a-very-long-address-without-any-place-to-break-it-at-all-0123456789")
    for _ in range(6):
        page.get_by_role("button", name="添加栏目").click()
    expect(page.locator("fieldset.section")).to_have_count(8)
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], width
    editor = page.locator("#editor")
    assert editor.evaluate("e => e.scrollWidth <= e.clientWidth"), "the form scrolls sideways"
    expect(page.get_by_role("button", name="保存")).to_be_in_viewport()


def test_each_interface_name_is_one_control_even_with_errors_shown(bench, page):
    open_issue(bench, page)
    for name in ("保存", "加入来稿", "历史版本"):
        expect(page.get_by_role("button", name=name)).to_have_count(1)
    copies = page.get_by_label("共印份数")
    copies.fill("")
    expect(copies).to_have_attribute("aria-describedby", re.compile("problem"))  # said at its field...
    go = page.get_by_role("button", name="转到").first  # ...and in the list, named by its number:
    expect(go).to_have_accessible_name(re.compile(r"^转到第 \d+ 条$"))  # a message naming a field never
    expect(page.get_by_label("共印份数")).to_have_count(1)  # no 转到 button answers to the field's name
    copies.fill("150")
    expect(copies).not_to_have_attribute("aria-describedby", re.compile("problem"))


def test_escape_closes_the_contribution_dialog(bench, page):
    open_issue(bench, page)
    opener = page.get_by_role("button", name="加入来稿")
    opener.click()
    dialog = page.get_by_role("dialog", name="加入来稿")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
