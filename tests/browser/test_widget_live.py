"""Live threads in the widget: comments posted elsewhere announce themselves in a banner, and
come in on a click without moving what the reader is looking at."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import OpenHost, Reader

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CARD_TOP = """(id) => document.querySelector('kibitz-thread').shadowRoot
    .querySelector(`li[data-id="${id}"] > .card`).getBoundingClientRect().top"""


def test_new_comments_wait_behind_a_banner_and_keep_the_scroll(
    open_host: OpenHost, reader_factory: Callable[[], Reader], thread_key: str
) -> None:
    writer = reader_factory()
    ids = [
        writer.post(thread_key, f"Comment number {n} on the story, long enough to take room.")["id"]
        for n in range(8)
    ]
    page = open_host(thread_key)
    page.set_viewport_size({"width": 1100, "height": 420})  # short, so the reader has to scroll
    widget = page.locator("kibitz-thread")
    expect(widget.locator(".list > li.comment")).to_have_count(8)
    page.wait_for_timeout(300)  # the stream opens once the first page is drawn
    watched = ids[4]
    page.evaluate(
        """(id) => document.querySelector('kibitz-thread').shadowRoot
           .querySelector(`li[data-id="${id}"]`).scrollIntoView({block: "start"})""",
        watched,
    )

    fresh = [reader_factory().post(thread_key, f"Breaking: reaction {n}.")["id"] for n in range(2)]
    reply = writer.post(thread_key, "A reply arriving live.", parent_id=ids[0])["id"]

    banner = widget.locator(".new-banner")
    expect(banner).to_have_text("3 new comments", timeout=5000)
    # Nothing is inserted until the reader asks: the page does not move under them.
    expect(widget.locator(".list > li.comment")).to_have_count(8)
    top_before = page.evaluate(CARD_TOP, watched)
    # A click where the sticky banner is (Playwright's own click would scroll to it first).
    banner.evaluate("(button) => button.click()")
    expect(widget.locator(".list > li.comment")).to_have_count(10)
    expect(widget.locator(f'li[data-id="{reply}"]')).to_be_visible()
    for comment_id in fresh:
        expect(widget.locator(f'li[data-id="{comment_id}"]')).to_have_count(1)
    expect(banner).to_be_hidden()
    expect(widget.locator(".count")).to_have_text("11 comments")
    assert abs(page.evaluate(CARD_TOP, watched) - top_before) <= 2


def test_the_readers_own_comment_is_not_announced_again(
    open_host: OpenHost, thread_key: str
) -> None:
    page = open_host(thread_key)
    widget = page.locator("kibitz-thread")
    page.wait_for_timeout(300)
    composer = widget.locator(".composer-slot form")
    composer.locator("textarea").fill("My own comment, shown at once.")
    composer.get_by_role("button", name="Post comment").click()
    expect(widget.locator(".list > li.comment")).to_have_count(1)
    page.wait_for_timeout(1000)  # the stream's copy of it has arrived by now
    expect(widget.locator(".new-banner")).to_be_hidden()
