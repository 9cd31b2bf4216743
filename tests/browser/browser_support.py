"""Helpers for the browser tests: the live server's address, host pages, API-side readers."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

LOADING_EN = "Loading comments…"
# A second site, whose pages a separate little web server (another origin) serves.
CROSS_SITE = "crossnews"
# open_host(thread, *, path=, origin=, wait=, html_lang=, extra_attrs=, head=, title=) -> Page
OpenHost = Callable[..., Page]


@dataclass(frozen=True)
class LiveServer:
    url: str  # http://127.0.0.1:PORT
    port: int
    embed_src: str
    log: Path
    env: dict[str, str]  # the server's environment: the same database for CLI commands
    workdir: Path
    kibitz: str  # the console script

    def api(self, path: str) -> str:
        return f"{self.url}/api/v1{path}"

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [self.kibitz, *args], env=self.env, cwd=self.workdir, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout


def host_page_html(
    server: LiveServer,
    *,
    site: str = "demo",
    thread: str,
    html_lang: str = "en",
    extra_attrs: str = "",
    head: str = "",
    title: str = "Test article",
    embed_src: str | None = None,
) -> str:
    return f"""<!doctype html>
<html lang="{html_lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>body {{ margin: 0; padding: 24px; background: #fff; }}</style>{head}</head>
<body><h1>{escape(title)}</h1>
<script src="{escape(embed_src or server.embed_src)}" data-site="{escape(site)}"
  data-thread="{escape(thread)}" {extra_attrs} async></script>
</body></html>"""


def wait_loaded(page: Page) -> None:
    count = page.locator("kibitz-thread .count")
    expect(count).to_be_visible()
    expect(count).not_to_have_text(LOADING_EN)
    expect(page.locator("kibitz-thread .state")).not_to_contain_text(LOADING_EN)


class Reader:
    """A guest reader talking to the API directly (its own cookie jar), to seed conversations."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        # The server's own origin is allowed for the demo site, as the widget on the demo page is.
        self.client = httpx.Client(
            base_url=server.api(""), headers={"Origin": server.url}, timeout=10
        )

    def post(
        self,
        thread: str,
        body: str,
        *,
        name: str | None = None,
        parent_id: int | None = None,
        site: str = "demo",
        thread_url: str | None = None,
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {"site": site, "thread": thread, "body": body}
        if thread_url is not None:
            payload["thread_url"] = thread_url
        if name is not None:
            payload["author_name"] = name
        if parent_id is not None:
            payload["parent_id"] = parent_id
        response = self.client.post("/comments", json=payload)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    def vote(self, comment_id: int, value: int) -> None:
        response = self.client.post(f"/comments/{comment_id}/votes", json={"value": value})
        assert response.status_code == 200, response.text

    def close(self) -> None:
        self.client.close()


class NewsSite:
    """A news site on its own origin (127.0.0.1, another port) serving pages tests publish.

    A real server rather than a routed page: chromium only lets a page served from a loopback
    address call the loopback API (local network access checks).
    """

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the stdlib's spelling)
                html = pages.get(self.path.split("?")[0])
                body = (html or "not found").encode()
                self.send_response(200 if html else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep pytest's output clean

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def publish(self, path: str, html: str) -> str:
        self.pages[path] = html
        return self.origin + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()
