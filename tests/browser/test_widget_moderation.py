"""Moderation in the widget: the nudge with its marked words, "awaiting review", the author's
appeal, reports hiding a comment in place, the illegal-content notice and muting a reader.

The live server runs the small test model (tests/moderation_support.py): "idiot" is nudged,
"casino" with a link is rejected as spam, everything else is published.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.browser_support import LiveServer, OpenHost, Reader, host_page_html, wait_loaded

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def card_of(page: Page, text: str) -> Locator:
    return (
        page.locator("kibitz-thread li.comment")
        .filter(has=page.locator(":scope > .card .body", has_text=text))
        .locator(":scope > .card")
    )


def test_a_nudge_marks_the_words_then_post_anyway_awaits_review(
    open_host: OpenHost, thread_key: str, shots: Path
) -> None:
    page = open_host(thread_key)
    widget = page.locator("kibitz-thread")
    widget.get_by_role("textbox", name="Write a comment").fill("Only an idiot would believe this.")
    widget.get_by_role("button", name="Post comment").click()

    nudge = widget.locator(".notice[role=alert]")
    expect(nudge).to_be_visible()
    expect(nudge.locator("strong").first).to_have_text("Before you post")
    expect(nudge.locator(".nudge-rules li")).to_have_text(
        ["Discourteous behavior — insults, name-calling, contempt"]
    )
    marked = nudge.locator(".nudge-text mark")
    expect(marked).to_have_text(["idiot"])
    expect(marked).to_have_attribute("data-rules", "discourtesy")
    expect(nudge.locator(".nudge-text")).to_have_text("Only an idiot would believe this.")
    expect(widget.locator("li.comment")).to_have_count(0)  # nothing was posted
    page.screenshot(path=shots / "nudge.png")

    nudge.get_by_role("button", name="Post anyway").click()
    card = card_of(page, "Only an idiot")
    expect(card.locator(".badge.pending")).to_have_text("Awaiting review")
    expect(card.locator(".moderation-note")).to_have_text(
        "Only you can see this comment until a moderator approves it."
    )
    expect(nudge).to_be_hidden()
    page.screenshot(path=shots / "awaiting-review.png")


def test_a_rejected_comment_names_its_rule_and_is_appealed_once(
    open_host: OpenHost, thread_key: str, shots: Path
) -> None:
    page = open_host(thread_key)
    widget = page.locator("kibitz-thread")
    widget.get_by_role("textbox", name="Write a comment").fill(
        "Play casino at www.casino-win.xyz tonight"
    )
    widget.get_by_role("button", name="Post comment").click()
    card = card_of(page, "Play casino")
    expect(card.locator(".badge.rejected")).to_have_text("Not published")
    note = card.locator(".moderation-note")
    expect(note.locator("p")).to_have_text("Not published: it breaks the rule on Spam.")
    note.get_by_role("button", name="Appeal").click()
    dialog = page.get_by_role("dialog", name="Appeal")
    dialog.get_by_label("Why should it be published? (optional)").fill("It is a review.")
    dialog.get_by_role("button", name="Send appeal").click()
    expect(dialog).to_be_hidden()
    expect(card.locator(".badge.pending")).to_have_text("Awaiting review")
    expect(card.locator(".moderation-note")).to_contain_text("Appealed")
    expect(card.get_by_role("button", name="Appeal")).to_have_count(0)
    page.screenshot(path=shots / "appealed.png")


def _report_spam(browser: Browser, live_server: LiveServer, thread: str, text: str) -> None:
    """One reader (a browser context of its own, so its own cookie) reports through the ∨ menu."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="en-US")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        url = f"{live_server.url}/article"
        html = host_page_html(live_server, thread=thread)
        page.route(url, lambda route: route.fulfill(content_type="text/html", body=html))
        page.goto(url)
        wait_loaded(page)
        card = card_of(page, text)
        card.get_by_role("button", name="More actions for this comment").click()
        card.get_by_role("menuitem", name="Report…").click()
        dialog = page.get_by_role("dialog", name="Report this comment")
        dialog.get_by_role("radio", name="Spam").check()
        dialog.get_by_role("button", name="Send report").click()
        expect(dialog.get_by_role("status")).to_have_text(
            "Thank you. A moderator will look at this comment."
        )
    finally:
        context.close()


def test_three_readers_report_spam_and_it_is_hidden_in_place(
    browser: Browser,
    live_server: LiveServer,
    open_host: OpenHost,
    thread_key: str,
    reader_factory: Callable[[], Reader],
    shots: Path,
) -> None:
    spam = "Great deals on watches today, have a look around the shop."
    reader_factory().post(thread_key, spam, name="Deals")
    reader_factory().post(thread_key, "The ceasefire talks resume on Monday.", name="Ana")
    for _ in range(3):
        _report_spam(browser, live_server, thread_key, "Great deals")
    page = open_host(thread_key)
    widget = page.locator("kibitz-thread")
    placeholder = widget.locator("li.comment .hidden-text")
    expect(placeholder).to_have_text("This comment is hidden pending review.")
    expect(widget.locator(".body", has_text="Great deals")).to_have_count(0)
    expect(widget.locator(".author")).to_have_text(["Ana"])
    page.screenshot(path=shots / "hidden-after-reports.png")


def test_an_illegal_content_notice_needs_a_note(
    open_host: OpenHost, thread_key: str, reader_factory: Callable[[], Reader]
) -> None:
    reader_factory().post(thread_key, "The defendant's name is public record now.")
    page = open_host(thread_key)
    card = card_of(page, "defendant")
    card.get_by_role("button", name="More actions for this comment").click()
    card.get_by_role("menuitem", name="Report…").click()
    dialog = page.get_by_role("dialog", name="Report this comment")
    dialog.get_by_role("radio", name="Illegal content").check()
    note = dialog.get_by_label("Why is it illegal? (required)")
    dialog.get_by_role("button", name="Send report").click()
    expect(dialog.get_by_role("alert")).to_have_text("Explain why this content is illegal.")
    expect(note).to_be_focused()
    note.fill("It names a minor in a sealed court case.")
    dialog.get_by_role("button", name="Send report").click()
    expect(dialog.get_by_role("status")).to_have_text(
        "Thank you. A moderator will look at this comment."
    )


def test_muting_a_reader_collapses_their_comments(
    open_host: OpenHost, thread_key: str, reader_factory: Callable[[], Reader], shots: Path
) -> None:
    loud = reader_factory()
    loud.post(thread_key, "First loud opinion about the budget.", name="Loud")
    loud.post(thread_key, "Second loud opinion about the budget.", name="Loud")
    page = open_host(thread_key)
    card = page.locator("kibitz-thread li.comment > .card").first
    expect(card.locator(".body")).to_contain_text("First loud")
    card.get_by_role("button", name="More actions for this comment").click()
    card.get_by_role("menuitem", name="Mute this reader").click()
    expect(card.locator(".muted-text")).to_contain_text("You muted this reader.")
    page.reload()
    wait_loaded(page)
    widget = page.locator("kibitz-thread")
    expect(widget.locator(".muted-text")).to_have_count(2)  # both of their comments, after reload
    page.screenshot(path=shots / "muted.png")
    widget.locator(".muted-text").first.get_by_role("button", name="Show comment").click()
    expect(widget.locator(".body", has_text="First loud opinion")).to_have_count(1)
