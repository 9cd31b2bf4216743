"""A reader's own data and account in the widget: "Forgot password?" (no account enumeration),
changing the display name, downloading one's data and deleting the account or a guest's data
with the choice for the comments; keyboard and ARIA as in the rest of the account bar."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.browser_support import LiveServer, OpenHost

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "a reader's long password"


@pytest.fixture(scope="module")
def site(live_server: LiveServer) -> str:
    key = f"dat{uuid.uuid4().hex[:8]}"
    live_server.cli("sites", "create", key, "--origin", live_server.url)
    live_server.cli("sites", "commenters", key, "guests,accounts")
    return key


def status(w: Locator) -> Locator:
    return w.locator(".sr[role=status]")


def download_json(page: Page, button: Locator) -> dict[str, object]:
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "kibitz-my-data.json"
    data: dict[str, object] = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    return data


def sign_up(w: Locator, name: str) -> str:
    email = f"r-{uuid.uuid4().hex[:8]}@example.org"
    w.locator(".account > .row").get_by_role("button", name="Create account").click()
    form = w.get_by_role("form", name="Create a comments account")
    form.get_by_label("Display name").fill(name)
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_role("button", name="Create account").click()
    expect(w.locator(".account .signed-in")).to_have_text(f"Signed in as {name}")
    return email


def test_forgot_password_never_tells_who_has_an_account(
    open_host: OpenHost, site: str, thread_key: str, shots: Path
) -> None:
    page = open_host(thread_key, site=site)
    w = page.locator("kibitz-thread")
    sign_in = w.locator(".account > .row").get_by_role("button", name="Sign in")
    sign_in.click()
    form = w.get_by_role("form", name="Sign in to comment")
    form.get_by_label("Email").fill("nobody-here@example.org")
    form.get_by_role("button", name="Forgot password?").click()
    reset = w.get_by_role("form", name="Reset your password")
    email = reset.get_by_label("Email")
    expect(email).to_be_focused()
    expect(email).to_have_value("nobody-here@example.org")
    page.keyboard.press("Enter")
    sent = reset.get_by_role("status")
    expect(sent).to_have_text(
        "If an account exists for that address, we sent it a link to reset the password."
    )
    page.screenshot(path=shots / "widget-forgot-password.png")
    # Escape closes it like the other account forms, giving focus back to "Sign in".
    page.keyboard.press("Escape")
    expect(reset).to_have_count(0)
    expect(sign_in).to_be_focused()
    expect(sign_in).to_have_attribute("aria-expanded", "false")


def test_rename_download_and_delete_the_account(
    open_host: OpenHost, site: str, thread_key: str, shots: Path
) -> None:
    page = open_host(thread_key, site=site)
    w = page.locator("kibitz-thread")
    email = sign_up(w, "Rana Account")
    # Signed in, the guests' data tools under the thread give way to the account's own.
    expect(w.locator(".data-tools")).to_be_hidden()
    w.get_by_role("textbox", name="Write a comment").fill("Written before the rename.")
    w.get_by_role("button", name="Post comment").click()
    expect(w.locator(".list .author")).to_have_text(["Rana Account"])

    tools = w.get_by_role("group", name="Your data")
    rename = tools.get_by_role("button", name="Change display name")
    expect(rename).to_have_attribute("aria-expanded", "false")
    rename.click()
    expect(rename).to_have_attribute("aria-expanded", "true")
    form = w.get_by_role("form", name="Change display name")
    name = form.get_by_label("Display name")
    expect(name).to_be_focused()
    expect(name).to_have_value("Rana Account")
    page.keyboard.press("Escape")
    expect(form).to_have_count(0)
    expect(rename).to_be_focused()
    page.keyboard.press("Enter")
    name.fill("   ")
    form.get_by_role("button", name="Save name").click()
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(form.locator("#kz-rename-error")).to_contain_text("cannot be empty")
    name.fill("Rana  R.")
    page.screenshot(path=shots / "widget-rename.png")
    form.get_by_role("button", name="Save name").click()
    expect(w.locator(".account .signed-in")).to_have_text("Signed in as Rana R.")
    expect(status(w)).to_have_text("Your display name was changed.")

    data = download_json(page, tools.get_by_role("button", name="Download my data"))
    account = data["account"]
    assert isinstance(account, dict)
    assert (account["email"], account["display_name"]) == (email, "Rana R.")
    comments = data["comments"]
    assert isinstance(comments, list)
    assert [c["body"] for c in comments] == ["Written before the rename."]
    expect(status(w)).to_have_text("Your data was downloaded.")

    delete = tools.get_by_role("button", name="Delete my account")
    delete.click()
    dialog = w.get_by_role("dialog", name="Delete your account?")
    expect(dialog.get_by_role("radio", name="Remove my comments")).to_be_focused()
    dialog.get_by_role("button", name="Delete for good").click()
    expect(dialog.get_by_role("alert")).to_have_text("Choose what happens to your comments.")
    page.screenshot(path=shots / "widget-delete-account.png")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(delete).to_be_focused()

    delete.click()
    dialog.get_by_role("radio", name="Remove my comments").check()
    dialog.get_by_role("button", name="Delete for good").click()
    expect(dialog).to_be_hidden()
    expect(status(w)).to_have_text("Your account was deleted.")
    expect(w.locator(".account > .row").get_by_role("button", name="Sign in")).to_be_focused()
    expect(w.locator(".list .author")).to_have_count(0)
    expect(w.locator(".data-tools")).to_be_visible()


def test_a_guest_downloads_and_deletes_their_data(
    open_host: OpenHost, site: str, thread_key: str, shots: Path
) -> None:
    page = open_host(thread_key, site=site)
    w = page.locator("kibitz-thread")
    w.get_by_label("Name").fill("Guest Ghada")
    w.get_by_role("textbox", name="Write a comment").fill("A guest's view of the strikes.")
    w.get_by_role("button", name="Post comment").click()
    expect(w.locator(".list .author")).to_have_text(["Guest Ghada"])

    tools = w.locator(".data-tools")
    expect(tools).to_have_attribute("aria-label", "Your data")
    data = download_json(page, tools.get_by_role("button", name="Download my data"))
    assert data["account"] is None
    comments = data["comments"]
    assert isinstance(comments, list)
    assert [(c["author_name"], c["body"]) for c in comments] == [
        ("Guest Ghada", "A guest's view of the strikes.")
    ]
    assert "hash" not in json.dumps(data) and "email" not in json.dumps(data)

    delete = tools.get_by_role("button", name="Delete my data")
    delete.click()
    dialog = w.get_by_role("dialog", name="Delete your data?")
    page.keyboard.press("ArrowDown")  # radios: arrow keys move the choice
    expect(dialog.get_by_role("radio", name="Keep my comments without my name")).to_be_checked()
    page.screenshot(path=shots / "widget-delete-guest-data.png")
    dialog.get_by_role("button", name="Delete for good").click()
    expect(dialog).to_be_hidden()
    expect(status(w)).to_have_text("Your data was deleted.")
    expect(delete).to_be_focused()
    card = w.locator(".list > li.comment > .card")
    expect(card.locator(".body")).to_contain_text("A guest's view of the strikes.")
    expect(card.locator(".author")).not_to_have_text("Guest Ghada")
    expect(card.get_by_role("button", name="Edit")).to_have_count(0)
    page.screenshot(path=shots / "widget-guest-data-deleted.png")


def test_reader_data_ui_in_arabic(
    open_host: OpenHost, site: str, thread_key: str, shots: Path
) -> None:
    page = open_host(thread_key, site=site, html_lang="ar")
    w = page.locator("kibitz-thread")
    tools = w.get_by_role("group", name="بياناتك")
    expect(tools.get_by_role("button", name="نزّل بياناتي")).to_be_visible()
    tools.get_by_role("button", name="احذف بياناتي").click()
    dialog = w.get_by_role("dialog", name="أتحذف بياناتك؟")
    expect(dialog.get_by_role("radio", name="أبقِ تعليقاتي بلا اسمي")).to_be_visible()
    page.screenshot(path=shots / "widget-delete-guest-data-arabic.png")
    dialog.get_by_role("button", name="إلغاء").click()
    w.locator(".account > .row").get_by_role("button", name="تسجيل الدخول").click()
    w.get_by_role("button", name="نسيت كلمة المرور؟").click()
    reset = w.get_by_role("form", name="إعادة تعيين كلمة المرور")
    expect(reset.get_by_label("البريد الإلكتروني")).to_be_focused()
    page.screenshot(path=shots / "widget-forgot-password-arabic.png")
