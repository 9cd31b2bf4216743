"""The author of a comment a moderator removed reads the statement of reasons in the widget."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.admin_support import PASSWORD, create_moderator
from tests.browser.browser_support import LiveServer, OpenHost
from tests.browser.test_widget_moderation import card_of

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MODERATOR = "statements@news.example.com"


def _reject_latest(server: LiveServer, thread: str, rule: str, note: str) -> None:
    """A moderator rejects the thread's newest comment through the review API."""
    with httpx.Client(base_url=server.api(""), timeout=10) as api:
        login = api.post("/auth/login", json={"email": MODERATOR, "password": PASSWORD})
        assert login.status_code == 200, login.text
        api.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        page = api.get("/review/queue", params={"queue": "all", "thread": thread, "sort": "newest"})
        assert page.status_code == 200, page.text
        comment_id = page.json()["items"][0]["id"]
        decision = {"action": "reject", "rule": rule, "note": note}
        done = api.post(f"/review/comments/{comment_id}/decision", json=decision)
        assert done.status_code == 200, done.text


def test_the_author_reads_why_their_comment_was_removed(
    live_server: LiveServer, open_host: OpenHost, thread_key: str, shots: Path
) -> None:
    create_moderator(live_server, MODERATOR)
    page = open_host(thread_key)
    widget = page.locator("kibitz-thread")
    widget.get_by_role("textbox", name="Write a comment").fill("The mayor is a worthless clown.")
    widget.get_by_role("button", name="Post comment").click()
    expect(card_of(page, "worthless clown")).to_be_visible()

    _reject_latest(live_server, thread_key, "discourtesy", "Contempt for a person, not a policy.")
    page.reload()
    card = card_of(page, "worthless clown")
    expect(card.locator(".badge.rejected")).to_have_text("Not published")
    card.get_by_role("button", name="Why? (statement of reasons)").click()
    dialog = page.get_by_role("dialog", name="Statement of reasons")
    expect(dialog.locator("dt")).to_have_text(
        [
            "What was decided",
            "Facts and circumstances",
            "Ground",
            "Automated means",
            "What you can do",
        ]
    )
    expect(dialog.locator("dd").nth(0)).to_contain_text("Your comment was removed")
    expect(dialog.locator("dd").nth(1)).to_contain_text("Contempt for a person")
    expect(dialog.locator("dd").nth(2)).to_contain_text("The house rule on discourtesy")
    expect(dialog.locator("dd").nth(3)).to_contain_text("No automated means were used")
    expect(dialog.locator("dd li").first).to_contain_text("Appeal once")
    page.screenshot(path=shots / "statement-of-reasons.png")
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    # The appeal stays where it was: the statement adds to the note, it does not replace it.
    expect(card.get_by_role("button", name="Appeal")).to_be_visible()
