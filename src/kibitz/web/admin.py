"""The moderators' dashboard at /admin: sign-in, the queues, the audit log (server-rendered).

Pages read through the same services as the review API; every action the page offers goes
through that API from `static/admin.js` with the session's CSRF token. The login form is
protected by a double-submit token (a cookie and a hidden field that must match). Pages send a
strict Content-Security-Policy: no inline scripts or styles, nothing from other origins.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from sqlalchemy.orm import Session

from kibitz.accounts import service as accounts
from kibitz.accounts.models import User
from kibitz.config import Settings
from kibitz.errors import DomainError
from kibitz.moderation.rules import Rule
from kibitz.review import audit, charts, insights, queues
from kibitz.review.highlight import segments
from kibitz.review.queues import QUEUES
from kibitz.review.schemas import QueueSort
from kibitz.sites.models import Site
from kibitz.web.auth import (
    OptionalUser,
    clear_session_cookie,
    session_token,
    set_session_cookie,
)
from kibitz.web.deps import SessionDep, SettingsDep
from kibitz.web.pages import TEMPLATES_DIR

LOGIN_CSRF_COOKIE = "kibitz_login_csrf"
MAX_FORM_BYTES = 8192
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
RULES = [rule.value for rule in Rule]
EXTRA_REASONS = ["illegal", "other"]  # reasons beyond the seven rules (reports, rejections)
SORTS: tuple[QueueSort, ...] = ("severity", "oldest", "newest")

router = APIRouter(prefix="/admin", include_in_schema=False)
templates = Jinja2Templates(directory=TEMPLATES_DIR)
templates.env.globals["segments"] = segments


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    response = templates.TemplateResponse(request, f"admin/{name}", context, status_code=status)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    return response


def _to_login() -> Response:
    return RedirectResponse("/admin/login", status_code=303)


async def _form(request: Request) -> dict[str, str]:
    body = (await request.body())[:MAX_FORM_BYTES].decode("utf-8", errors="replace")
    return {key: values[0] for key, values in parse_qs(body).items()}


def _login_page(request: Request, error: str | None = None, status: int = 200) -> Response:
    token = secrets.token_urlsafe(32)
    response = _page(request, "login.html", {"csrf": token, "error": error}, status)
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/admin/login",
    )
    return response


@router.get("/login")
def login_form(request: Request, user: OptionalUser) -> Response:
    if user is not None and accounts.moderator_scope(user).any:
        return RedirectResponse("/admin", status_code=303)
    return _login_page(request)


@router.post("/login")
async def login_submit(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    form = await _form(request)
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    if not cookie or not secrets.compare_digest(cookie, form.get("csrf", "")):
        return _login_page(request, "The form expired. Please try again.", 403)
    try:
        user = accounts.authenticate(
            session, email=form.get("email", "")[:254], password=form.get("password", "")[:1024]
        )
    except DomainError as exc:
        return _login_page(request, exc.message.capitalize() + ".", 401)
    token = accounts.start_session(session, user=user, secret=settings.secret_key)
    response = RedirectResponse("/admin", status_code=303)
    set_session_cookie(request, response, token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/admin/login")
    return response


@router.post("/logout")
async def logout(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    form = await _form(request)
    token = session_token(request)
    if token is not None and accounts.csrf_valid(
        token, form.get("csrf"), secret=settings.secret_key
    ):
        accounts.end_session(session, token=token, secret=settings.secret_key)
    response = _to_login()
    clear_session_cookie(request, response)
    return response


def _chrome(request: Request, user: User, settings: SettingsDep, active: str) -> dict[str, Any]:
    token = session_token(request) or ""
    return {
        "user": user,
        "csrf": accounts.csrf_token(token, secret=settings.secret_key),
        "active": active,
    }


def _moderator_or_response(request: Request, user: User | None) -> Response | None:
    if user is None:
        return _to_login()
    if not accounts.moderator_scope(user).any:
        context = {"csrf": "", "error": "This account cannot moderate. Ask an admin for a role."}
        return _page(request, "login.html", context, 403)
    return None


def _queue_request(params: dict[str, str]) -> queues.QueueRequest:
    queue = params.get("queue", "pending")
    sort = params.get("sort", "severity")
    rule = params.get("rule") or None
    return queues.QueueRequest(
        queue=next((name for name in QUEUES if name == queue), "pending"),
        site=params.get("site") or None,
        thread=(params.get("thread") or "")[:500] or None,
        rule=rule if rule in (*RULES, *EXTRA_REASONS) else None,
        author=(params.get("author") or "")[:80] or None,
        sort=next((name for name in SORTS if name == sort), "severity"),
        cursor=params.get("cursor") or None,
        limit=25,
    )


# What a dashboard page shows, given the signed-in moderator (the header and CSRF token aside).
PageContext = Callable[[Request, Session, User], dict[str, Any]]


def _moderator_page(
    request: Request,
    user: User | None,
    session: Session,
    settings: Settings,
    name: str,
    page_context: PageContext,
) -> Response:
    """The page `name`.html for a moderator; the login form (or a refusal) for anyone else."""
    refused = _moderator_or_response(request, user)
    if refused is not None or user is None:
        return refused or _to_login()
    context = {**_chrome(request, user, settings, name), **page_context(request, session, user)}
    return _page(request, f"{name}.html", context)


def _queue_context(request: Request, session: Session, user: User) -> dict[str, Any]:
    params = dict(request.query_params)
    query = _queue_request(params)
    scope = accounts.moderator_scope(user)
    try:
        page = queues.list_queue(session, request=query, scope=scope)
    except DomainError:  # a stale or hand-made cursor: start from the top
        query = _queue_request({k: v for k, v in params.items() if k != "cursor"})
        page = queues.list_queue(session, request=query, scope=scope)
    filters = {k: v for k, v in params.items() if k in ("site", "thread", "rule", "author", "sort")}
    sites = session.scalars(select(Site).order_by(Site.key)).all()
    return {
        "page": page,
        "query": query,
        "filters": filters,
        "rules": RULES,
        "reasons": RULES + EXTRA_REASONS,
        "queues": QUEUES,
        "sites": [s for s in sites if scope.covers(s.id)],
        "tab_url": lambda name: "/admin?" + urlencode({**filters, "queue": name}),
        "more_url": "/admin?"
        + urlencode({**filters, "queue": query.queue, "cursor": page.next_cursor or ""}),
    }


def _audit_context(request: Request, session: Session, user: User) -> dict[str, Any]:
    action = request.query_params.get("action") or None
    cursor = request.query_params.get("cursor") or None
    scope = accounts.moderator_scope(user)
    try:
        entries = audit.list_entries(
            session, request=audit.AuditRequest(action=action, cursor=cursor), scope=scope
        )
    except DomainError:
        entries = audit.list_entries(
            session, request=audit.AuditRequest(action=action), scope=scope
        )
    more = urlencode({"action": action or "", "cursor": entries.next_cursor or ""})
    return {"entries": entries, "action": action, "more_url": f"/admin/audit?{more}"}


def _insights_context(request: Request, session: Session, user: User) -> dict[str, Any]:
    days = 30 if request.query_params.get("days") != "7" else 7
    found = insights.compute(session, scope=accounts.moderator_scope(user), days=days)
    per_day = charts.columns(
        [(day.strftime("%d %b"), count) for day, count in found.per_day],
        title=f"Comments per day, last {days} days",
    )
    rules = charts.stacked_rows(
        [(r.rule, (r.held, r.rejected, r.flagged - r.held - r.rejected)) for r in found.rules],
        series=("held", "rejected", "published"),
        title="Comments the machine flagged, per rule, by what became of them",
    )
    return {"found": found, "per_day_chart": per_day, "rules_chart": rules}


@router.get("", response_class=HTMLResponse)
def queue_page(
    request: Request, user: OptionalUser, session: SessionDep, settings: SettingsDep
) -> Response:
    return _moderator_page(request, user, session, settings, "queue", _queue_context)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request, user: OptionalUser, session: SessionDep, settings: SettingsDep
) -> Response:
    return _moderator_page(request, user, session, settings, "audit", _audit_context)


@router.get("/insights", response_class=HTMLResponse)
def insights_page(
    request: Request, user: OptionalUser, session: SessionDep, settings: SettingsDep
) -> Response:
    return _moderator_page(request, user, session, settings, "insights", _insights_context)
