"""How the widget looks: Arabic right-to-left, dark and light themes, 320 px screens, hostile host
CSS, and the README screenshot (regenerated with KIBITZ_UPDATE_SCREENSHOTS=1)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.browser_support import LiveServer, OpenHost, Reader, wait_loaded

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

README_SHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "widget.png"


def frame_style(page: Page, prop: str) -> str:
    value: str = page.evaluate(
        """(prop) => getComputedStyle(
             document.querySelector('kibitz-thread').shadowRoot.querySelector('.kz'))[prop]""",
        prop,
    )
    return value


def seed_conversation(thread: str, readers: Callable[[], Reader]) -> None:
    dana, omar, reyes, lee = readers(), readers(), readers(), readers()
    first = dana.post(
        thread,
        "Glad the three service members are expected to recover. The real question is whether "
        "these strikes *deter* the next drone attack or just invite another one.",
        name="Dana Whitfield",
    )["id"]
    omar_id = omar.post(
        thread,
        "As someone with family in Baghdad: people there worry most about being caught in the "
        "middle. I hope the targets really were away from neighbourhoods.",
        name="Omar Haddad",
    )["id"]
    reply = dana.post(
        thread,
        "@Omar that is a fair point. The Pentagon mentions avoiding civilian areas, but "
        "**independent** reporting would help.",
        name="Dana Whitfield",
        parent_id=omar_id,
    )["id"]
    omar.post(
        thread, "Agreed. Local outlets are usually first.", name="Omar Haddad", parent_id=reply
    )
    reyes.post(
        thread,
        "The article says the sites were weapons depots and a command post. Does anyone know if "
        "Baghdad was told beforehand?\n\n> Iraq hosts roughly 2,500 American troops",
        name="M. Reyes",
    )
    for voter in (omar, reyes, lee):
        voter.vote(first, 1)
    lee.vote(omar_id, 1)
    reyes.vote(omar_id, 1)


def test_readme_screenshot_desktop_light(
    open_host: OpenHost, thread_key: str, reader_factory: Callable[[], Reader], shots: Path
) -> None:
    seed_conversation(thread_key, reader_factory)
    page = open_host(thread_key, title="Join the conversation")
    page.set_viewport_size({"width": 820, "height": 1200})
    page.locator("kibitz-thread").get_by_label("Name").fill("Sam Carter")
    page.locator("kibitz-thread").get_by_role("textbox", name="Write a comment").fill(
        "Proportionate is the key word here. **Three** sites, one night, and a clear message."
    )
    # No focus ring in the picture.
    page.evaluate("document.querySelector('kibitz-thread').shadowRoot.activeElement?.blur()")
    expect(page.locator("kibitz-thread .list > li.comment")).to_have_count(3)
    path = shots / "widget.png"
    page.locator("kibitz-thread").screenshot(path=path, animations="disabled")
    assert path.stat().st_size < 300_000
    if os.environ.get("KIBITZ_UPDATE_SCREENSHOTS") == "1":
        README_SHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, README_SHOT)


def test_arabic_right_to_left(
    open_host: OpenHost, thread_key: str, reader_factory: Callable[[], Reader], shots: Path
) -> None:
    author = reader_factory()
    for text in ("تعليق أول", "تعليق ثانٍ", "تعليق ثالث"):
        author.post(thread_key, text, name="ليلى")
    # The host page's <html lang> picks the catalogue; no data-lang needed.
    page = open_host(thread_key, html_lang="ar-EG", title="مقال تجريبي")
    frame = page.locator("kibitz-thread .kz")
    expect(frame).to_have_attribute("dir", "rtl")
    expect(frame).to_have_attribute("lang", "ar")
    # Arabic plural rules: 3 takes the "few" form.
    expect(page.locator("kibitz-thread .count")).to_contain_text("تعليقات")
    sort = page.locator("kibitz-thread").get_by_role("group", name="ترتيب التعليقات")
    expect(sort.get_by_role("button")).to_have_text(["الأقدم", "الأحدث", "الأفضل"])
    card = page.locator("kibitz-thread .list > li.comment > .card").first
    expect(card.locator("time")).to_have_text("الآن")
    # Right to left: the avatar is on the right, the ∨ button on the left.
    avatar, body = card.locator(".avatar").bounding_box(), card.locator(".body").bounding_box()
    button = card.get_by_role("button", name="إجراءات أخرى لهذا التعليق").bounding_box()
    assert avatar and body and button
    assert avatar["x"] > body["x"]
    assert button["x"] < body["x"] + 40
    card.get_by_role("button", name="إجراءات أخرى لهذا التعليق").click()
    expect(card.get_by_role("menuitem")).to_have_text(["إبلاغ…", "نسخ الرابط", "كتم هذا القارئ"])
    page.screenshot(path=shots / "arabic.png")
    card.get_by_role("menuitem", name="إبلاغ…").click()
    dialog = page.get_by_role("dialog", name="الإبلاغ عن هذا التعليق")
    expect(dialog.get_by_role("radio", name="رسائل مزعجة")).to_be_focused()
    page.screenshot(path=shots / "arabic-report.png")


def test_data_lang_overrides_the_page_and_eleven_is_many(
    open_host: OpenHost, thread_key: str, reader_factory: Callable[[], Reader]
) -> None:
    author = reader_factory()
    for n in range(11):
        author.post(thread_key, f"comment {n}")
    page = open_host(thread_key, extra_attrs='data-lang="ar"')
    expect(page.locator("kibitz-thread .kz")).to_have_attribute("dir", "rtl")
    expected = page.evaluate("new Intl.NumberFormat('ar').format(11) + ' تعليقًا'")
    expect(page.locator("kibitz-thread .count")).to_have_text(expected)


def test_themes(
    open_host: OpenHost, thread_key: str, reader_factory: Callable[[], Reader], shots: Path
) -> None:
    seed_conversation(thread_key, reader_factory)
    page = open_host(thread_key, extra_attrs='data-theme="dark"')
    assert frame_style(page, "backgroundColor") == "rgb(21, 25, 30)"
    assert frame_style(page, "colorScheme") == "dark"
    page.screenshot(path=shots / "dark-forced.png")

    # No data-theme: follow the reader's prefers-color-scheme, live.
    page = open_host(thread_key, path="/auto")
    assert frame_style(page, "color") == "rgb(29, 35, 41)"
    page.emulate_media(color_scheme="dark")
    expect(page.locator("kibitz-thread .kz")).to_have_class("kz dark")
    assert frame_style(page, "color") == "rgb(228, 232, 236)"
    page.screenshot(path=shots / "dark-auto.png")

    # data-theme="light" wins over a dark preference.
    page = open_host(thread_key, path="/light", extra_attrs='data-theme="light"')
    expect(page.locator("kibitz-thread .kz")).to_have_class("kz")
    assert frame_style(page, "color") == "rgb(29, 35, 41)"


def no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"page is {width}px wide at a 320px viewport"


def test_320px_wide_without_horizontal_scroll(
    page: Page,
    live_server: LiveServer,
    open_host: OpenHost,
    thread_key: str,
    reader_factory: Callable[[], Reader],
    shots: Path,
) -> None:
    page.set_viewport_size({"width": 320, "height": 720})
    # Five levels deep and an unbreakable word: neither may push the page sideways.
    author = reader_factory()
    parent = None
    for depth in range(5):
        parent = author.post(
            thread_key, f"Level {depth} " + "unbreakable" * 6, name="Nested", parent_id=parent
        )["id"]
    open_host(thread_key, head="<style>body { padding: 12px; }</style>")
    deepest = page.locator("kibitz-thread li.comment").last
    expect(deepest.locator(".body")).to_contain_text("Level 4")
    no_horizontal_scroll(page)
    box = deepest.locator(".body").bounding_box()
    assert box and box["width"] > 150, "deep replies keep a readable width on narrow screens"
    deepest.get_by_role("button", name="Reply").click()
    no_horizontal_scroll(page)
    page.screenshot(path=shots / "narrow-thread.png", full_page=True)
    deepest.get_by_role("button", name="More actions for this comment").click()
    deepest.get_by_role("menuitem", name="Report…").click()
    dialog = page.get_by_role("dialog", name="Report this comment")
    dialog_box = dialog.bounding_box()
    assert dialog_box and dialog_box["x"] >= 0 and dialog_box["x"] + dialog_box["width"] <= 320
    page.screenshot(path=shots / "narrow-report.png")

    page.goto(live_server.url + "/")
    wait_loaded(page)
    no_horizontal_scroll(page)
    page.screenshot(path=shots / "narrow-demo.png", full_page=True)


def test_host_page_css_cannot_break_the_widget(
    open_host: OpenHost, thread_key: str, reader_factory: Callable[[], Reader]
) -> None:
    reader_factory().post(thread_key, "Styled by the widget, not the host.")
    hostile = """<style>
      * { font-size: 40px !important; color: red !important; letter-spacing: 6px !important;
          text-transform: uppercase !important; line-height: 3 !important; }
      button, textarea, input, ol, li, p { display: none !important; }
      .body, .count, .kz { background: red !important; font-family: monospace !important; }
    </style>"""
    page = open_host(thread_key, head=hostile)
    body = page.locator("kibitz-thread .list .body p").first
    expect(body).to_be_visible()
    expect(page.locator("kibitz-thread").get_by_role("button", name="Post comment")).to_be_visible()
    style = page.evaluate(
        """() => { const p = document.querySelector('kibitz-thread').shadowRoot
                     .querySelector('.list .body p'); const s = getComputedStyle(p);
                   return [s.fontSize, s.color, s.letterSpacing, s.textTransform]; }"""
    )
    assert style == ["15px", "rgb(29, 35, 41)", "normal", "none"]
