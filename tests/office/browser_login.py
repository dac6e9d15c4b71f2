"""The login flow in Debian's Chromium, run as a process of its own (Playwright's sync API allows one
instance per process, and the preview tests hold theirs): prints what it saw as JSON.

    python tests/office/browser_login.py URL NAME PASSWORD
"""

from __future__ import annotations

import json
import sys

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main(url: str, name: str, password: str) -> dict:
    seen: dict = {"console": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
        page.goto(url + "645")
        seen["first"] = page.url
        page.get_by_label("用户名").fill(name)
        page.get_by_label("密码").fill("wrong-password")
        page.get_by_role("button", name="登录").click()
        seen["wrong"] = page.get_by_role("alert").inner_text()
        page.get_by_label("密码").fill(password)
        page.get_by_label("密码").press("Enter")  # by keyboard
        page.wait_for_selector("img.page")
        seen["after"] = page.url
        seen["pages"] = page.locator("img.page").count()
        cookie = next(c for c in context.cookies() if c["name"] == "typeset_session")
        seen["cookie"] = {"httpOnly": cookie["httpOnly"], "sameSite": cookie["sameSite"]}
        seen["script_sees_cookie"] = "typeset_session" in page.evaluate("() => document.cookie")
        page.get_by_role("link", name="账户").click()
        seen["account"] = page.inner_text("main")
        page.get_by_role("button", name="退出登录").click()
        page.wait_for_url("**/_login")
        page.goto(url)
        seen["after_logout"] = page.url
        context.close()
        browser.close()
    return seen


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4]), ensure_ascii=False))
