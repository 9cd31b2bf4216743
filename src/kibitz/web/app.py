"""The app factory: every part of the server is built and wired here, from one `Settings`."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text

import kibitz
from kibitz.accounts import mail
from kibitz.accounts.api import router as accounts_router
from kibitz.accounts.guests_api import router as guests_router
from kibitz.accounts.outbox import make_outbox
from kibitz.accounts.readers_api import router as reader_accounts_router
from kibitz.cache import make_page_cache
from kibitz.comments.api import router as comments_router
from kibitz.comments.assessor import Assessor, load_assessor
from kibitz.comments.readers_api import router as readers_router
from kibitz.config import Settings, get_settings
from kibitz.db import make_engine, make_session_factory
from kibitz.defences.limits import make_limiter
from kibitz.feeds.api import router as feeds_router
from kibitz.live import review as review_live
from kibitz.live import tracking
from kibitz.live.api import router as live_router
from kibitz.live.brokers import make_broker
from kibitz.live.review_api import router as review_events_router
from kibitz.reports.api import router as reports_router
from kibitz.review.api import router as review_router
from kibitz.review.statement_api import router as statement_router
from kibitz.sites import service as sites_service
from kibitz.web.account_pages import router as account_pages_router
from kibitz.web.admin import router as admin_router
from kibitz.web.cors import DynamicCORSMiddleware, OriginCache
from kibitz.web.deps import SessionDep
from kibitz.web.errors import install_error_handlers
from kibitz.web.fastpath import CachedPagesMiddleware
from kibitz.web.headers import SecurityHeadersMiddleware
from kibitz.web.pages import STATIC_DIR
from kibitz.web.pages import router as pages_router

API_PREFIX = "/api/v1"


def create_app(settings: Settings, *, moderator: Assessor | None = None) -> FastAPI:
    """`moderator` judges every comment; by default the model in `settings.moderation_artifacts`
    (or the committed one), loaded once here. If it cannot load, comments are held (fail closed)."""
    pool = {} if settings.is_sqlite else {"pool_size": settings.db_pool_size, "max_overflow": 10}
    engine = make_engine(settings.database_url, **pool)
    session_factory = make_session_factory(engine)
    broker = make_broker(settings.redis_url)
    page_cache = make_page_cache(
        settings.redis_url, settings.cache_seconds, shared=settings.workers > 1
    )
    # Committed changes drop the thread's cached pages and reach its open widgets.
    tracking.watch(session_factory, tracking.fan_out(broker, page_cache))
    # Comments entering a review queue, and decisions, reach moderators' open dashboards.
    review_live.watch(session_factory, review_live.fan_out(broker))
    outbox = make_outbox(
        settings.redis_url,
        functools.partial(mail.send, smtp_url=settings.smtp_url, sender=settings.mail_from),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await broker.start()
        yield
        await broker.close()
        outbox.close()
        engine.dispose()

    app = FastAPI(
        title="Kibitz",
        version=kibitz.__version__,
        summary="Comments under news articles, moderated on the operator's own machine.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = session_factory
    app.state.broker = broker
    app.state.page_cache = page_cache
    app.state.limiter = make_limiter(settings.redis_url)
    app.state.outbox = outbox
    app.state.moderator = (
        moderator
        if moderator is not None
        else load_assessor(settings.moderation_artifacts, settings.moderation_stage)
    )

    def origin_allowed_anywhere(origin: str) -> bool:
        with session_factory() as session:
            return sites_service.any_site_allows(session, origin=origin)

    # Innermost: cached thread pages skip the route's dependencies (see kibitz.web.fastpath).
    app.add_middleware(CachedPagesMiddleware, cache=page_cache, page_size=settings.page_size)
    app.add_middleware(DynamicCORSMiddleware, cache=OriginCache(origin_allowed_anywhere))
    # Outermost: the scheme a trusted proxy reports must be known to everything inside.
    app.add_middleware(SecurityHeadersMiddleware, trusted_proxy=settings.trusted_proxy)
    install_error_handlers(app)
    app.include_router(comments_router)
    app.include_router(live_router)
    app.include_router(reports_router)
    app.include_router(readers_router)
    app.include_router(accounts_router)
    app.include_router(reader_accounts_router)
    app.include_router(guests_router)
    app.include_router(account_pages_router)
    app.include_router(review_router)
    app.include_router(statement_router)
    app.include_router(review_events_router)
    app.include_router(_health_router())
    app.include_router(pages_router)
    app.include_router(feeds_router)
    app.include_router(admin_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    return app


def _health_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX, tags=["health"])

    @router.get("/health")
    def health(session: SessionDep) -> dict[str, str]:
        """Liveness and database reachability, for load balancers and the benchmark baseline."""
        session.execute(text("SELECT 1"))
        return {"status": "ok", "version": kibitz.__version__}

    return router


def create_app_from_env() -> FastAPI:
    """For `uvicorn --factory` (used by `kibitz serve --reload`)."""
    return create_app(get_settings())
