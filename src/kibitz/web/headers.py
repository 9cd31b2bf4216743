"""Security headers on every answer: a strict Content-Security-Policy on the pages Kibitz serves
(the demo and permalink pages that carry the widget, the dashboard, the account pages), HSTS over
HTTPS, and the scheme a trusted proxy reports.

Scripts load only from this server (`script-src 'self'`, no inline script, no eval), so even a
comment that slipped past the sanitiser could not run. Styles may be inline (the demo page and the
widget's shadow root use them; a style cannot run code). The dashboard may not be framed at all;
the demo and permalink pages by this server and their site's allowed origins (web/framing.py).
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HSTS = "max-age=31536000; includeSubDomains"
_BASE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'"
)
PAGE_CSP = f"{_BASE_CSP}; frame-ancestors 'self'"
ADMIN_CSP = f"{_BASE_CSP}; frame-ancestors 'none'"


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, trusted_proxy: bool = False) -> None:
        self.app = app
        self.trusted_proxy = trusted_proxy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.trusted_proxy:
            proto = Headers(scope=scope).get("x-forwarded-proto", "").split(",")[0].strip()
            if proto in {"http", "https"}:
                scope = {**scope, "scheme": proto}
        secure = scope.get("scheme") == "https"
        path: str = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
                if secure:
                    headers["Strict-Transport-Security"] = HSTS
                html = headers.get("content-type", "").startswith("text/html")
                if html and not path.startswith("/api/v1/docs"):  # Swagger UI: inline script
                    # A page that names its site's framing origins (web/framing.py) keeps them;
                    # the dashboard is never framed, whatever a handler set.
                    if path.startswith("/admin"):
                        headers["Content-Security-Policy"] = ADMIN_CSP
                        headers["X-Frame-Options"] = "DENY"
                    else:
                        headers.setdefault("Content-Security-Policy", PAGE_CSP)
            await send(message)

        await self.app(scope, receive, send_with_headers)
