"""The preview as an editor uses it: a real server, a real browser, the YAML edited on disk."""

from __future__ import annotations

import urllib.request


def test_index_lists_the_issues(served, page):
    bad = served.issue.read_text("utf-8").replace("date: 2024-03-26\nnumber: 40\ntotal: 645",
                                                 "date: 2024-04-02\ntitel: x")
    (served.issue.parent / "646.yaml").write_text(bad, "utf-8")
    page.goto(served.url)
    failing = page.locator("tr", has_text="2024-04-02").inner_text()
    assert "646" in failing and "有错误" in failing and "titel" in failing
    row = page.locator("tr", has_text="645")
    assert "2024-03-26" in row.inner_text()
    assert "第 40 期" in row.inner_text()
    assert "唱好“双城记” 川渝地方志携手助力“双圈”建设" in row.inner_text()
    assert "通过" in row.inner_text()
    # the file corrected on disk: the list reads it again (and only it)
    (served.issue.parent / "646.yaml").write_text(bad.replace("titel: x", "number: 41"), "utf-8")
    page.reload()
    assert "通过" in page.locator("tr", has_text="2024-04-02").inner_text()
    page.click("text=645")
    page.wait_for_selector("img.page")
    assert page.url.endswith("/645")


def test_issue_page_shows_the_pages_and_links(served, page):
    page.goto(served.url + "645")
    images = page.locator("img.page")
    assert images.count() == 4
    widths = page.eval_on_selector_all("img.page", "els => els.map(e => e.naturalWidth)")
    assert all(w > 1000 for w in widths)
    for fmt, kind in (("pdf", "application/pdf"), ("docx", "wordprocessingml"), ("html", "text/html")):
        href = page.get_attribute(f'a[href="/645.{fmt}"]', "href")
        with urllib.request.urlopen(served.url + href.lstrip("/")) as r:
            assert kind in r.headers["Content-Type"]
            body = r.read()
        assert body[:4] == {"pdf": b"%PDF", "docx": b"PK\x03\x04", "html": b"<!DO"}[fmt]


def test_an_edit_shows_itself_and_an_error_keeps_the_last_pages(served, page):
    page.goto(served.url + "645")
    page.wait_for_selector("img.page")
    srcs = "els => els.map(e => e.getAttribute('src'))"
    before = page.eval_on_selector_all("img.page", srcs)

    served.edit("王树明率队赴省地方志办交流对接工作", "王树明率队赴省地方志办调研座谈")
    # a function, not a string: the page's CSP forbids evaluating strings
    page.wait_for_function("() => document.getElementById('live').textContent"
                           ".includes('王树明率队赴省地方志办调研座谈')")
    after = page.eval_on_selector_all("img.page", srcs)
    texts = page.eval_on_selector_all("details.text", "els => els.map(e => e.textContent)")
    edited = next(i for i, t in enumerate(texts) if "调研座谈" in t)
    assert after[edited] != before[edited]  # the edited page is drawn anew …
    assert after[0] == before[0]  # … an unchanged page is kept

    served.edit("  - name: 市州动态", "  - name: 市州动态\n   bad: [")  # a YAML syntax error
    page.wait_for_selector("#live[data-state=failed]")
    text = page.inner_text("#live")
    assert "错误" in text and "645.yaml" in text and "第 " in text
    assert page.locator("img.page").count() == 4  # the last good pages stay

    served.edit("  - name: 市州动态\n   bad: [", "  - name: 市州动态")
    page.wait_for_function("() => !document.querySelector('#live[data-state=failed]')")
    assert "王树明率队赴省地方志办调研座谈" in page.text_content("#live")
