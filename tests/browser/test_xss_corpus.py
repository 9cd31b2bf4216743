"""Every payload of tests/fixtures/xss_payloads.py, posted as a body and as a name, stays inert
in the widget and in the moderators' dashboard, and is shown as text.

The browser contexts bypass the pages' Content-Security-Policy on purpose: the proof is that the
markup never becomes live, not that the CSP would have stopped it afterwards. A payload that ran
would set `window.__kzPwned`, open an alert, or fetch the marker host; all three are watched.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Browser, Dialog, Page, Request, Route, expect
from sqlalchemy import update

from kibitz.comments.models import Comment
from kibitz.db import make_engine, make_session_factory, transaction
from tests.browser.admin_support import create_moderator, sign_in
from tests.browser.browser_support import LiveServer, host_page_html, wait_loaded
from tests.fixtures.xss_payloads import GLOBAL, MARKER_HOST, PAYLOADS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHUNK = 20  # one widget page (PAGE_SIZE) and less than one dashboard page
MAX_NAME = 80  # settings.max_name_chars
# Elements and attributes that would make markup live; none may survive into a rendered body.
LIVE_ELEMENTS = (
    "script, iframe, object, embed, svg, math, form, button, input, style, link, meta, base, "
    "video, audio, source, details, marquee, x"
)
FIND_LIVE_ATTRIBUTES = """els => els.flatMap(el => Array.from(el.attributes)
  .filter(a => /^on/i.test(a.name) || a.name === 'style' || a.name === 'srcdoc'
    || (/^(href|src|action|formaction|xlink:href|data)$/i.test(a.name)
        && /^\\s*(javascript|vbscript|data):/i.test(a.value)))
  .map(a => `${el.tagName} ${a.name}=${a.value.slice(0, 80)}`))"""


@dataclass
class Watch:
    """What a page did that it should not have: dialogs opened, marker requests made."""

    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        def on_dialog(dialog: Dialog) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        def on_request(request: Request) -> None:
            if MARKER_HOST in request.url:
                self.requests.append(request.url)

        page.on("dialog", on_dialog)
        page.on("request", on_request)

    def assert_quiet(self, page: Page) -> None:
        # Give a broken <img> or a media element time to fire its error handler, had one existed.
        page.wait_for_timeout(500)
        assert self.dialogs == []
        assert self.requests == []
        assert page.evaluate(f"typeof window.{GLOBAL}") == "undefined"


@dataclass(frozen=True)
class Posted:
    thread: str
    ids: list[int]


@pytest.fixture()
def hostile_page(browser: Browser) -> Iterator[tuple[Page, Watch]]:
    context = browser.new_context(
        viewport={"width": 1100, "height": 900}, locale="en-US", bypass_csp=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    # The watch itself works: a script that does run is seen, then the slate is wiped.
    page.evaluate(
        f"() => {{ alert(1); return fetch('http://{MARKER_HOST}/control').catch(() => 0) }}"
    )
    assert watch.dialogs == ["1"]
    assert watch.requests == [f"http://{MARKER_HOST}/control"]
    watch.dialogs.clear()
    watch.requests.clear()
    yield page, watch
    context.close()


def _name_for(i: int) -> str:
    # Each comment carries another payload as its name, cut to the longest name accepted.
    return PAYLOADS[(i + 1) % len(PAYLOADS)][:MAX_NAME]


def _post_all(server: LiveServer) -> list[Posted]:
    posted: list[Posted] = []
    with httpx.Client(base_url=server.api(""), headers={"Origin": server.url}, timeout=20) as api:
        for start in range(0, len(PAYLOADS), CHUNK):
            thread = f"xss/{uuid.uuid4().hex[:10]}"
            ids: list[int] = []
            for i in range(start, min(start + CHUNK, len(PAYLOADS))):
                payload: dict[str, Any] = {
                    "site": "demo",
                    "thread": thread,
                    "body": PAYLOADS[i],
                    "author_name": _name_for(i),
                    "confirm": True,
                }
                response = api.post("/comments", json=payload)
                assert response.status_code == 201, (i, response.text)
                ids.append(response.json()["id"])
            posted.append(Posted(thread, ids))
    return posted


def _set_status(server: LiveServer, ids: list[int], status: str) -> dict[int, str]:
    """Publish (for the widget) or hold (for the dashboard) whatever moderation decided, and
    return the names as stored."""
    record = {
        "decision": "hold",
        "scores": {"spam": 0.8},
        "flagged": {"spam": 0.8},
        "max_score": 0.8,
        "spans": [],
        "reasons": ["spam scored 0.80"],
    }
    engine = make_engine(server.env["KIBITZ_DATABASE_URL"])
    try:
        with transaction(make_session_factory(engine)) as session:
            session.execute(
                update(Comment)
                .where(Comment.id.in_(ids))
                .values(status=status, moderation_scores=record if status == "pending" else None)
            )
            rows = session.query(Comment.id, Comment.author_name).filter(Comment.id.in_(ids))
            return {row.id: row.author_name for row in rows}
    finally:
        engine.dispose()


def _fulfill(route: Route, request: Request, *, html: str) -> None:
    route.fulfill(content_type="text/html", body=html)


def _assert_inert(page: Page, scope: str) -> None:
    assert page.locator(f"{scope} :is({LIVE_ELEMENTS})").count() == 0
    found = page.locator(f"{scope} *").evaluate_all(FIND_LIVE_ATTRIBUTES)
    assert found == []


def _assert_names_as_text(texts: list[str], names: list[str]) -> None:
    shown = sorted(" ".join(text.split()) for text in texts)
    assert shown == sorted(" ".join(name.split()) for name in names)
    # Markup in a name was shown, not parsed: its angle brackets are on the screen.
    assert any("<" in text for text in shown)


@pytest.fixture(scope="module")
def corpus(live_server: LiveServer) -> list[Posted]:
    assert len(PAYLOADS) >= 60
    return _post_all(live_server)


def test_payloads_stay_inert_in_the_widget(
    hostile_page: tuple[Page, Watch], live_server: LiveServer, corpus: list[Posted]
) -> None:
    page, watch = hostile_page
    for chunk in corpus:
        names = _set_status(live_server, chunk.ids, "published")
        url = f"{live_server.url}/article-{chunk.thread.split('/')[1]}"
        html = host_page_html(live_server, thread=chunk.thread)
        page.route(url, partial(_fulfill, html=html))
        page.goto(url)
        wait_loaded(page)
        w = page.locator("kibitz-thread")
        cards = w.locator(".list > li.comment > .card")
        expect(cards).to_have_count(len(chunk.ids))
        # Hover and focus everything once: handlers that need a gesture get their chance.
        for i in range(cards.count()):
            cards.nth(i).locator(".body").hover()
        watch.assert_quiet(page)
        _assert_inert(page, "kibitz-thread .list .body")
        _assert_names_as_text(w.locator(".list .author").all_text_contents(), list(names.values()))
        # Template syntax is shown as typed, never evaluated (no 49 in place of {{ 7 * 7 }}).
        bodies = " ".join(w.locator(".list .body").all_text_contents())
        for i in _indexes(corpus, chunk):
            if PAYLOADS[i].startswith("{{"):
                assert PAYLOADS[i][: PAYLOADS[i].index("}}") + 2] in bodies
    assert page.evaluate("document.querySelectorAll('img, svg, script:not([src])').length") == 0


def test_payloads_stay_inert_in_the_dashboard(
    hostile_page: tuple[Page, Watch], live_server: LiveServer, corpus: list[Posted]
) -> None:
    page, watch = hostile_page
    email = f"xss-mod-{uuid.uuid4().hex[:8]}@news.example.com"
    create_moderator(live_server, email)
    sign_in(page, live_server, email)
    for chunk in corpus:
        names = _set_status(live_server, chunk.ids, "pending")
        page.goto(f"{live_server.url}/admin?thread={quote(chunk.thread, safe='')}")
        items = page.locator("li.item")
        expect(items).to_have_count(len(chunk.ids))
        for i in range(items.count()):
            items.nth(i).locator(".body").hover()
        watch.assert_quiet(page)
        _assert_inert(page, "li.item .body")
        _assert_names_as_text(
            page.locator("li.item h2.author").all_text_contents(), list(names.values())
        )
        # The raw source is kept for editing as the textarea's text, never as markup.
        sources = page.locator("li.item textarea.source").evaluate_all(
            "els => els.map(el => el.value)"
        )
        assert sorted(sources) == sorted(
            PAYLOADS[i].replace("\r\n", "\n").strip() for i in _indexes(corpus, chunk)
        )


def _indexes(corpus: list[Posted], chunk: Posted) -> range:
    start = sum(len(c.ids) for c in corpus[: corpus.index(chunk)])
    return range(start, start + len(chunk.ids))
