"""The conversation in the widget: post, reply, edit, delete, vote, sort, load more, errors."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, Route, expect

from tests.browser.browser_support import LiveServer, OpenHost, Reader, wait_loaded

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def widget(page: Page) -> Locator:
    return page.locator("kibitz-thread")


def post(page: Page, body: str, *, name: str = "") -> None:
    w = widget(page)
    if name:
        w.get_by_label("Name").fill(name)
    w.get_by_role("textbox", name="Write a comment").fill(body)
    w.get_by_role("button", name="Post comment").click()


def comment(page: Page, text: str) -> Locator:
    """The <li> of the comment whose own body (not a reply's) contains `text`."""
    return (
        widget(page)
        .locator("li.comment")
        .filter(has=page.locator(":scope > .card .body", has_text=text))
    )


def test_post_reply_and_see_it_nested(open_host: OpenHost, thread_key: str, shots: Path) -> None:
    page = open_host(thread_key)
    expect(widget(page).locator(".count")).to_have_text("No comments yet")
    expect(widget(page).locator(".state")).to_have_text("Be the first to comment.")
    post(page, "Who claimed the Erbil attack?", name="Lina")
    parent = comment(page, "Who claimed the Erbil attack?")
    expect(parent).to_have_count(1)
    expect(widget(page).locator(".count")).to_have_text("1 comment")

    parent.locator(":scope > .card").get_by_role("button", name="Reply").click()
    reply_box = parent.get_by_role("textbox", name="Reply to Lina")
    expect(reply_box).to_be_focused()
    reply_box.fill("Kataib Hezbollah did, according to the *statement*.")
    parent.get_by_role("button", name="Post reply").click()

    nested = parent.locator(":scope > .replies > li.comment")
    expect(nested).to_have_count(1)
    expect(nested.locator(".body em")).to_have_text("statement")
    expect(widget(page).locator(".count")).to_have_text("2 comments")
    # Indented under the parent.
    parent_box = parent.locator(":scope > .card .avatar").bounding_box()
    reply_box_px = nested.locator(".avatar").bounding_box()
    assert parent_box and reply_box_px and reply_box_px["x"] > parent_box["x"] + 20
    page.screenshot(path=shots / "reply.png")

    # The server stored the nesting.
    page.reload()
    wait_loaded(page)
    expect(comment(page, "Who claimed").locator(":scope > .replies .body")).to_contain_text(
        "Kataib Hezbollah"
    )


def test_edit_then_delete_own_comment(open_host: OpenHost, thread_key: str) -> None:
    page = open_host(thread_key)
    post(page, "Three service members were wounded.", name="Sam")
    mine = comment(page, "Three service members")
    expect(mine.locator(".you")).to_have_text("you")

    mine.get_by_role("button", name="Edit").click()
    editor = mine.get_by_role("textbox", name="Edit your comment")
    expect(editor).to_have_value("Three service members were wounded.")
    editor.fill("Three service members were wounded, one **critically**.")
    expect(mine.locator(".preview strong")).to_have_text("critically")
    mine.get_by_role("button", name="Save").click()
    expect(mine.locator(".body strong")).to_have_text("critically")
    expect(mine.locator(".meta")).to_contain_text("edited")

    page.reload()
    wait_loaded(page)
    mine = comment(page, "one critically")
    expect(mine).to_have_count(1)
    mine.get_by_role("button", name="Delete").click()
    # A second, explicit confirmation; "Keep" backs out.
    mine.get_by_role("button", name="Keep").click()
    expect(mine).to_have_count(1)
    mine.get_by_role("button", name="Delete").click()
    mine.locator(".confirm").get_by_role("button", name="Delete").click()
    expect(mine).to_have_count(0)
    expect(widget(page).locator(".count")).to_have_text("No comments yet")
    page.reload()
    wait_loaded(page)
    expect(widget(page).locator("li.comment")).to_have_count(0)


def test_others_comments_offer_no_edit_or_delete(
    open_host: OpenHost, thread_key: str, reader_factory: Callable[[], Reader]
) -> None:
    reader_factory().post(thread_key, "Not yours to edit.", name="Other reader")
    page = open_host(thread_key)
    theirs = comment(page, "Not yours to edit.")
    expect(theirs.get_by_role("button", name="Reply")).to_be_visible()
    expect(theirs.get_by_role("button", name="Edit")).to_have_count(0)
    expect(theirs.get_by_role("button", name="Delete")).to_have_count(0)


def test_deleting_a_comment_with_replies_leaves_a_placeholder(
    open_host: OpenHost, thread_key: str, reader_factory: Callable[[], Reader]
) -> None:
    page = open_host(thread_key)
    post(page, "I may regret this comment.", name="Ari")
    mine = comment(page, "I may regret")
    expect(mine).to_have_count(1)
    comment_id = int(mine.get_attribute("data-id") or 0)
    reader_factory().post(thread_key, "A reply that stays.", parent_id=comment_id)
    page.reload()
    wait_loaded(page)
    mine = widget(page).locator(f'li.comment[data-id="{comment_id}"]')
    mine.locator(":scope > .card").get_by_role("button", name="Delete").click()
    mine.locator(".confirm").get_by_role("button", name="Delete").click()
    expect(mine.locator(":scope > .card .deleted-text")).to_have_text("This comment was deleted.")
    expect(mine.locator(":scope > .replies .body")).to_have_text("A reply that stays.")
    expect(widget(page).locator(".count")).to_have_text("1 comment")


def test_vote_and_withdraw(
    open_host: OpenHost, thread_key: str, reader_factory: Callable[[], Reader]
) -> None:
    reader_factory().post(thread_key, "Vote on me.")
    page = open_host(thread_key)
    target = comment(page, "Vote on me.")
    up = target.locator("button.vote.up")
    down = target.locator("button.vote.down")
    expect(up).to_have_attribute("aria-pressed", "false")
    up.click()
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(up).to_have_accessible_name("Upvote (1 vote)")
    # Switching to a downvote moves the reader's one vote.
    down.click()
    expect(down).to_have_attribute("aria-pressed", "true")
    expect(up).to_have_text("▲0")
    expect(down).to_have_text("▼1")
    page.reload()
    wait_loaded(page)
    down = comment(page, "Vote on me.").locator("button.vote.down")
    expect(down).to_have_attribute("aria-pressed", "true")
    # Pressing the highlighted vote again withdraws it (value 0).
    down.click()
    expect(down).to_have_attribute("aria-pressed", "false")
    expect(down).to_have_text("▼0")


def test_sort_orders(
    open_host: OpenHost, thread_key: str, reader_factory: Callable[[], Reader]
) -> None:
    author = reader_factory()
    first = author.post(thread_key, "First take.")["id"]
    second = author.post(thread_key, "Second take.")["id"]
    author.post(thread_key, "Third take.")
    for _ in range(2):
        reader_factory().vote(second, 1)
    reader_factory().vote(first, -1)

    page = open_host(thread_key)
    bodies = widget(page).locator(".list > li.comment > .card .body")
    sort = widget(page).get_by_role("group", name="Sort comments")
    expect(sort.get_by_role("button", name="Oldest")).to_have_attribute("aria-pressed", "true")
    expect(bodies).to_have_text(["First take.", "Second take.", "Third take."])
    sort.get_by_role("button", name="Newest").click()
    expect(bodies).to_have_text(["Third take.", "Second take.", "First take."])
    expect(sort.get_by_role("button", name="Newest")).to_have_attribute("aria-pressed", "true")
    sort.get_by_role("button", name="Best").click()
    expect(bodies.first).to_have_text("Second take.")
    expect(bodies.last).to_have_text("First take.")


def test_load_more_pages_with_the_cursor(
    open_host: OpenHost, thread_key: str, reader_factory: Callable[[], Reader]
) -> None:
    author = reader_factory()
    for n in range(1, 26):
        author.post(thread_key, f"Comment number {n}.")
    page = open_host(thread_key)
    tops = widget(page).locator(".list > li.comment")
    expect(tops).to_have_count(20)
    expect(widget(page).locator(".count")).to_have_text("25 comments")
    more = widget(page).get_by_role("button", name="Load more comments")
    more.click()
    expect(tops).to_have_count(25)
    expect(tops.last.locator(".body")).to_have_text("Comment number 25.")
    expect(more).to_be_hidden()
    # No comment is shown twice across the two pages.
    ids = [tops.nth(i).get_attribute("data-id") for i in range(25)]
    assert len(set(ids)) == 25


def test_server_errors_show_next_to_their_field(open_host: OpenHost, thread_key: str) -> None:
    page = open_host(thread_key)
    w = widget(page)
    box = w.get_by_role("textbox", name="Write a comment")
    # Empty: caught before sending.
    w.get_by_role("button", name="Post comment").click()
    expect(w.locator(".composer-slot .error").first).to_have_text("Write something first.")
    expect(box).to_have_attribute("aria-invalid", "true")
    # Too long: the counter warns and the server's refusal lands under the textarea.
    box.fill("x" * 10_005)
    expect(w.locator(".counter")).to_have_text("5 characters too many")
    w.get_by_role("button", name="Post comment").click()
    error = w.locator(".composer-slot .error").first
    expect(error).not_to_be_empty()
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_be_focused()
    expect(w.locator("li.comment")).to_have_count(0)
    # Typing clears the error.
    box.fill("Short again.")
    expect(box).not_to_have_attribute("aria-invalid", "true")


def test_relative_times_and_full_date(
    open_host: OpenHost, thread_key: str, reader_factory: Callable[[], Reader]
) -> None:
    reader_factory().post(thread_key, "Timestamped.")
    page = open_host(thread_key)
    time = comment(page, "Timestamped.").locator("time")
    expect(time).to_have_text("just now")
    assert time.get_attribute("datetime")
    # The full date is in the title, in the widget's language.
    assert str(datetime.now().year) in (time.get_attribute("title") or "")
    # Ten minutes later on the reader's clock, the same comment is "10 minutes ago".
    page.clock.set_fixed_time(datetime.now() + timedelta(minutes=10, seconds=5))
    page.reload()
    wait_loaded(page)
    expect(comment(page, "Timestamped.").locator("time")).to_have_text("10 minutes ago")


def test_keyboard_only_posting(open_host: OpenHost, thread_key: str) -> None:
    page = open_host(thread_key)
    box = page.locator("kibitz-thread").get_by_role("textbox", name="Write a comment")
    box.focus()
    page.keyboard.type("Posted without a mouse.")
    # Ctrl+Enter posts from the textarea.
    page.keyboard.press("Control+Enter")
    expect(widget(page).locator(".list .body")).to_have_text(["Posted without a mouse."])
    # Tab order inside the comment: votes, Reply, Edit, Delete, then the ∨ menu.
    card = widget(page).locator(".list > li.comment > .card")
    card.locator("button.vote.up").focus()
    names = []
    for _ in range(6):
        names.append(
            page.evaluate(
                "document.querySelector('kibitz-thread').shadowRoot.activeElement.textContent"
            )
        )
        page.keyboard.press("Tab")
    assert names == ["▲0", "▼0", "Reply", "Edit", "Delete", "∨"]


def test_closed_thread_shows_a_notice_and_no_composer(
    open_host: OpenHost,
    thread_key: str,
    reader_factory: Callable[[], Reader],
    live_server: LiveServer,
) -> None:
    reader_factory().post(thread_key, "Said before the thread closed.")
    live_server.cli("threads", "close", "demo", thread_key)
    page = open_host(thread_key)
    w = widget(page)
    expect(w.locator(".notice.closed")).to_have_text("Comments are closed for this article.")
    expect(w.get_by_role("button", name="Post comment")).to_be_hidden()
    card = comment(page, "Said before")
    expect(card.get_by_role("button", name="Reply")).to_have_count(0)
    # Reporting still works on a closed thread.
    expect(card.get_by_role("button", name="More actions for this comment")).to_be_visible()


def test_own_held_and_rejected_comments_are_marked(
    page: Page, open_host: OpenHost, thread_key: str
) -> None:
    """Moderation may hold or reject a reader's comment; the author still sees it, marked.

    The server of this issue publishes everything, so the test rewrites the statuses in the
    server's real list response (the contract in comments/schemas.py allows both).
    """
    open_host(thread_key)
    post(page, "Held for review.")
    post(page, "Rejected by the rules.")
    expect(widget(page).locator("li.comment")).to_have_count(2)

    def rewrite(route: Route) -> None:
        response = route.fetch()
        data = response.json()
        for item, status in zip(data["comments"], ("pending", "rejected"), strict=True):
            item["status"] = status
        route.fulfill(response=response, json=data)

    # Only the list: the live event stream must reach the server untouched (a pending fetch of a
    # never-ending stream outlives the test and fails the next one's setup).
    page.route(re.compile(r".*/api/v1/threads/.*/comments(\?.*)?$"), rewrite)
    page.reload()
    wait_loaded(page)
    held, rejected = comment(page, "Held for review."), comment(page, "Rejected by the rules.")
    expect(held.locator(".badge")).to_have_text("Awaiting review")
    expect(rejected.locator(".badge")).to_have_text("Not published")
    # Not public yet: no votes and no replies on them.
    expect(held.locator("button.vote.up")).to_be_disabled()
    expect(held.get_by_role("button", name="Reply")).to_have_count(0)
