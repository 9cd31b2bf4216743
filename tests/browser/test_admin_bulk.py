"""More of the dashboard in a browser: readers' reports in the reported queue with their notes,
bulk approval, edit-and-approve through its dialog, and the 15-second poll for new arrivals."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.admin_support import create_moderator, hold, sign_in, status_of
from tests.browser.browser_support import LiveServer, Reader

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture()
def moderator_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: pytest.fail(f"unexpected JS dialog: {dialog.message}"))
    email = f"mod-{uuid.uuid4().hex[:8]}@news.example.com"
    create_moderator(live_server, email)
    sign_in(page, live_server, email)
    yield page
    context.close()


def _url(server: LiveServer, thread: str, queue: str = "pending") -> str:
    return f"{server.url}/admin?queue={queue}&thread={quote(thread, safe='')}"


def test_reported_comment_shows_reasons_and_notes(
    moderator_page: Page,
    live_server: LiveServer,
    thread_key: str,
    reader_factory: Callable[[], Reader],
    shots: Path,
) -> None:
    posted = reader_factory().post(
        thread_key, "The second half of this article is confusing", name="Vic"
    )
    for note in ("an advert", None):
        reporter = reader_factory()
        payload = {"reason": "spam", **({"note": note} if note else {})}
        response = reporter.client.post(f"/comments/{posted['id']}/reports", json=payload)
        assert response.status_code == 201, response.text
    page = moderator_page
    page.goto(_url(live_server, thread_key, "reported"))
    item = page.locator(f"#c-{posted['id']}")
    expect(item.locator(".reasons")).to_contain_text("spam × 2")
    item.get_by_role("button", name="Notes and history").click()
    expect(item.locator(".context")).to_contain_text("spam: an advert")
    page.screenshot(path=str(shots / "admin-reported.png"), full_page=True)
    page.keyboard.press("b")
    dialog = page.locator("#ban-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("spinbutton", name="Days of suspension").fill("3")
    dialog.get_by_role("button", name="Apply").click()
    expect(item).to_have_count(0)
    assert status_of(live_server, posted["id"]) == "rejected"


def test_bulk_approve_and_edit(
    moderator_page: Page,
    live_server: LiveServer,
    thread_key: str,
    reader_factory: Callable[[], Reader],
) -> None:
    ids = [
        reader_factory().post(thread_key, f"Comment number {n}", name=f"R{n}")["id"]
        for n in range(3)
    ]
    for comment_id in ids:
        hold(live_server, comment_id, discourtesy=0.6)
    page = moderator_page
    page.goto(_url(live_server, thread_key))
    expect(page.locator("li.item")).to_have_count(3)

    page.locator(f"#c-{ids[2]}").get_by_role("button", name="Edit & approve").click()
    editor = page.locator("#edit-dialog")
    expect(editor.get_by_label("Text (Markdown)")).to_have_value("Comment number 2")
    editor.get_by_label("Text (Markdown)").fill("Comment number 2, *tidied*")
    editor.get_by_role("button", name="Save and approve").click()
    expect(page.locator(f"#c-{ids[2]}")).to_have_count(0)
    assert status_of(live_server, ids[2]) == "published"

    page.get_by_label("Select all").check()
    expect(page.locator("#selected-count")).to_have_text("2 selected")
    page.get_by_role("button", name="Approve selected").click()
    expect(page.locator("li.item")).to_have_count(0)
    assert [status_of(live_server, i) for i in ids[:2]] == ["published", "published"]


def test_polling_announces_new_arrivals(
    moderator_page: Page,
    live_server: LiveServer,
    thread_key: str,
    reader_factory: Callable[[], Reader],
) -> None:
    first = reader_factory().post(thread_key, "The first held comment", name="A")
    hold(live_server, first["id"], spam=0.8)
    page = moderator_page
    page.clock.install()
    page.goto(_url(live_server, thread_key))
    expect(page.locator("li.item")).to_have_count(1)
    later = reader_factory().post(thread_key, "Another one arrives", name="B")
    hold(live_server, later["id"], spam=0.8)
    notice = page.locator("#new-items")
    expect(notice).to_be_hidden()
    page.clock.run_for(16_000)
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("1 new comment in this queue.")
    notice.get_by_role("link", name="Show them").click()
    expect(page.locator("li.item")).to_have_count(2)
