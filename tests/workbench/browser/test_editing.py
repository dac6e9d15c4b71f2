"""Editing an issue in the browser: the YAML view with the engine's marks, switching views,
a conflict with an outside edit, a refused save that loses nothing, reordering by keyboard and
by dragging, paragraphs ended by Enter and pasted lines split into paragraphs."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import git

SECOND_TITLE = "王树明率队赴省地方志办交流对接工作"


def open_issue(bench, page):
    page.goto(bench.url + "645")
    expect(page.locator("fieldset.section")).to_have_count(2)
    expect(page.get_by_text("检查通过")).to_be_visible()


def yaml_editor(page):
    page.get_by_role("tab", name="YAML").click()
    editor = page.get_by_role("textbox", name="YAML 文本")
    expect(editor).to_be_visible()
    return editor


def replace_in_editor(page, old: str, new: str) -> None:
    """Select `old` in CodeMirror as an editor would (search) and type `new` over it."""
    page.evaluate("""([old]) => {
        const content = document.querySelector('.cm-content');
        const view = content.cmView?.view ?? content.cmTile?.view;
        const at = view.state.doc.toString().indexOf(old);
        view.dispatch({selection: {anchor: at, head: at + old.length}});
        view.focus();
    }""", [old])
    page.keyboard.insert_text(new)


def test_yaml_view_marks_errors_on_their_line_and_switching_loses_nothing(bench, page):
    open_issue(bench, page)
    page.locator("fieldset.section").nth(1).get_by_label("标题").fill("王树明率队赴省地方志办调研座谈")
    editor = yaml_editor(page)
    expect(editor).to_contain_text("王树明率队赴省地方志办调研座谈")  # the form's edit, in YAML
    expect(editor).to_contain_text("yaml-language-server")  # comments kept

    replace_in_editor(page, "source: 阿坝州地方志办公室", "sauce: 阿坝州地方志办公室")
    marked = page.locator(".cm-lint-marker-error")
    expect(marked.first).to_be_visible()
    line = page.locator(".cm-gutterElement", has=marked.first)  # the gutter row of the marked line
    lines = bench.issue.read_text("utf-8").splitlines()
    number = next(i for i, t in enumerate(lines, 1) if "source: 阿坝州地方志办公室" in t)
    assert line.count() >= 1
    expect(page.locator(".problem-list")).to_contain_text(f"第 {number} 行")

    replace_in_editor(page, "sauce: 阿坝州地方志办公室", "source: 阿坝州地方志办")
    expect(page.locator(".cm-lint-marker-error")).to_have_count(0)
    page.get_by_role("tab", name="表单").click()
    second = page.locator("fieldset.section").nth(1)
    expect(second.get_by_label("来源")).to_have_value("阿坝州地方志办")
    expect(second.get_by_label("标题")).to_have_value("王树明率队赴省地方志办调研座谈")
    assert "阿坝州地方志办公室" in bench.issue.read_text("utf-8")  # nothing written before 保存

    page.keyboard.press("Control+s")
    expect(page.get_by_role("status").filter(has_text="已保存")).to_be_visible()
    text = bench.issue.read_text("utf-8")
    assert "source: 阿坝州地方志办\n" in text and "王树明率队赴省地方志办调研座谈" in text
    assert text.startswith("# yaml-language-server")  # the untouched comment kept


def test_an_outside_edit_is_shown_as_a_conflict_and_nothing_is_overwritten(bench, page):
    open_issue(bench, page)
    page.locator("fieldset.section").nth(1).get_by_label("来源").fill("阿坝州地方志办")
    bench.edit("唱好“双城记” 川渝地方志携手助力“双圈”建设", "唱好“双城记” 川渝两地方志携手助力“双圈”建设")
    expect(page.get_by_role("status").filter(has_text="在别处被修改")).to_be_visible()
    page.get_by_role("button", name="保存").click()
    conflict = page.get_by_role("alertdialog")
    expect(conflict).to_contain_text("川渝两地方志携手")  # the other change, shown
    assert "川渝两地方志携手" in bench.issue.read_text("utf-8")  # not overwritten
    conflict.get_by_role("button", name="保留我的修改").click()
    expect(conflict).to_have_count(0)
    # merged by hand: the other change typed in beside mine, then saved on top of the new file
    page.locator("fieldset.section").nth(0).get_by_label("标题").fill("唱好“双城记” 川渝两地方志携手助力“双圈”建设")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status").filter(has_text="已保存")).to_be_visible()
    text = bench.issue.read_text("utf-8")
    assert "source: 阿坝州地方志办\n" in text and "川渝两地方志携手" in text
    assert len(git(bench.root, "log", "--format=%h", "--", "issues/2024/645.yaml").split()) >= 2


def test_a_refused_save_keeps_the_text_and_the_page_keeps_it_across_a_reload(bench, page):
    open_issue(bench, page)
    before = bench.issue.read_bytes()
    yaml_editor(page)
    replace_in_editor(page, "  - name: 市州动态", "  - name: 市州动态\n   bad: [")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status").filter(has_text="没有保存")).to_be_visible()
    assert bench.issue.read_bytes() == before
    expect(page.get_by_role("textbox", name="YAML 文本")).to_contain_text("bad: [")
    page.reload()
    expect(page.get_by_role("status").filter(has_text="未保存的修改")).to_be_visible()
    expect(page.get_by_role("textbox", name="YAML 文本")).to_contain_text("bad: [")


def test_sections_and_paragraphs_reorder_by_keyboard(bench, page):
    open_issue(bench, page)
    name = page.locator("fieldset.section").nth(1).get_by_label("栏目名")
    name.focus()
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("fieldset.section").nth(0).get_by_label("栏目名")).to_have_value("市州动态")
    expect(page.locator("fieldset.section").nth(0).get_by_label("栏目名")).to_be_focused()
    first = page.locator("fieldset.section").nth(1).locator(".article").first
    first.get_by_role("button", name="下移第 1 段").click()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status").filter(has_text="已保存")).to_be_visible()
    text = bench.issue.read_text("utf-8")
    assert text.index("市州动态") < text.index("特别关注")
    assert text.index("座谈会上，双方围绕") < text.index("3月25—26日")
    assert "yaml-language-server" in text


def test_articles_reorder_by_dragging(bench, page):
    page.set_viewport_size({"width": 1366, "height": 1600})  # source and target on screen at once
    open_issue(bench, page)
    second = page.locator("fieldset.section").nth(1)
    second.get_by_role("button", name="在本栏目添加文章").click()
    second.locator(".article").nth(1).get_by_label("标题").fill("新加的一篇")
    second.scroll_into_view_if_needed()
    handle = second.locator(".article").nth(1).locator(":scope > .tools > .handle")
    handle.drag_to(second.locator(".article").nth(0).locator("h4"))
    expect(second.locator(".article").nth(0).get_by_label("标题")).to_have_value("新加的一篇")
    expect(second.locator(".article").nth(1).get_by_label("标题")).to_have_value("王树明率队赴省地方志办交流对接工作")


def test_enter_ends_a_paragraph_and_pasted_lines_become_paragraphs(bench, page):
    open_issue(bench, page)
    article = page.locator("fieldset.section").nth(1).locator(".article").first
    last = article.get_by_role("textbox", name="第 2 段", exact=True)
    last.press("End")
    last.press("Control+End")
    page.keyboard.press("Enter")
    third = article.get_by_role("textbox", name="第 3 段", exact=True)
    expect(third).to_be_focused()
    page.keyboard.type("会议还部署了下一阶段工作。")
    third.evaluate("""(el) => {
        const data = new DataTransfer();
        data.setData("text/plain", "第一行粘贴的文字。\\n\\n第二行粘贴的文字。");
        el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
    }""")
    expect(article.get_by_role("textbox", name="第 4 段", exact=True)).to_have_value(re.compile("^第二行粘贴的文字。"))
    expect(third).to_have_value("会议还部署了下一阶段工作。第一行粘贴的文字。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status").filter(has_text="已保存")).to_be_visible()
    text = bench.issue.read_text("utf-8")
    assert "- 会议还部署了下一阶段工作。第一行粘贴的文字。\n" in text and "- 第二行粘贴的文字。\n" in text


def test_yaml_view_completes_and_explains_keys_from_the_schema(bench, page):
    open_issue(bench, page)
    yaml_editor(page)
    replace_in_editor(page, "  copies: 21", "  copies: 21\n  pr")
    page.keyboard.press("Control+Space")
    completion = page.locator(".cm-tooltip-autocomplete")
    expect(completion).to_contain_text("printer")
    expect(completion).to_contain_text("print_date")
    page.keyboard.press("Escape")
    line = page.locator(".cm-line", has_text="copies: 21").bounding_box()
    page.mouse.move(line["x"] + 30, line["y"] + line["height"] / 2)
    expect(page.locator(".cm-tooltip-hover")).to_contain_text("共印份数")  # the schema's description


def test_an_outside_edit_appears_in_the_form_at_once(bench, page):
    open_issue(bench, page)
    bench.edit("source: 阿坝州地方志办公室", "source: 阿坝州地方志办")
    expect(page.locator("fieldset.section").nth(1).get_by_label("来源")).to_have_value("阿坝州地方志办")


def test_recipients_as_the_series_defaults_plus_additions_and_removals(bench, page):
    open_issue(bench, page)
    peers = page.get_by_role("group", name="送")
    default = "各市（州）党委、市（州）人民政府，省直各部门，中央驻川机构。"
    expect(peers.get_by_role("checkbox", name=default)).to_be_checked()
    expect(peers.get_by_label("送：本期增加（每行一个）")).to_have_value("重庆市地方志办公室。")
    superiors = page.get_by_role("group", name="报")
    superiors.get_by_role("checkbox", name="中国地方志工作办公室。").uncheck()
    superiors.get_by_label("报：本期增加（每行一个）").fill("省委办公厅。")
    page.get_by_label("共印份数").fill("30")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status").filter(has_text="已保存")).to_be_visible()
    text = bench.issue.read_text("utf-8")
    assert "copies: 30" in text and "to_peers: {add: [重庆市地方志办公室。]}" in text, text
    colophon = text[text.index("colophon:"):]
    assert "to_superiors:" in colophon and "省委办公厅。" in colophon and "中国地方志工作办公室。" in colophon
    assert colophon.index("add") < colophon.index("省委办公厅。") and "remove" in colophon


def test_a_comment_typed_in_the_yaml_view_survives_a_look_at_the_form(bench, page):
    open_issue(bench, page)
    yaml_editor(page)
    replace_in_editor(page, "  copies: 21", "  copies: 21  # 本期加印")
    page.get_by_role("tab", name="表单").click()
    expect(page.get_by_label("共印份数")).to_have_value("21")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status").filter(has_text="已保存")).to_be_visible()
    assert "copies: 21  # 本期加印\n" in bench.issue.read_text("utf-8")
