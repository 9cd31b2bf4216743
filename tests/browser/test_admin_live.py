"""The dashboard live: a comment held while a moderator has the queue open shows up as
"1 new comment" and in the tab counts at once (not on the 15-second poll), without the list moving
under the moderator; another moderator's decision marks the item in place."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.admin_support import PASSWORD, create_moderator, hold, sign_in
from tests.browser.browser_support import LiveServer, Reader

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SOONER_THAN_POLLING_MS = 5_000  # the fallback polls every 15 s: this must be the stream


@pytest.fixture()
def admin_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def _moderator(server: LiveServer) -> str:
    email = f"live-{uuid.uuid4().hex[:8]}@news.example.com"
    create_moderator(server, email)
    return email


def _decide(server: LiveServer, email: str, comment_id: int, action: str) -> None:
    """Another moderator, elsewhere, decides through the review API."""
    with httpx.Client(base_url=server.api(""), timeout=10) as api:
        login = api.post("/auth/login", json={"email": email, "password": PASSWORD})
        assert login.status_code == 200, login.text
        api.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        done = api.post(f"/review/comments/{comment_id}/decision", json={"action": action})
        assert done.status_code == 200, done.text


def test_new_items_arrive_live_without_losing_the_moderators_place(
    admin_page: Page,
    live_server: LiveServer,
    thread_key: str,
    reader_factory: Callable[[], Reader],
    shots: Path,
) -> None:
    first = reader_factory().post(thread_key, "The budget figures do not add up.", name="Rex")
    second = reader_factory().post(thread_key, "Who pays for the new bridge?", name="Sal")
    hold(live_server, first["id"], discourtesy=0.9)
    hold(live_server, second["id"], spam=0.6)
    page = admin_page
    sign_in(page, live_server, _moderator(live_server))
    page.goto(f"{live_server.url}/admin?thread={quote(thread_key, safe='')}")
    expect(page.locator("body")).to_have_attribute("data-live", "on")
    items = page.locator("li.item")
    expect(items).to_have_count(2)
    page.keyboard.press("j")  # the moderator moves to the second item
    expect(items.nth(1)).to_have_class("item is-current")

    # A reader posts anyway after a nudge: the comment is held and enters the pending queue.
    held = reader_factory().client.post(
        "/comments",
        json={
            "site": "demo",
            "thread": thread_key,
            "body": "Only an idiot would believe this.",
            "confirm": True,
        },
    )
    assert held.status_code == 201, held.text
    notice = page.locator("#new-items")
    expect(notice).to_be_visible(timeout=SOONER_THAN_POLLING_MS)
    expect(notice).to_contain_text("1 new comment in this queue.")
    expect(page.locator('[data-count="all"]')).to_have_text("3")
    # The list did not move: same items, same current one.
    expect(items).to_have_count(2)
    expect(items.nth(1)).to_have_class("item is-current")
    page.screenshot(path=str(shots / "admin-live-new-items.png"))

    # Another moderator approves the first item: it is marked where it stands.
    _decide(live_server, _moderator(live_server), first["id"], "approve")
    chip = page.locator(f"#c-{first['id']} .chip").first
    expect(chip).to_have_text("published by another moderator", timeout=SOONER_THAN_POLLING_MS)
    expect(page.locator(f"#c-{first['id']}")).to_have_class("item is-decided")
    page.screenshot(path=str(shots / "admin-live-decided.png"))

    notice.get_by_role("link", name="Show them").click()
    expect(items).to_have_count(2)  # the approved one left the queue, the held one arrived
    expect(page.locator(f"#c-{held.json()['id']}")).to_be_visible()
