"""新建一期 on the list page as an editor uses it: a refused date (empty, far, a second issue on
a day) is said at 出刊日期 (its description, the field marked) and the mark goes once the date is
changed; a good date opens the new issue's page."""

from __future__ import annotations

from playwright.sync_api import expect


def described_by(page, field) -> str:
    ids = (field.get_attribute("aria-describedby") or "").split()
    return " ".join(page.locator(f"#{i}").inner_text() for i in ids)


def test_a_refused_date_is_shown_at_its_field_and_cleared_when_changed(bench, page):
    page.goto(bench.url)
    date = page.get_by_label("出刊日期")
    expect(date).not_to_have_value("")  # today by default
    create = page.get_by_role("button", name="新建一期")

    date.fill("")
    create.click()
    expect(date).to_have_attribute("aria-invalid", "true")
    expect(date).to_be_focused()
    assert "出刊日期" in described_by(page, date)

    date.fill("2024-03-26")  # 645's day: a second issue that day must be asked for
    expect(date).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_be_hidden()
    create.click()
    expect(date).to_have_attribute("aria-invalid", "true")
    said = described_by(page, date)
    assert "勾选“同一天再出一期”" in said and "--" not in said, said  # the page's words, not the command's

    date.fill("2031-06-01")  # far from every issue of the series
    expect(date).not_to_have_attribute("aria-invalid", "true")
    create.click()
    expect(date).to_have_attribute("aria-invalid", "true")
    message = described_by(page, date)
    assert "没有新建" in message and "一年以后" in message and "--date" not in message, message
    box = page.get_by_role("alert").bounding_box()
    field = date.bounding_box()
    assert 0 <= box["y"] - (field["y"] + field["height"]) < 60, (box, field)  # right under the field
    assert list((bench.root / "issues").rglob("*.yaml")).__len__() == 2  # nothing made

    date.fill("2024-04-02")
    create.click()
    expect(page).to_have_url(bench.url + "646")
    expect(page.get_by_role("button", name="保存")).to_be_visible()
