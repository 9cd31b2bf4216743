"""Hostile input stays inert, and the widget works from a news site on another origin."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.browser_support import (
    CROSS_SITE,
    LiveServer,
    NewsSite,
    OpenHost,
    Reader,
    host_page_html,
    wait_loaded,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NAME_PAYLOAD = '<img src=x onerror="window.__kzPwned=1">'
BODY_PAYLOAD = (
    '<script>window.__kzPwned=2</script><img src=x onerror="window.__kzPwned=3">'
    '<svg onload="window.__kzPwned=4"></svg> [click](javascript:window.__kzPwned=5) **still bold**'
)


def assert_not_pwned(page: Page) -> None:
    # Give a broken <img> time to fire its onerror, had one been created.
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__kzPwned") == "undefined"


def test_script_payloads_render_inert(
    open_host: OpenHost, thread_key: str, reader_factory: Callable[[], Reader], shots: Path
) -> None:
    # One posted by someone else through the API, one typed into the widget (and its preview).
    reader_factory().post(thread_key, BODY_PAYLOAD, name=NAME_PAYLOAD)
    page = open_host(thread_key)
    w = page.locator("kibitz-thread")
    w.get_by_label("Name").fill(NAME_PAYLOAD)
    w.get_by_role("textbox", name="Write a comment").fill(BODY_PAYLOAD)
    preview = w.locator(".composer .preview")
    expect(preview.locator("strong", has_text="still bold")).to_have_count(1)
    expect(preview).to_contain_text("<script>")
    expect(preview).to_contain_text("onerror=")
    assert_not_pwned(page)
    w.get_by_role("button", name="Post comment").click()
    cards = w.locator(".list > li.comment > .card")
    expect(cards).to_have_count(2)
    for i in range(2):
        card = cards.nth(i)
        expect(card.locator(".author")).to_have_text(NAME_PAYLOAD)
        expect(card.locator(".body strong")).to_have_text("still bold")
        expect(
            card.locator(".body script, .body svg, .body [onerror], .body [onload]")
        ).to_have_count(0)
        for href in card.locator(".body a").evaluate_all("els => els.map(a => a.href)"):
            assert not href.lower().startswith("javascript:")
    page.screenshot(path=shots / "payloads.png")
    page.reload()
    wait_loaded(page)
    expect(cards).to_have_count(2)
    assert_not_pwned(page)
    # Nothing leaked out of the shadow root into the host document either.
    assert page.evaluate("document.querySelectorAll('img, svg').length") == 0


def test_widget_on_another_origin(
    page: Page, live_server: LiveServer, news_site: NewsSite, thread_key: str
) -> None:
    """A news site on its own origin embeds the script from the Kibitz server's origin."""
    url = news_site.publish(
        "/world/strikes", host_page_html(live_server, site=CROSS_SITE, thread=thread_key)
    )
    page.goto(url)
    wait_loaded(page)
    w = page.locator("kibitz-thread")
    w.get_by_label("Name").fill("Reader on the news site")
    w.get_by_role("textbox", name="Write a comment").fill("Posted from the news site's own page.")
    w.get_by_role("button", name="Post comment").click()
    expect(w.locator(".list .body")).to_have_text(["Posted from the news site's own page."])
    page.reload()
    wait_loaded(page)
    expect(w.locator(".count")).to_have_text("1 comment")
    # The reader cookie travelled with the credentialed CORS requests: it is still theirs.
    mine = w.locator(".list > li.comment > .card")
    expect(mine.get_by_role("button", name="Edit")).to_be_visible()
    mine.get_by_role("button", name="Edit").click()
    w.get_by_role("textbox", name="Edit your comment").fill("Edited across origins.")
    w.get_by_role("button", name="Save").click()
    expect(w.locator(".list .body")).to_have_text(["Edited across origins."])

    # The demo site does not allow this origin: the server's refusal is shown, nothing is posted.
    page.goto(news_site.publish("/other", host_page_html(live_server, thread=thread_key)))
    wait_loaded(page)
    w.get_by_role("textbox", name="Write a comment").fill("Should be refused.")
    w.get_by_role("button", name="Post comment").click()
    refusal = w.locator(".composer-slot p.error[role=alert]")
    expect(refusal).not_to_be_empty()
    # The server's own message (CORS let the widget read it), not the network-failure text.
    expect(refusal).not_to_contain_text("could not be reached")
    expect(w.locator("li.comment")).to_have_count(0)
