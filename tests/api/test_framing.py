"""Who may frame which page: a site's allowed origins may frame its demo and permalink pages (and
read them cross-origin), no other origin may, and the dashboard is never framed."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kibitz.db import transaction
from kibitz.sites import service as sites_service
from kibitz.web.framing import page_csp
from tests.api.helpers import SITE_ORIGIN, ClientFactory, make_site, post_comment

OTHER_ORIGIN = "https://other-paper.example"


def frame_ancestors(response: object) -> list[str]:
    csp: str = response.headers["Content-Security-Policy"]  # type: ignore[attr-defined]
    directive = next(d.strip() for d in csp.split(";") if "frame-ancestors" in d)
    return directive.split()[1:]


def test_permalink_may_be_framed_by_its_site_only(client: TestClient) -> None:
    make_site(client.app.state.session_factory, "other", OTHER_ORIGIN)  # type: ignore[attr-defined]
    created = post_comment(client, "Framed on the article page.")
    page = client.get(f"/c/{created['comment']['id']}")
    assert page.status_code == 200
    assert frame_ancestors(page) == ["'self'", SITE_ORIGIN]
    # Its site's origin may read it cross-origin; the other site's may not.
    allowed = client.get(f"/c/{created['comment']['id']}", headers={"Origin": SITE_ORIGIN})
    assert allowed.headers.get("access-control-allow-origin") == SITE_ORIGIN
    refused = client.get(f"/c/{created['comment']['id']}", headers={"Origin": OTHER_ORIGIN})
    assert "access-control-allow-origin" not in refused.headers
    # A missing comment's page keeps the plain policy.
    assert frame_ancestors(client.get("/c/999999")) == ["'self'"]


def test_demo_page_follows_the_demo_sites_origins(client: TestClient) -> None:
    assert frame_ancestors(client.get("/")) == ["'self'"]
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with transaction(factory) as session:
        demo = sites_service.get_or_raise(session, key=sites_service.DEMO_SITE_KEY)
        sites_service.add_origins(session, site=demo, origins=["https://blog.example.org"])
    assert frame_ancestors(client.get("/")) == ["'self'", "https://blog.example.org"]


def test_dashboard_is_never_framed(client_factory: ClientFactory) -> None:
    client = client_factory()
    for path in ("/admin/login", "/admin"):
        response = client.get(path, follow_redirects=False)
        if response.headers.get("content-type", "").startswith("text/html"):
            assert frame_ancestors(response) == ["'none'"]
            assert response.headers["X-Frame-Options"] == "DENY"


def test_only_well_formed_origins_reach_the_header() -> None:
    csp = page_csp([SITE_ORIGIN, "https://x.example; script-src *", "javascript:alert(1)"])
    assert csp.endswith(f"frame-ancestors 'self' {SITE_ORIGIN}")
