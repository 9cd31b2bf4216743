"""The demo article at "/": a news page with the house rules and a working conversation under it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.browser_support import LiveServer, wait_loaded

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

HEADLINE = "U.S. strikes Iran-backed militia sites in Iraq after drone attack wounds three troops"


def test_demo_page_shows_article_rules_and_widget(
    page: Page, live_server: LiveServer, shots: Path
) -> None:
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text(HEADLINE)
    assert page.locator("article p").count() >= 6
    rules = page.locator(".rules")
    expect(rules).to_contain_text(
        "no tolerance for comments containing violence, racism, profanity, vulgarity, doxing, "
        "or discourteous behavior"
    )
    expect(rules).to_contain_text("∨")
    expect(page.get_by_role("heading", name="Join the conversation")).to_be_visible()
    wait_loaded(page)
    widget = page.locator("kibitz-thread")
    # The widget sits right after the script tag, under the rules.
    assert page.evaluate(
        "document.querySelector('kibitz-thread').previousElementSibling.tagName"
    ) == ("SCRIPT")
    assert page.evaluate("!!document.querySelector('kibitz-thread').shadowRoot")
    expect(widget.get_by_role("button", name="Post comment")).to_be_visible()
    page.screenshot(path=shots / "demo-page.png", full_page=True)


def test_post_a_comment_on_the_demo_article(
    page: Page, live_server: LiveServer, shots: Path
) -> None:
    page.goto(live_server.url + "/")
    wait_loaded(page)
    widget = page.locator("kibitz-thread")
    before = widget.locator(".list > .comment").count()
    total_before = int(widget.locator(".count").inner_text().split()[0])
    widget.get_by_label("Name").fill("Dana from Erbil")
    widget.get_by_label("Email").fill("dana@example.org")
    body = widget.get_by_role("textbox", name="Write a comment")
    body.fill("The **second** strike in a month. Is there a [timeline](https://example.org/t)?")
    # The live preview renders the markdown with DOM nodes as the reader types.
    preview = widget.locator(".composer .preview")
    expect(preview.locator("strong")).to_have_text("second")
    expect(preview.locator("a")).to_have_attribute("href", "https://example.org/t")
    widget.get_by_role("button", name="Post comment").click()

    comments = widget.locator(".list > .comment")
    expect(comments).to_have_count(before + 1)
    mine = comments.last
    expect(mine.locator(".author")).to_have_text("Dana from Erbil")
    expect(mine.locator(".body strong")).to_have_text("second")
    expect(mine.locator("time")).to_have_text("just now")
    expect(body).to_have_value("")
    page.screenshot(path=shots / "posted.png", full_page=True)

    # The server kept it: a fresh load shows the comment and the count.
    page.reload()
    wait_loaded(page)
    expect(widget.locator(".list > .comment .body", has_text="second strike")).to_have_count(1)
    expect(widget.locator(".count")).to_have_text(f"{total_before + 1} comments")


def test_demo_page_tries_arabic_and_dark(page: Page, live_server: LiveServer, shots: Path) -> None:
    page.goto(live_server.url + "/?lang=ar&theme=dark")
    wait_loaded(page)
    frame = page.locator("kibitz-thread .kz")
    expect(frame).to_have_attribute("dir", "rtl")
    expect(frame).to_have_class("kz dark")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(18, 20, 22)"
    page.screenshot(path=shots / "demo-ar-dark.png", full_page=True)
    # Only the known values are used; anything else is ignored, never echoed into the page.
    page.goto(live_server.url + '/?lang="><script>window.__kz=1</script>&theme=neon')
    wait_loaded(page)
    expect(frame).to_have_attribute("dir", "ltr")
    assert page.evaluate("typeof window.__kz") == "undefined"
    assert page.locator("script[data-site]").get_attribute("data-lang") is None
