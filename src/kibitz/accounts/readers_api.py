"""HTTP face of reader accounts: sign up, sign in (password or the site's SSO token), sign out,
verify, reset, profile, download and delete one's data, unsubscribe.

These answer the widget on the news site's pages, so the session cookie is SameSite=None over
HTTPS; sign-in is accepted only from the named site's allowed origins (no login CSRF), and every
cookie-authenticated write needs the session's CSRF token. No answer ever carries an e-mail
address except the reader's own data download.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Request, Response
from sqlalchemy.orm import Session

from kibitz.accounts import notify, policy, privacy, readers, service, sso
from kibitz.accounts.mail import Mail
from kibitz.accounts.models import User
from kibitz.accounts.reader_schemas import (
    Accepted,
    AccountDelete,
    ProfileUpdate,
    ReaderRead,
    ReaderSession,
    ResetConfirm,
    ResetRequest,
    SignInOptions,
    SignInRequest,
    SignUpRequest,
    SsoRequest,
    TokenRequest,
)
from kibitz.accounts.readers import account_reader_hash
from kibitz.defences import honeypot
from kibitz.sites import service as sites_service
from kibitz.sites.models import Site
from kibitz.web.auth import (
    SESSION_COOKIE,
    CurrentUser,
    end_session,
    session_token,
    set_session_cookie,
)
from kibitz.web.deps import SessionDep, SettingsDep
from kibitz.web.errors import SIGNED_IN_ERROR_RESPONSES
from kibitz.web.guard import GuardDep
from kibitz.web.reader import own_origin

router = APIRouter(prefix="/api/v1/auth", tags=["readers"], responses=SIGNED_IN_ERROR_RESPONSES)


def base_url(request: Request) -> str:
    configured: str = request.app.state.settings.public_url
    return configured.rstrip("/") or own_origin(request)


def enqueue(request: Request, background: BackgroundTasks, mail: Mail | None) -> None:
    """After the response (so after the commit); `put` never blocks on SMTP."""
    if mail is not None:
        background.add_task(request.app.state.outbox.put, mail)


def reader_read(user: User) -> ReaderRead:
    return ReaderRead(
        id=user.id,
        display_name=user.display_name,
        avatar_url=user.avatar_url,
        verified=user.email_verified_at is not None,
        notify_replies=user.notify_replies,
        sso=user.sso_site_id is not None,
        role=user.role,
    )


def _site_for(session: Session, request: Request, key: str) -> Site:
    site = sites_service.get_or_raise(session, key=key)
    sites_service.check_origin(
        session, site=site, origin=request.headers.get("origin"), own_origin=own_origin(request)
    )
    return site


def _start(
    session: Session, request: Request, response: Response, user: User, secret: str
) -> ReaderSession:
    token = service.start_session(session, user=user, secret=secret)
    set_session_cookie(request, response, token, cross_site=True)
    return ReaderSession(
        reader=reader_read(user), csrf_token=service.csrf_token(token, secret=secret)
    )


@router.post("/signup", status_code=201)
def sign_up(
    payload: SignUpRequest,
    request: Request,
    response: Response,
    background: BackgroundTasks,
    session: SessionDep,
    settings: SettingsDep,
    guard: GuardDep,
) -> ReaderSession:
    """Create a reader account and sign in; a link to confirm the address is e-mailed."""
    honeypot.check(payload.website)
    _site_for(session, request, payload.site)
    guard.sign_up()
    user = readers.sign_up(
        session, email=payload.email, password=payload.password, display_name=payload.display_name
    )
    mail = notify.verification_mail(user, base_url=base_url(request), secret=settings.secret_key)
    enqueue(request, background, mail)
    return _start(session, request, response, user, settings.secret_key)


@router.post("/signin")
def sign_in(
    payload: SignInRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    guard: GuardDep,
) -> ReaderSession:
    """Sign in with e-mail and password from a site's widget; throttled per IP and account."""
    _site_for(session, request, payload.site)
    guard.sign_in(payload.email)
    user = service.authenticate(session, email=payload.email, password=payload.password)
    guard.signed_in(payload.email)
    return _start(session, request, response, user, settings.secret_key)


@router.post("/sso")
def sign_in_sso(
    payload: SsoRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    guard: GuardDep,
) -> ReaderSession:
    """Trade the news site's signed, short-lived token for a session (each token works once)."""
    site = _site_for(session, request, payload.site)
    guard.sign_in(f"sso:{payload.site}")
    user = sso.sign_in(session, site=site, token=payload.token)
    return _start(session, request, response, user, settings.secret_key)


@router.get("/options")
def sign_in_options(
    site: Annotated[str, Query(min_length=1, max_length=100)], session: SessionDep
) -> SignInOptions:
    """Who may comment on a site, so the widget offers the right ways to sign in."""
    row = sites_service.get_or_raise(session, key=site)
    return SignInOptions.model_validate({"commenters": list(policy.commenters(row))})


@router.get("/reader")
def current_reader(user: CurrentUser, request: Request, settings: SettingsDep) -> ReaderSession:
    """The signed-in reader and the session's CSRF token (401 when signed out)."""
    token = session_token(request) or ""
    csrf = service.csrf_token(token, secret=settings.secret_key)
    return ReaderSession(reader=reader_read(user), csrf_token=csrf)


@router.post("/signout", status_code=204)
def sign_out(
    user: CurrentUser, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    end_session(request, session, secret=settings.secret_key)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.patch("/reader")
def update_reader(payload: ProfileUpdate, user: CurrentUser, session: SessionDep) -> ReaderRead:
    """Change the display name, or opt in and out of reply e-mails (verified addresses only)."""
    readers.update_profile(
        session, user=user, display_name=payload.display_name, notify_replies=payload.notify_replies
    )
    return reader_read(user)


@router.post("/verify")
def verify(payload: TokenRequest, session: SessionDep, settings: SettingsDep) -> ReaderRead:
    """Confirm the address with the token from the mailed link."""
    return reader_read(
        readers.verify_email(session, token=payload.token, secret=settings.secret_key)
    )


@router.post("/verify/resend", status_code=202)
def resend_verification(
    user: CurrentUser,
    request: Request,
    background: BackgroundTasks,
    settings: SettingsDep,
    guard: GuardDep,
) -> Accepted:
    guard.sign_up()
    if user.email_verified_at is None and user.sso_site_id is None:
        mail = notify.verification_mail(
            user, base_url=base_url(request), secret=settings.secret_key
        )
        enqueue(request, background, mail)
    return Accepted()


@router.post("/password-reset", status_code=202)
def request_reset(
    payload: ResetRequest,
    request: Request,
    background: BackgroundTasks,
    session: SessionDep,
    settings: SettingsDep,
    guard: GuardDep,
) -> Accepted:
    """Mail a reset link if the address has an account; the answer is the same either way."""
    guard.sign_in(payload.email)
    found = readers.reset_token(session, email=payload.email, secret=settings.secret_key)
    if found is not None:
        user, token = found
        enqueue(request, background, notify.reset_mail(user, token, base_url=base_url(request)))
    return Accepted()


@router.post("/password-reset/confirm", status_code=204)
def confirm_reset(payload: ResetConfirm, session: SessionDep, settings: SettingsDep) -> Response:
    """Set a new password with the mailed token; every session of the account ends."""
    readers.reset_password(
        session, token=payload.token, password=payload.password, secret=settings.secret_key
    )
    return Response(status_code=204)


@router.get("/reader/export")
def export_data(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Response:
    """Everything Kibitz keeps about you, as a JSON download."""
    import json

    data = privacy.export(
        session, user=user, reader_hash=account_reader_hash(user.id, secret=settings.secret_key)
    )
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="kibitz-my-data.json"'},
    )


@router.delete("/reader", status_code=204)
def delete_reader(
    payload: AccountDelete, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Response:
    """Delete your account; your comments are removed or kept anonymously, as you choose."""
    privacy.delete_account(
        session,
        user=user,
        reader_hash=account_reader_hash(user.id, secret=settings.secret_key),
        comments=payload.comments,
    )
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/unsubscribe", status_code=204)
def unsubscribe(token: str, session: SessionDep, settings: SettingsDep) -> Response:
    """One-click unsubscribe (RFC 8058): the mail client POSTs the link from List-Unsubscribe."""
    readers.unsubscribe(session, token=token[:4096], secret=settings.secret_key)
    return Response(status_code=204)
