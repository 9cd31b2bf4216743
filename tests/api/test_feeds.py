"""Atom and RSS feeds, the permalink page `/c/{id}` and `/count.js`, on SQLite and PostgreSQL."""

from __future__ import annotations

from urllib.parse import quote
from xml.etree import ElementTree

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kibitz.comments.models import Comment
from kibitz.config import Settings
from kibitz.db import transaction
from tests.api.import_support import FIXTURES, SITE, do_import

ATOM = "{http://www.w3.org/2005/Atom}"
STRIKES = "2026/11/us-strikes"


def _seeded(client: TestClient, settings: Settings) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = client.app.state.session_factory  # type: ignore[attr-defined]
    do_import(factory, settings, "disqus", FIXTURES / "disqus.xml")
    return factory


def _ids(factory: sessionmaker[Session], *statuses: str) -> list[int]:
    with factory() as session:
        query = select(Comment.id).where(Comment.status.in_(statuses)).order_by(Comment.id)
        return list(session.scalars(query))


def test_site_atom_feed_lists_only_published_comments(
    client: TestClient, settings: Settings
) -> None:
    factory = _seeded(client, settings)
    response = client.get(f"/feeds/{SITE}/latest.atom")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    published = _ids(factory, "published")
    links = [e.find(f"{ATOM}link").get("href") for e in entries]  # type: ignore[union-attr]
    assert links == [f"http://testserver/c/{cid}" for cid in reversed(published)]
    contents = [e.findtext(f"{ATOM}content") or "" for e in entries]
    assert not any("CHEAP PILLS" in c or "Waiting for approval" in c for c in contents)
    assert any("<strong>killed</strong>" in c for c in contents)
    assert not any("<script" in c for c in contents)


def test_thread_rss_feed_with_caching_headers(client: TestClient, settings: Settings) -> None:
    _seeded(client, settings)
    url = f"/feeds/{SITE}/{quote(STRIKES, safe='')}.rss"
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/rss+xml; charset=utf-8"
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel is not None
    assert channel.findtext("title") == "Comments on U.S. strikes militia sites in Iraq"
    assert channel.findtext("link") == "https://news.example.com/2026/11/us-strikes?ref=home"
    assert len(channel.findall("item")) == 4  # Dana, Sam, Lena, Omar; not spam, pending, deleted
    etag, modified = response.headers["etag"], response.headers["last-modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(f"/feeds/{SITE}/{STRIKES}.atom").status_code == 200  # unencoded slashes


def test_feed_etag_changes_when_a_comment_leaves_the_feed(
    client: TestClient, settings: Settings
) -> None:
    factory = _seeded(client, settings)
    url = f"/feeds/{SITE}/latest.atom"
    before = client.get(url).headers["etag"]
    with transaction(factory) as session:
        session.get_one(Comment, _ids(factory, "published")[-1]).status = "rejected"
    response = client.get(url, headers={"If-None-Match": before})
    assert response.status_code == 200 and response.headers["etag"] != before


def test_unknown_feeds_are_404(client: TestClient, settings: Settings) -> None:
    _seeded(client, settings)
    assert client.get(f"/feeds/{SITE}/no-such-thread.atom").status_code == 404
    assert client.get("/feeds/nosite/latest.atom").status_code == 404
    assert client.get(f"/feeds/{SITE}/latest.json").status_code == 404


def test_permalink_page_shows_a_published_comment(client: TestClient, settings: Settings) -> None:
    factory = _seeded(client, settings)
    with factory() as session:
        dana = session.scalars(select(Comment).where(Comment.author_name == "Dana K.")).one()
    response = client.get(f"/c/{dana.id}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert dana.html in page and "Dana K." in page
    article = "https://news.example.com/2026/11/us-strikes?ref=home"
    assert f'<a href="{article}">U.S. strikes militia sites in Iraq</a>' in page
    assert f'href="{article}#kibitz-comment-{dana.id}">View the conversation</a>' in page


def test_permalink_page_hides_everything_else(client: TestClient, settings: Settings) -> None:
    factory = _seeded(client, settings)
    hidden = _ids(factory, "pending", "rejected", "deleted")
    assert len(hidden) == 3
    for path in [*(f"/c/{cid}" for cid in hidden), "/c/999999", "/c/abc", "/c/0", "/c/" + "9" * 30]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("text/html")
        assert "Comment not found" in response.text and "CHEAP PILLS" not in response.text


def test_count_script_is_served(client: TestClient) -> None:
    response = client.get("/count.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "data-kibitz-count" in response.text
