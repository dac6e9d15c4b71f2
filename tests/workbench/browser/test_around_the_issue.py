"""Around the form: the list of issues, history and restore, downloads with page counts,
pictures, pasted contributions, a restarted server, the page at 150 % zoom."""

from __future__ import annotations

import io
import re
import subprocess
import sys

from playwright.sync_api import expect

from .conftest import git


def open_issue(bench, page):
    page.goto(bench.url + "645")
    expect(page.locator("fieldset.section")).to_have_count(2)
    expect(page.get_by_text("检查通过")).to_be_visible()


def saved(page):
    expect(page.get_by_role("status").filter(has_text="已保存")).to_be_visible()


def test_the_list_refuses_a_second_issue_on_a_day_and_follows_the_files(bench, page):
    page.goto(bench.url)
    expect(page.get_by_label("出刊日期")).to_have_value(re.compile(r"\d{4}-\d{2}-\d{2}"))  # today
    page.get_by_label("出刊日期").fill("2024-03-26")  # 645's day
    page.get_by_role("button", name="新建一期").click()
    alert = page.locator("#new-problems")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("2024-03-26")
    assert not (bench.root / "issues" / "2024" / "646.yaml").exists()

    text = bench.issue.read_text("utf-8").replace("date: 2024-03-26\nnumber: 40\ntotal: 645", "date: 2024-04-09")
    (bench.issue.parent / "647.yaml").write_text(text, "utf-8")  # a file made outside the browser
    expect(page.get_by_role("cell", name="2024-04-09", exact=True)).to_be_visible()  # no reload


def test_history_lists_the_saves_and_restores_one_as_a_new_version(bench, page):
    original = bench.issue.read_text("utf-8")
    open_issue(bench, page)
    page.locator("fieldset.section").nth(1).get_by_label("来源").fill("阿坝州地方志办")
    page.get_by_role("button", name="保存").click()
    saved(page)
    page.get_by_role("button", name="历史版本").click()
    panel = page.get_by_role("region", name="历史版本")
    expect(panel.locator(".version")).to_have_count(2)
    expect(panel.locator(".version").first).to_contain_text("阿坝州地方志办")  # what changed, in words
    page.once("dialog", lambda d: d.accept())
    panel.get_by_role("button", name="恢复此版本").click()
    expect(page.get_by_role("status").filter(has_text="已恢复")).to_be_visible()
    expect(page.locator("fieldset.section").nth(1).get_by_label("来源")).to_have_value("阿坝州地方志办公室")
    assert bench.issue.read_text("utf-8") == original
    assert len(git(bench.root, "log", "--format=%h").split()) == 3  # nothing destroyed


def test_downloads_say_their_page_counts(bench, page):
    open_issue(bench, page)
    pdf = page.get_by_role("link", name="下载 PDF")
    expect(pdf).to_contain_text("（4 页）")
    expect(page.get_by_role("link", name="下载 DOCX")).to_contain_text("页）")
    expect(page.get_by_role("link", name="下载网页版")).to_have_attribute("href", "/645.html")
    expect(page.get_by_role("link", name="下载合订本")).to_have_attribute("href", "/_book/2024.pdf")
    with page.expect_download() as d:
        pdf.click()
    assert d.value.suggested_filename.endswith(".pdf")


def test_a_picture_uploaded_and_placed(bench, page):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 30, 30)).save(buffer, "PNG")
    open_issue(bench, page)
    article = page.locator("fieldset.section").nth(1).locator(".article").first
    article.get_by_role("button", name="添加图片").click()
    picture = article.locator(".paragraph").last
    picture.get_by_label("上传图片（PNG 或 JPEG）").set_input_files(
        files=[{"name": "会场.png", "mimeType": "image/png", "buffer": buffer.getvalue()}])
    expect(picture.get_by_role("status")).to_contain_text("已上传")
    picture.get_by_label("图题").fill("座谈会现场")
    page.get_by_role("button", name="保存").click()
    saved(page)
    text = bench.issue.read_text("utf-8")
    image = re.search(r"image: (\S+?)[,}\s]", text)
    assert image and "座谈会现场" in text, text
    assert (bench.root / "issues" / image[1]).is_file()
    expect(page.locator("#live img.page")).to_have_count(4, timeout=60_000)


def test_pasted_text_is_previewed_then_added(bench, page):
    open_issue(bench, page)
    page.get_by_role("button", name="加入来稿").first.click()
    dialog = page.get_by_role("dialog", name="加入来稿")
    dialog.get_by_label("加入到栏目").select_option("市州动态")
    dialog.get_by_label("或粘贴文字").fill("德阳市地方志办开展方志进校园活动\n3月20日，德阳市地方志办走进校园，讲述地方历史。\n（德阳市地方志办公室）")
    dialog.get_by_role("button", name="读取").click()
    expect(dialog.get_by_role("region", name="读到的内容")).to_contain_text("德阳市地方志办开展方志进校园活动")
    assert "德阳" not in bench.issue.read_text("utf-8")  # nothing written before confirming
    dialog.get_by_role("button", name="确认加入").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("fieldset.section").nth(1).locator(".article")).to_have_count(2)
    assert "德阳市地方志办开展方志进校园活动" in bench.issue.read_text("utf-8")
    assert "德阳" in git(bench.root, "log", "-1", "--format=%s")


def test_a_restarted_server_is_shown_and_unsaved_text_survives_it(bench, page):
    open_issue(bench, page)
    field = page.locator("fieldset.section").nth(1).get_by_label("来源")
    field.fill("阿坝州地方志办")
    port = bench.url.rsplit(":", 1)[1].strip("/")
    bench.stop()
    expect(page.locator("#connection")).to_contain_text("连接已断开")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status").filter(has_text="无法连接服务器")).to_be_visible()
    expect(field).to_have_value("阿坝州地方志办")

    bench.proc = subprocess.Popen([sys.executable, "-m", "typeset", "serve", "--port", port], cwd=bench.root,
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True)
    assert port in bench.proc.stdout.readline()
    expect(page.locator("#connection")).to_contain_text("已重新连接", timeout=60_000)
    page.get_by_role("button", name="保存").click()
    saved(page)
    assert "source: 阿坝州地方志办\n" in bench.issue.read_text("utf-8")


def test_the_page_works_at_150_percent_zoom(bench, browser):
    context = browser.new_context(viewport={"width": 911, "height": 512}, device_scale_factor=1.5)
    page = context.new_page()
    try:
        open_issue(bench, page)
        width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], width  # nothing wider than the window
        for name in ("保存", "加入来稿", "历史版本"):
            expect(page.get_by_role("button", name=name).first).to_be_in_viewport()
        page.keyboard.press("Tab")  # keyboard reachable from the top
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.tagName") in ("A", "BUTTON")
    finally:
        context.close()


def test_the_form_beside_the_pages_on_a_laptop_screen(bench, page, tmp_path):
    open_issue(bench, page)  # 1366×768
    expect(page.locator("#live img.page").first).to_be_in_viewport()
    form = page.get_by_role("form", name="表单").bounding_box()
    pages = page.locator("#live img.page").first.bounding_box()
    assert form["x"] + form["width"] <= pages["x"] and pages["x"] + pages["width"] <= 1366  # side by side
    for name in ("保存", "加入来稿", "历史版本"):
        expect(page.get_by_role("button", name=name).first).to_be_in_viewport()
    for name in ("下载 PDF", "下载 DOCX", "下载网页版", "下载合订本"):
        expect(page.get_by_role("link", name=name)).to_be_in_viewport()
    page.screenshot(path=tmp_path / "workbench-1366x768.png")
