"""Browser tests: the real `kibitz serve` in a subprocess, driven through Debian's chromium.

One server and one browser per session; every test gets a fresh browser context (so a fresh guest
reader cookie) and usually its own thread key, so tests do not see each other's comments.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.browser.browser_support import (
    CROSS_SITE,
    LiveServer,
    NewsSite,
    OpenHost,
    Reader,
    host_page_html,
    wait_loaded,
)
from tests.moderation_support import save_small_moderator

CHROMIUM = os.environ.get("KIBITZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _kibitz() -> str:
    # The console script next to this interpreter: the one installed into the project's venv.
    script = Path(sys.executable).with_name("kibitz")
    return str(script) if script.exists() else shutil.which("kibitz") or "kibitz"


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"kibitz serve exited with {proc.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"kibitz serve did not become healthy in 60 s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def news_site() -> Iterator[NewsSite]:
    site = NewsSite()
    yield site
    site.close()


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, news_site: NewsSite
) -> Iterator[LiveServer]:
    workdir = tmp_path_factory.mktemp("server")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "KIBITZ_DATABASE_URL": f"sqlite:///{workdir / 'kibitz.db'}",
        "KIBITZ_SECRET_KEY": uuid.uuid4().hex,
        # The small model of tests/moderation_support.py: decisions that retraining cannot move.
        "KIBITZ_MODERATION_ARTIFACTS": str(save_small_moderator(workdir / "model")),
        # Readers in these tests post more than a new reader may in ten minutes.
        "KIBITZ_NEW_READER_RATE_LIMIT": "off",
        "KIBITZ_RATE_LIMITS": "false",
        "KIBITZ_DUPLICATE_WINDOW_SECONDS": "0",
    }
    log = workdir / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [_kibitz(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=workdir,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_healthy(url, proc, log)
        # After the first start, which seeds the demo site only into a database without sites.
        subprocess.run(
            [_kibitz(), "sites", "create", CROSS_SITE, "--origin", news_site.origin],
            env=env,
            cwd=workdir,
            check=True,
            capture_output=True,
        )
        page = httpx.get(f"{url}/", timeout=5).text
        match = re.search(r'<script src="([^"]+)"[^>]*data-site=', page)
        assert match, "the demo page has no widget script tag"
        yield LiveServer(
            url=url,
            port=port,
            embed_src=match.group(1),
            log=log,
            env=env,
            workdir=workdir,
            kibitz=_kibitz(),
        )
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: `make chromium` installs Debian's chromium")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture()
def context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    context = browser.new_context(
        viewport={"width": 1100, "height": 900}, locale="en-US", color_scheme="light"
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture()
def page(context: BrowserContext) -> Page:
    page = context.new_page()
    # Any alert/confirm/prompt means a script ran that should not have: fail the test loudly.
    page.on("dialog", lambda dialog: pytest.fail(f"unexpected JS dialog: {dialog.message}"))
    return page


@pytest.fixture()
def thread_key() -> str:
    # Thread keys are opaque: include a slash, a query and non-ASCII like a real article path.
    return f"world/2023/12/strikes-{uuid.uuid4().hex[:10]}?ref=home&é"


@pytest.fixture()
def open_host(page: Page, live_server: LiveServer) -> OpenHost:
    """Serve a custom news page (on the server's own origin unless told) and wait for the widget."""

    def open_(
        thread: str,
        *,
        path: str = "/article",
        origin: str | None = None,
        wait: bool = True,
        **kwargs: Any,
    ) -> Page:
        url = f"{origin or live_server.url}{path}"
        html = host_page_html(live_server, thread=thread, **kwargs)
        page.route(url, lambda route: route.fulfill(content_type="text/html", body=html))
        page.goto(url)
        if wait:
            wait_loaded(page)
        return page

    return open_


@pytest.fixture()
def reader_factory(live_server: LiveServer) -> Iterator[Callable[[], Reader]]:
    readers: list[Reader] = []

    def make() -> Reader:
        reader = Reader(live_server)
        readers.append(reader)
        return reader

    yield make
    for reader in readers:
        reader.close()


@pytest.fixture()
def shots(tmp_path: Path) -> Path:
    """Where a test saves its screenshots (kept by pytest for the last few runs)."""
    path = tmp_path / "screenshots"
    path.mkdir()
    return path
