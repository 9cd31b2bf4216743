"""The dashboard in a real browser: a moderator signs in, finds held comments, rejects one with
`r`, approves another with `a`, reads the audit log; axe-core finds no serious violations; the
pages work at 1280 px and on a 375 px phone. Screenshots go to the test's `shots` folder."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.admin_support import axe_violations, create_moderator, hold, sign_in, status_of
from tests.browser.browser_support import LiveServer, Reader

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture()
def admin_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    # bypass_csp only so axe-core can be injected; the pages themselves send a strict CSP.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-US", bypass_csp=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: pytest.fail(f"unexpected JS dialog: {dialog.message}"))
    yield page
    context.close()


@pytest.fixture()
def moderator(live_server: LiveServer) -> str:
    email = f"mod-{uuid.uuid4().hex[:8]}@news.example.com"
    create_moderator(live_server, email)
    return email


def _held_pair(
    thread: str, reader_factory: Callable[[], Reader], server: LiveServer
) -> tuple[int, int]:
    rude = reader_factory().post(thread, "I think the minister is quite wrong here.", name="Rex")
    spam = reader_factory().post(thread, "Interesting piece, thanks for writing it.", name="Sal")
    hold(server, rude["id"], discourtesy=0.93)
    hold(server, spam["id"], spam=0.71)
    return rude["id"], spam["id"]


def test_moderator_rejects_and_approves_with_shortcuts(
    admin_page: Page,
    live_server: LiveServer,
    moderator: str,
    thread_key: str,
    reader_factory: Callable[[], Reader],
    shots: Path,
) -> None:
    rude, spam = _held_pair(thread_key, reader_factory, live_server)
    page = admin_page
    sign_in(page, live_server, moderator)
    page.goto(f"{live_server.url}/admin?thread={quote(thread_key, safe='')}")
    items = page.locator("li.item")
    expect(items).to_have_count(2)
    # Most severe first, and it is the current item.
    expect(items.nth(0)).to_have_attribute("data-id", str(rude))
    expect(items.nth(0)).to_have_class("item is-current")
    expect(items.nth(0).locator(".scores li.flagged")).to_contain_text("discourtesy")
    page.screenshot(path=str(shots / "admin-queue-1280.png"), full_page=True)

    page.keyboard.press("?")
    expect(page.locator("#help")).to_be_visible()
    page.screenshot(path=str(shots / "admin-help.png"))
    page.keyboard.press("Escape")
    expect(page.locator("#help")).to_be_hidden()

    page.keyboard.press("r")
    dialog = page.locator("#reject-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator('input[value="discourtesy"]')).to_be_checked()
    page.screenshot(path=str(shots / "admin-reject-dialog.png"))
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.locator(f"#c-{rude}")).to_have_count(0)
    expect(page.locator("#status")).to_have_text(f"Comment {rude}: rejected.")

    expect(items).to_have_count(1)
    expect(items.nth(0)).to_have_class("item is-current")
    page.keyboard.press("a")
    expect(page.locator(f"#c-{spam}")).to_have_count(0)
    assert status_of(live_server, rude) == "rejected"
    assert status_of(live_server, spam) == "published"

    page.get_by_role("link", name="Audit log").click()
    rows = page.locator("table.audit tbody tr")
    expect(rows.first).to_contain_text("approve")
    expect(page.locator("table.audit")).to_contain_text("rule: discourtesy")
    expect(page.locator("table.audit")).to_contain_text(moderator)
    page.screenshot(path=str(shots / "admin-audit.png"), full_page=True)


def test_dashboard_is_accessible_and_fits_a_phone(
    admin_page: Page,
    live_server: LiveServer,
    moderator: str,
    thread_key: str,
    reader_factory: Callable[[], Reader],
    shots: Path,
) -> None:
    _held_pair(thread_key, reader_factory, live_server)
    page = admin_page
    page.goto(f"{live_server.url}/admin/login")
    assert axe_violations(page) == []
    sign_in(page, live_server, moderator)
    queue_url = f"{live_server.url}/admin?thread={quote(thread_key, safe='')}"
    page.goto(queue_url)
    expect(page.locator("li.item")).to_have_count(2)
    assert axe_violations(page) == []
    page.keyboard.press("r")
    expect(page.locator("#reject-dialog")).to_be_visible()
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    page.goto(f"{live_server.url}/admin/audit")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/admin/insights")
    expect(page.locator("svg.chart").first).to_be_visible()
    page.screenshot(path=str(shots / "admin-insights.png"), full_page=True)
    assert axe_violations(page) == []

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(queue_url)
    expect(page.locator("li.item")).to_have_count(2)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 375 px"
    approve = page.locator("li.item").first.locator('[data-action="approve"]')
    box = approve.bounding_box()
    assert box is not None and box["height"] >= 32
    page.screenshot(path=str(shots / "admin-queue-375.png"), full_page=True)
    assert axe_violations(page) == []
