"""The demo article page at `/` and the embed script at `/embed.js`."""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from kibitz.errors import NotFound
from kibitz.sites.demo import DEMO_THREAD_KEY, DEMO_THREAD_TITLE
from kibitz.sites.service import DEMO_SITE_KEY
from kibitz.web.deps import SessionDep
from kibitz.web.framing import page_headers, site_origins

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
TEMPLATES_DIR = WEB_DIR / "templates"
DEMO_TEMPLATE = "demo.html"
# Short, so a new widget release reaches readers within minutes without cache-busting URLs.
EMBED_CACHE_CONTROL = "public, max-age=300"

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=TEMPLATES_DIR)


@router.get("/", response_class=HTMLResponse)
def demo_page(request: Request, session: SessionDep) -> Response:
    context = {
        "site": DEMO_SITE_KEY,
        "thread_key": DEMO_THREAD_KEY,
        "thread_title": DEMO_THREAD_TITLE,
        "embed_src": str(request.url_for("embed_js")),
    }
    origins = site_origins(session, site_key=DEMO_SITE_KEY)
    csp = page_headers(origins, request.headers.get("origin"))
    if (TEMPLATES_DIR / DEMO_TEMPLATE).is_file():
        return templates.TemplateResponse(request, DEMO_TEMPLATE, context, headers=csp)
    return HTMLResponse(_fallback_page(context), headers=csp)


def _fallback_page(context: dict[str, str]) -> str:
    values = {key: escape(value, quote=True) for key, value in context.items()}
    return (
        "<!doctype html><html lang='en'><meta charset='utf-8'>"
        f"<title>{values['thread_title']}</title>"
        f"<h1>{values['thread_title']}</h1><h2>Join the conversation</h2>"
        f"<script src='{values['embed_src']}' data-site='{values['site']}' "
        f"data-thread='{values['thread_key']}' async></script></html>"
    )


@router.get("/embed.js", name="embed_js")
def embed_js() -> Response:
    path = STATIC_DIR / "embed.js"
    if not path.is_file():
        raise NotFound("embed.js is not built", code="not_found")
    return FileResponse(
        path,
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": EMBED_CACHE_CONTROL},
    )
