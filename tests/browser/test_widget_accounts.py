"""Readers' accounts in the widget: sign up, confirm the address, sign out, sign in, post as the
account; the news site's own login through `data-sso` and `window.Kibitz.sso`; the Arabic UI.

The verification link is the one the server mails: built here with the server's own secret by
the same function the mail is built with, because this session's server has no SMTP configured
(tests/api/test_reader_accounts.py checks the real mail through aiosmtpd).
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import jwt
import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from kibitz.accounts import readers
from kibitz.accounts.models import User
from kibitz.db import make_engine, make_session_factory, transaction
from tests.browser.browser_support import LiveServer, OpenHost

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "a reader's long password"
SSO_SECRET = "the news site's shared secret, 32+ characters long"


@pytest.fixture(scope="module")
def site(live_server: LiveServer) -> str:
    """A site that lets guests, Kibitz accounts and its own login comment."""
    key = f"acc{uuid.uuid4().hex[:8]}"
    live_server.cli("sites", "create", key, "--origin", live_server.url)
    live_server.cli("sites", "commenters", key, "guests,accounts,sso")
    live_server.cli("sites", "sso", key, "--secret", SSO_SECRET)
    return key


def verification_link(server: LiveServer, email: str) -> str:
    engine = make_engine(server.env["KIBITZ_DATABASE_URL"])
    try:
        with transaction(make_session_factory(engine)) as session:
            user = session.scalars(select(User).where(User.email == email)).one()
            token = readers.verification_token(user, secret=server.env["KIBITZ_SECRET_KEY"])
    finally:
        engine.dispose()
    return f"{server.url}/auth/verify?token={token}"


def sso_token(site: str, **claims: object) -> str:
    body = {
        "id": f"news-{uuid.uuid4().hex[:6]}",
        "name": "Omar from the newsroom",
        "email": "omar@news.example",
        "aud": site,
        "exp": int(time.time()) + 300,
        "jti": uuid.uuid4().hex,
    } | claims
    return jwt.encode(body, SSO_SECRET, algorithm="HS256")


def signed_in_as(w: Locator, name: str) -> None:
    expect(w.locator(".account .signed-in")).to_have_text(f"Signed in as {name}")
    expect(w.get_by_role("button", name="Sign out")).to_be_visible()
    # Posting under the account: the guest's name and e-mail fields are gone.
    expect(w.locator(".composer-slot input[name=author_name]")).to_have_count(0)


def test_sign_up_verify_sign_in_post_sign_out(
    open_host: OpenHost, live_server: LiveServer, site: str, thread_key: str, shots: Path
) -> None:
    page = open_host(thread_key, site=site)
    w = page.locator("kibitz-thread")
    expect(w.locator(".account .hint").first).to_have_text(
        "Comment as a guest, or with an account."
    )
    sign_up = w.locator(".account > .row").get_by_role("button", name="Create account")
    expect(sign_up).to_have_attribute("aria-expanded", "false")
    sign_up.click()
    expect(sign_up).to_have_attribute("aria-expanded", "true")
    form = w.get_by_role("form", name="Create a comments account")
    expect(form).to_be_visible()
    expect(form.get_by_label("Display name")).to_be_focused()
    # Escape closes the form and gives focus back to the button that opened it.
    page.keyboard.press("Escape")
    expect(form).to_have_count(0)
    expect(sign_up).to_be_focused()
    page.keyboard.press("Enter")
    expect(form.get_by_label("Display name")).to_be_focused()

    email = f"nadia-{uuid.uuid4().hex[:8]}@example.org"
    form.get_by_label("Display name").fill("Nadia Account")
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password").fill("short")
    page.screenshot(path=shots / "widget-sign-up-light.png")
    form.get_by_role("button", name="Create account").click()
    password = form.get_by_label("Password")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(form.locator("#kz-auth-signup-password-error")).to_contain_text("10 characters")
    password.fill(PASSWORD)
    form.get_by_role("button", name="Create account").click()
    signed_in_as(w, "Nadia Account")
    expect(w.locator(".account .hint")).to_have_text("Check your email to confirm your address.")
    expect(w.locator(".sr[role=status]")).to_contain_text("Your account was created.")
    expect(w.get_by_role("textbox", name="Write a comment")).to_be_focused()

    # The mailed link confirms the address; the widget then no longer asks for it.
    link_page = page.context.new_page()
    link_page.goto(verification_link(live_server, email))
    expect(link_page.locator("body")).to_contain_text("confirmed")
    link_page.close()
    page.reload()
    signed_in_as(w, "Nadia Account")
    expect(w.locator(".account .hint")).to_have_count(0)

    w.get_by_role("button", name="Sign out").click()
    sign_in = w.locator(".account > .row").get_by_role("button", name="Sign in")
    expect(sign_in).to_be_focused()
    expect(w.locator(".sr[role=status]")).to_have_text("You are signed out.")
    expect(w.get_by_label("Name")).to_be_visible()

    sign_in.click()
    form = w.get_by_role("form", name="Sign in to comment")
    expect(form.get_by_label("Email")).to_be_focused()
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password").fill("not the password at all")
    form.get_by_role("button", name="Sign in").click()
    expect(form.locator(".error:not(:empty)")).to_have_count(1)
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_role("button", name="Sign in").click()
    signed_in_as(w, "Nadia Account")
    page.screenshot(path=shots / "widget-signed-in-light.png")

    w.get_by_role("textbox", name="Write a comment").fill("Posted with my account.")
    w.get_by_role("button", name="Post comment").click()
    card = w.locator(".list > li.comment > .card")
    expect(card.locator(".author")).to_have_text("Nadia Account")
    expect(card.get_by_role("button", name="Edit")).to_be_visible()

    # Signed out, the comment is no longer this browser's to edit.
    w.get_by_role("button", name="Sign out").click()
    expect(w.get_by_role("button", name="Sign in")).to_be_visible()
    expect(card.locator(".author")).to_have_text("Nadia Account")
    expect(card.get_by_role("button", name="Edit")).to_have_count(0)


def test_sign_in_ui_in_arabic(open_host: OpenHost, site: str, thread_key: str, shots: Path) -> None:
    page = open_host(thread_key, site=site, html_lang="ar")
    w = page.locator("kibitz-thread")
    expect(w.locator(".account .hint").first).to_have_text("علّق كزائر، أو بحساب.")
    w.locator(".account > .row").get_by_role("button", name="إنشاء حساب").click()
    form = w.get_by_role("form", name="أنشئ حسابًا للتعليق")
    expect(form.get_by_label("الاسم المعروض")).to_be_focused()
    expect(form.get_by_label("كلمة المرور")).to_be_visible()
    expect(form.get_by_role("button", name="إلغاء")).to_be_visible()
    page.screenshot(path=shots / "widget-sign-up-arabic.png")
    w.locator(".account > .row").get_by_role("button", name="تسجيل الدخول").click()
    expect(w.get_by_role("form", name="سجّل الدخول للتعليق")).to_be_visible()
    expect(form).to_have_count(0)


def test_sso_from_data_attribute_and_js_call(
    open_host: OpenHost, page: Page, site: str, thread_key: str
) -> None:
    page = open_host(thread_key, site=site, extra_attrs=f'data-sso="{sso_token(site)}"')
    w = page.locator("kibitz-thread")
    signed_in_as(w, "Omar from the newsroom")
    w.get_by_role("textbox", name="Write a comment").fill("Signed in by the news site.")
    w.get_by_role("button", name="Post comment").click()
    expect(w.locator(".list .author")).to_have_text(["Omar from the newsroom"])

    w.get_by_role("button", name="Sign out").click()
    expect(w.get_by_role("button", name="Sign in")).to_be_visible()
    # The page's own login hands a fresh token over after the widget has loaded.
    page.evaluate("token => window.Kibitz.sso(token)", sso_token(site, name="Omar again"))
    signed_in_as(w, "Omar again")


def test_refused_sso_token_is_explained(open_host: OpenHost, site: str, thread_key: str) -> None:
    expired = sso_token(site, exp=int(time.time()) - 3600)
    page = open_host(thread_key, site=site, extra_attrs=f'data-sso="{expired}"')
    w = page.locator("kibitz-thread")
    expect(w.locator(".account [role=alert]")).to_contain_text("expired")
    expect(w.get_by_role("button", name="Sign in")).to_be_visible()
