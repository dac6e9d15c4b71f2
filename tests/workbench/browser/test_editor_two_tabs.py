"""Two tabs on one issue, as two editors (or one editor with two windows) have them: a save in one
appears in the other by itself; when both changed it, nothing is overwritten and the second editor
keeps the text and saves on top of the first's version. An error is shown at its field as typed
and goes when the text is fixed."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import git


def open_issue(bench, page):
    page.goto(bench.url + "645")
    expect(page.locator("fieldset.section")).to_have_count(2)
    expect(page.get_by_text("检查通过")).to_be_visible()


def test_a_save_in_one_tab_shows_in_the_other_and_a_clash_loses_nothing(bench, page):
    other = page.context.new_page()
    open_issue(bench, page)
    open_issue(bench, other)

    source = page.locator("fieldset.section").nth(1).get_by_label("来源")
    source.fill("阿坝州地方志办")
    page.keyboard.press("Control+s")
    expect(page.get_by_role("status").filter(has_text="已保存")).to_be_visible()
    # the other tab had nothing unsaved: it shows the saved text by itself
    expect(other.locator("fieldset.section").nth(1).get_by_label("来源")).to_have_value("阿坝州地方志办")

    name_here = page.locator("fieldset.section").nth(0).get_by_label("栏目名")
    name_there = other.locator("fieldset.section").nth(0).get_by_label("栏目名")
    name_there.fill("工作动态")
    name_here.fill("重要工作")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status").filter(has_text="已保存")).to_be_visible()

    other.get_by_role("button", name="保存").click()
    clash = other.get_by_role("alertdialog", name="文件已在别处修改")
    expect(clash).to_be_visible()
    expect(clash).to_contain_text("重要工作")  # the first tab's change, readable
    expect(name_there).to_have_value("工作动态")  # the second's text still in the page
    assert "name: 重要工作" in bench.issue.read_text("utf-8")  # nothing overwritten
    clash.get_by_role("button", name="保留我的修改").click()
    other.get_by_role("button", name="保存").click()
    expect(other.get_by_role("status").filter(has_text="已保存")).to_be_visible()
    text = bench.issue.read_text("utf-8")
    assert "name: 工作动态" in text and "source: 阿坝州地方志办" in text
    assert int(git(bench.root, "rev-list", "--count", "HEAD")) == 4  # start + three saves
    expect(name_here).to_have_value("工作动态")  # and the first tab follows again


def test_an_error_is_shown_at_its_field_and_goes_when_fixed(bench, page):
    open_issue(bench, page)
    title = page.locator("fieldset.section").nth(1).get_by_label("标题（要分行时每行一行）")
    title.fill("")
    expect(title).to_have_attribute("aria-invalid", "true")
    described = title.get_attribute("aria-describedby")
    expect(page.locator(f"#{described}")).to_contain_text("错误")
    title.fill("王树明率队赴省地方志办交流对接工作")
    expect(title).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field-problem:not(.warning)")).to_have_count(0)
    expect(page.get_by_text("检查通过")).to_be_visible()
