"""The small pages that mailed links open: confirm an address, choose a new password,
unsubscribe. Plain HTML forms, no script, so the strict Content-Security-Policy holds."""

from __future__ import annotations

from html import escape
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kibitz.accounts import readers
from kibitz.errors import DomainError
from kibitz.web.deps import SessionDep, SettingsDep

router = APIRouter(include_in_schema=False)


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (
        "<!doctype html><html lang='en'><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width'>"
        f"<title>{escape(title)}</title><h1>{escape(title)}</h1>{body}</html>"
    )
    return HTMLResponse(html, status_code=status)


def _form(action: str, token: str, button: str, extra: str = "") -> str:
    return (
        f"<form method='post' action='{escape(action, quote=True)}'>"
        f"<input type='hidden' name='token' value='{escape(token, quote=True)}'>{extra}"
        f"<button type='submit'>{escape(button)}</button></form>"
    )


async def _fields(request: Request) -> dict[str, str]:
    raw = (await request.body())[:16384].decode("utf-8", "replace")
    return {key: values[0] for key, values in parse_qs(raw).items()}


@router.get("/auth/verify")
def verify_page(token: str, session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    try:
        readers.verify_email(session, token=token[:4096], secret=settings.secret_key)
    except DomainError as exc:
        return _page("This link does not work", f"<p>{escape(exc.message)}</p>", 400)
    return _page("Address confirmed", "<p>Thank you: your e-mail address is confirmed.</p>")


@router.get("/auth/reset")
def reset_page(token: str) -> HTMLResponse:
    field = "<label>New password <input type='password' name='password' minlength='10'></label>"
    return _page("Choose a new password", _form("/auth/reset", token[:4096], "Save", field))


@router.post("/auth/reset")
async def reset_submit(
    request: Request, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    fields = await _fields(request)
    try:
        readers.reset_password(
            session,
            token=fields.get("token", ""),
            password=fields.get("password", ""),
            secret=settings.secret_key,
        )
    except DomainError as exc:
        return _page("The password was not changed", f"<p>{escape(exc.message)}</p>", 400)
    return _page("Password changed", "<p>Sign in with your new password.</p>")


@router.get("/api/v1/auth/unsubscribe")
def unsubscribe_page(token: str) -> HTMLResponse:
    """A person clicking the link confirms with a button (link scanners only GET)."""
    form = _form("/auth/unsubscribe", token[:4096], "Stop reply e-mails")
    return _page("Stop reply e-mails?", form)


@router.post("/auth/unsubscribe")
async def unsubscribe_submit(
    request: Request, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    fields = await _fields(request)
    try:
        readers.unsubscribe(session, token=fields.get("token", ""), secret=settings.secret_key)
    except DomainError as exc:
        return _page("This link does not work", f"<p>{escape(exc.message)}</p>", 400)
    return _page("Unsubscribed", "<p>You will get no more reply e-mails.</p>")
