"""count.js on a news site's article list: one request per 100 keys, localised labels."""

from __future__ import annotations

import json
import subprocess
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.browser_support import CROSS_SITE, LiveServer, NewsSite

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _seed(live_server: LiveServer, tmp_path: Path, counts: dict[str, int]) -> None:
    """Comments through `kibitz import json` into the running server's database."""
    lines = [{"format": "kibitz", "version": 1, "site": CROSS_SITE}]
    next_id = 1
    for index, (key, count) in enumerate(counts.items(), start=1):
        lines.append({"type": "thread", "id": index, "key": key, "title": key})
        for _ in range(count):
            comment = {"type": "comment", "id": next_id, "thread": index, "body": "Well put."}
            lines.append({**comment, "created_at": "2026-11-20T10:00:00+00:00"})
            next_id += 1
    lines.append(
        {"type": "comment", "id": next_id, "thread": 1, "body": "spam", "status": "rejected"}
    )
    path = tmp_path / "seed.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    subprocess.run(
        [live_server.kibitz, "import", "json", str(path), "--site", CROSS_SITE, "--json"],
        env=live_server.env,
        cwd=live_server.workdir,
        check=True,
        capture_output=True,
    )


def test_counts_fill_every_span_in_few_requests(
    page: Page, live_server: LiveServer, news_site: NewsSite, tmp_path: Path
) -> None:
    tag = uuid.uuid4().hex[:8]
    three, one, none = f"{tag}/three", f"{tag}/one", f"{tag}/none"
    _seed(live_server, tmp_path, {three: 3, one: 1})
    extra = "".join(
        f'<li><span data-kibitz-count="{tag}/extra-{n}">…</span></li>' for n in range(110)
    )
    html = (
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>Latest news</title><ul>'
        f'<li id="a">Strikes <span data-kibitz-count="{three}">…</span></li>'
        f'<li id="b">Budget <span data-kibitz-count="{one}">…</span></li>'
        f'<li id="c">Weather <span data-kibitz-count="{none}">…</span></li>'
        f'<li id="d" lang="ar">ضربات <span data-kibitz-count="{three}">…</span></li>'
        f'<li id="e" lang="ar">طقس <span data-kibitz-count="{none}">…</span></li>'
        f"{extra}</ul>"
        f'<script src="{live_server.url}/count.js" data-site="{CROSS_SITE}" async></script></html>'
    )
    url = news_site.publish(f"/list-{tag}", html)
    requests: list[Request] = []
    page.on("request", lambda r: requests.append(r) if "/api/v1/counts" in r.url else None)
    page.goto(url)
    expect(page.locator("#a span")).to_have_text("3 comments")
    expect(page.locator("#b span")).to_have_text("1 comment")
    expect(page.locator("#c span")).to_have_text("0 comments")
    expect(page.locator("#d span")).to_have_text("٣ تعليقات")
    expect(page.locator("#e span")).to_have_text("لا تعليقات")
    expect(page.locator(f'[data-kibitz-count="{tag}/extra-109"]')).to_have_text("0 comments")
    # 113 distinct keys: two requests (100 + 13), not one per span.
    assert len(requests) == 2, [r.url for r in requests]
