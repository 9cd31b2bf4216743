"""The ∨ menu at the bottom right of every comment: Report… and Copy link, by mouse and keyboard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.browser_support import LiveServer, OpenHost, Reader

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

REASON_LABELS = [
    "Spam",
    "Discourteous behavior",
    "Violence",
    "Racism",
    "Profanity",
    "Vulgarity",
    "Doxing",
    "Illegal content",
    "Other",
]


def comment(page: Page, text: str) -> Locator:
    return (
        page.locator("kibitz-thread li.comment")
        .filter(has=page.locator(":scope > .card .body", has_text=text))
        .locator(":scope > .card")
    )


def menu_button(card: Locator) -> Locator:
    return card.get_by_role("button", name="More actions for this comment")


def test_menu_button_sits_at_the_bottom_right(
    open_host: OpenHost, thread_key: str, reader_factory: Callable[[], Reader]
) -> None:
    reader_factory().post(thread_key, "Buy cheap watches at example.com!!!")
    page = open_host(thread_key)
    card = comment(page, "Buy cheap watches")
    button = menu_button(card)
    expect(button).to_have_text("∨")
    expect(button).to_have_attribute("aria-haspopup", "menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    box, card_box = button.bounding_box(), card.bounding_box()
    assert box and card_box
    assert box["x"] + box["width"] > card_box["x"] + card_box["width"] - 20  # right edge
    assert box["y"] + box["height"] > card_box["y"] + card_box["height"] - 20  # bottom edge


def test_report_spam_from_the_menu(
    open_host: OpenHost,
    thread_key: str,
    reader_factory: Callable[[], Reader],
    shots: Path,
) -> None:
    reader_factory().post(thread_key, "Buy cheap watches at example.com!!!", name="Watches4U")
    page = open_host(thread_key)
    card = comment(page, "Buy cheap watches")
    menu_button(card).click()
    menu = card.get_by_role("menu")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("menuitem")).to_have_text(["Report…", "Copy link", "Mute this reader"])
    page.screenshot(path=shots / "menu-open.png")
    menu.get_by_role("menuitem", name="Report…").click()

    dialog = page.get_by_role("dialog", name="Report this comment")
    expect(dialog).to_be_visible()
    radios = dialog.get_by_role("radio")
    expect(radios).to_have_count(9)
    labels = dialog.locator(".choice > span")
    expect(labels).to_have_text(REASON_LABELS)
    # Sending without a reason asks for one.
    dialog.get_by_role("button", name="Send report").click()
    expect(dialog.get_by_role("alert")).to_have_text("Choose a reason.")
    dialog.get_by_role("radio", name="Spam").check()
    dialog.get_by_label("Note for the moderators (optional)").fill("Same ad in three threads.")
    page.screenshot(path=shots / "report-dialog.png")
    dialog.get_by_role("button", name="Send report").click()
    expect(dialog.get_by_role("status")).to_have_text(
        "Thank you. A moderator will look at this comment."
    )
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    expect(menu_button(card)).to_be_focused()

    # The server recorded the report: one per reader per comment, so a second is refused (409).
    menu_button(card).click()
    card.get_by_role("menuitem", name="Report…").click()
    dialog.get_by_role("radio", name="Other").check()
    dialog.get_by_role("button", name="Send report").click()
    expect(dialog.get_by_role("status")).to_have_text("You have already reported this comment.")


def test_report_dialog_cancel_and_escape(
    open_host: OpenHost, thread_key: str, reader_factory: Callable[[], Reader]
) -> None:
    reader_factory().post(thread_key, "A perfectly fine comment.")
    page = open_host(thread_key)
    card = comment(page, "A perfectly fine")
    dialog = page.get_by_role("dialog", name="Report this comment")
    menu_button(card).click()
    card.get_by_role("menuitem", name="Report…").click()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    menu_button(card).click()
    card.get_by_role("menuitem", name="Report…").click()
    expect(dialog.get_by_role("radio", name="Spam")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(menu_button(card)).to_be_focused()


def test_menu_keyboard_navigation(
    open_host: OpenHost, thread_key: str, reader_factory: Callable[[], Reader]
) -> None:
    reader_factory().post(thread_key, "Keyboard readers report spam too.")
    page = open_host(thread_key)
    card = comment(page, "Keyboard readers")
    button = menu_button(card)
    report = card.get_by_role("menuitem", name="Report…")
    copy = card.get_by_role("menuitem", name="Copy link")
    mute = card.get_by_role("menuitem", name="Mute this reader")

    # Reach the ∨ button with Tab from the comment's last action.
    card.get_by_role("button", name="Reply").focus()
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(report).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(copy).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(mute).to_be_focused()
    page.keyboard.press("ArrowDown")  # wraps around
    expect(report).to_be_focused()
    page.keyboard.press("End")
    expect(mute).to_be_focused()
    page.keyboard.press("Home")
    expect(report).to_be_focused()
    page.keyboard.press("Escape")
    expect(card.get_by_role("menu")).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    # ArrowUp on the button opens the menu on its last item.
    page.keyboard.press("ArrowUp")
    expect(mute).to_be_focused()
    # A press outside closes it.
    page.mouse.click(5, 5)
    expect(card.get_by_role("menu")).to_be_hidden()
    # Enter on "Report…" opens the dialog with the first reason focused.
    button.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Report this comment")
    expect(dialog.get_by_role("radio", name="Spam")).to_be_focused()
    page.keyboard.press("ArrowDown")  # radios move with arrows
    expect(dialog.get_by_role("radio", name="Discourteous behavior")).to_be_checked()


def test_copy_link_puts_the_comment_url_on_the_clipboard(
    open_host: OpenHost,
    thread_key: str,
    reader_factory: Callable[[], Reader],
    live_server: LiveServer,
) -> None:
    author = reader_factory()
    article = f"{live_server.url}/article"
    for n in range(8):
        author.post(thread_key, f"Filler comment {n} to push the target down.", thread_url=article)
    comment_id = author.post(thread_key, "Link to me.")["id"]
    page = open_host(thread_key)
    card = comment(page, "Link to me.")
    menu_button(card).click()
    card.get_by_role("menuitem", name="Copy link").click()
    expect(page.locator("kibitz-thread .sr")).to_have_text("Link copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server.url}/c/{comment_id}"

    # The copied link is the comment's permalink page, which leads back into the conversation:
    # the article scrolls to the comment inside the shadow root and highlights it.
    page.set_viewport_size({"width": 900, "height": 400})
    page.goto("about:blank")
    page.goto(copied)
    expect(page.get_by_text("Link to me.")).to_be_visible()
    page.get_by_role("link", name="View the conversation").click()
    page.wait_for_url(f"**#kibitz-comment-{comment_id}")
    target = page.locator(f"kibitz-thread #kibitz-comment-{comment_id}")
    expect(target).to_have_class("card highlight")
    expect(target).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 300
