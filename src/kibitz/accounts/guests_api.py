"""HTTP face of a guest's own data: download it, or delete it (GDPR access and erasure).

A guest has no account: the reader token in their `kibitz_reader` cookie is what proves the
comments, votes, reports and mutes are theirs, as it does for editing their comments. Without the
cookie there is nothing to prove, so the answer is an empty download and a no-op delete.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from kibitz.accounts import privacy
from kibitz.sites import service as sites_service
from kibitz.sites.origins import try_normalize_origin
from kibitz.web.deps import SessionDep, SettingsDep
from kibitz.web.errors import ERROR_RESPONSES
from kibitz.web.reader import READER_COOKIE, own_origin, reader_hash

router = APIRouter(prefix="/api/v1/readers", tags=["readers"], responses=ERROR_RESPONSES)


@router.get("/me/data")
def export_guest_data(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    """Everything kept under this browser's guest token, as a JSON download (no IPs, no
    e-mail addresses)."""
    hashed = reader_hash(request, secret=settings.secret_key)
    if hashed is None:
        data = privacy.empty_export()
    else:
        data = privacy.export_guest(session, reader_hash=hashed)
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="kibitz-my-data.json"',
            "Cache-Control": "no-store",
        },
    )


@router.delete("/me", status_code=204)
def delete_guest(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    comments: Annotated[Literal["remove", "anonymise"], Query()],
) -> Response:
    """Forget this browser's guest: comments removed or kept without a name, as chosen; the
    reader cookie is cleared."""
    origin = request.headers.get("origin")
    if origin is not None and try_normalize_origin(origin) != try_normalize_origin(
        own_origin(request)
    ):
        # Browsers preflight a cross-site DELETE (CORS lets only sites' origins through); this
        # refuses the rest outright, whatever a proxy in front does with OPTIONS.
        if not sites_service.any_site_allows(session, origin=origin):
            raise sites_service.OriginNotAllowed(f"origin {origin!r} may not do this")
    hashed = reader_hash(request, secret=settings.secret_key)
    if hashed is not None:
        privacy.delete_guest(session, reader_hash=hashed, comments=comments)
    response = Response(status_code=204)
    secure = request.url.scheme == "https"
    response.delete_cookie(
        READER_COOKIE, path="/", secure=secure, httponly=True, samesite="none" if secure else "lax"
    )
    return response
