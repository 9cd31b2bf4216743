"""The demo page, the embed script, static files, health and the OpenAPI document."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kibitz.sites.demo import DEMO_THREAD_KEY, DEMO_THREAD_TITLE
from kibitz.web.pages import STATIC_DIR


def test_demo_page_embeds_the_widget(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "http://testserver/embed.js" in html
    assert 'data-site="demo"' in html or "data-site='demo'" in html
    assert DEMO_THREAD_KEY in html
    assert "Iran-backed militia" in html
    assert DEMO_THREAD_TITLE.startswith("U.S. strikes")


def test_embed_script_is_javascript_with_a_short_cache(client: TestClient) -> None:
    response = client.get("/embed.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "public, max-age=300"
    assert response.text == (STATIC_DIR / "embed.js").read_text()
    static = client.get("/static/embed.js")
    assert static.status_code == 200
    assert client.get("/static/nothing.js").status_code == 404


def test_health(client: TestClient) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_openapi_lists_the_api(client: TestClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/threads/{site}/{thread}/comments" in paths
    assert set(paths["/api/v1/comments/{comment_id}"]) == {"patch", "delete"}
    assert "/api/v1/comments/{comment_id}/reports" in paths
    assert "/api/v1/counts" in paths
    assert client.get("/api/v1/docs").status_code == 200
