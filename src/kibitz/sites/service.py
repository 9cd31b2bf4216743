"""Sites: look up, create, allow origins, and decide whether an origin may write."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from kibitz.errors import Conflict, Forbidden, InvalidInput, NotFound
from kibitz.sites.models import Site, SiteOrigin
from kibitz.sites.origins import normalize_origin, try_normalize_origin

DEMO_SITE_KEY = "demo"
# Site keys appear in URLs and embed tags: keep them short, lower case and path-safe.
_SITE_KEY = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,99}$")


class SiteNotFound(NotFound):
    code = "site_not_found"


class SiteExists(Conflict):
    code = "site_exists"


class OriginNotAllowed(Forbidden):
    code = "origin_not_allowed"


def get(session: Session, *, key: str) -> Site | None:
    if not _SITE_KEY.match(key):
        return None  # cannot exist; also keeps NUL bytes and the like away from the database
    return session.scalars(_by_key(), {"key": key}).one_or_none()


@cache
def _by_key() -> Select[Site]:
    # Built once: every post looks its site up, and building costs more than running (issue 8).
    return select(Site).where(Site.key == bindparam("key"))


def get_or_raise(session: Session, *, key: str) -> Site:
    site = get(session, key=key)
    if site is None:
        raise SiteNotFound(f"no site {key!r}", field="site")
    return site


def create(session: Session, *, key: str, name: str = "", origins: Sequence[str] = ()) -> Site:
    if not _SITE_KEY.match(key):
        raise InvalidInput("a site key is 1-100 characters of a-z, 0-9, '_', '.', '-'", field="key")
    if get(session, key=key) is not None:
        raise SiteExists(f"site {key!r} already exists", field="key")
    site = Site(key=key, name=name or key)
    site.origins = [SiteOrigin(origin=origin) for origin in _unique_origins(origins)]
    session.add(site)
    session.flush()
    return site


def add_origins(session: Session, *, site: Site, origins: Sequence[str]) -> list[str]:
    """Allow more origins for `site`; returns those that were new."""
    known = {row.origin for row in site.origins}
    added = [origin for origin in _unique_origins(origins) if origin not in known]
    site.origins.extend(SiteOrigin(origin=origin) for origin in added)
    session.flush()
    return added


def _unique_origins(origins: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(normalize_origin(origin) for origin in origins))


def origin_allowed(session: Session, *, site: Site, origin: str | None, own_origin: str) -> bool:
    """May a browser page at `origin` write to `site`?

    No Origin header means no browser cross-site context (curl, server-side code): allowed, since
    the origin check protects readers' browsers, not the API from scripts.
    """
    if origin is None:
        return True
    normalized = try_normalize_origin(origin)
    if normalized is None:
        return False
    if site.key == DEMO_SITE_KEY and normalized == try_normalize_origin(own_origin):
        return True
    return normalized in {row.origin for row in site.origins}


def check_origin(session: Session, *, site: Site, origin: str | None, own_origin: str) -> None:
    if not origin_allowed(session, site=site, origin=origin, own_origin=own_origin):
        raise OriginNotAllowed(f"origin {origin!r} may not write to site {site.key!r}")


def any_site_allows(session: Session, *, origin: str) -> bool:
    """Whether some site lists `origin` (decides CORS before the site is known)."""
    normalized = try_normalize_origin(origin)
    if normalized is None:
        return False
    query = select(SiteOrigin.id).where(SiteOrigin.origin == normalized).limit(1)
    return session.scalar(query) is not None
