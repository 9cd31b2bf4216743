"""One settings object for the whole server, read from the environment (prefix KIBITZ_).

Nothing here is created at import time: call `get_settings()` (cached) or build `Settings(...)`
explicitly, as the tests do.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KIBITZ_", env_file=".env", extra="ignore")

    env: str = Field("development", description="`development` or `production`.")
    database_url: str = Field(
        "sqlite:///var/kibitz.db",
        description="SQLAlchemy URL: SQLite (default, WAL mode) or postgresql+psycopg://…",
    )
    secret_key: str = Field(
        "",
        description="Salt for IP hashes and signing. Generated into var/secret_key when empty "
        "(development only).",
    )
    host: str = Field("127.0.0.1", description="Address `kibitz serve` binds.")
    port: int = Field(8000, description="Port `kibitz serve` binds.")
    edit_window_seconds: int = Field(
        900, ge=0, description="How long an author may edit or delete their comment."
    )
    max_body_chars: int = Field(10_000, ge=1, description="Longest comment body accepted.")
    max_name_chars: int = Field(80, ge=1, description="Longest author name accepted.")
    page_size: int = Field(20, ge=1, le=100, description="Top-level comments per page by default.")
    demo: bool = Field(
        True, description="Create the `demo` site and demo article on an empty database."
    )
    log_level: str = Field("info", description="Server log level.")
    moderation_artifacts: Path | None = Field(
        None,
        description="Directory of the moderation model to load; the committed artifacts when "
        "empty. Without a loadable model every comment waits for a moderator (fails closed).",
    )
    moderation_stage: Literal["auto", "sparse", "transformer", "cascade"] = Field(
        "auto",
        description="Which model judges comments: `sparse` (n-gram model), `transformer` "
        "(MiniLM, every comment), `cascade` (the transformer only for uncertain comments); "
        "`auto`: the cascade when its artifacts are installed, the sparse model otherwise.",
    )
    new_reader_rate_limit: str = Field(
        "3/600",
        description="Comments per seconds a trust-level-0 reader may post (`off`: no limit); a "
        "site's own moderation settings override it.",
    )

    # Reader accounts, mail and defences (kibitz.accounts, kibitz.limits).
    public_url: str = Field(
        "",
        description="This server's public address for links in e-mails "
        "(default: the address the request came to).",
    )
    smtp_url: str = Field(
        "",
        description="SMTP server for e-mails, `smtp://user:pass@host:port` (`smtps://` for TLS, "
        "`?starttls=1`); empty: e-mails are logged, not sent.",
    )
    mail_from: str = Field("kibitz@localhost", description="The From address of e-mails.")
    trusted_proxy: bool = Field(
        False,
        description="Trust `X-Forwarded-For`/`X-Forwarded-Proto` from the proxy in front "
        "(client IPs, HTTPS, HSTS).",
    )
    ip_retention_days: int = Field(
        30, ge=0, description="IP hashes older than this are erased by `kibitz privacy purge`."
    )
    rate_limits: bool = Field(
        True, description="Apply the rate limits below (`false` lifts them: importers, benchmarks)."
    )
    rate_limit_post: str = Field(
        "10/60", description="Comments per seconds, per IP and per reader."
    )
    rate_limit_post_site: str = Field("600/60", description="Comments per seconds on one site.")
    rate_limit_vote: str = Field("60/60", description="Votes per seconds, per IP and per reader.")
    rate_limit_report: str = Field("20/600", description="Reports per seconds, per IP and reader.")
    rate_limit_signin: str = Field(
        "20/600", description="Sign-in attempts per seconds per IP (credential stuffing)."
    )
    rate_limit_signin_account: str = Field(
        "5/600", description="Failed sign-ins per seconds per account before it is throttled."
    )
    rate_limit_signup: str = Field("5/3600", description="Sign-ups per seconds per IP.")
    duplicate_window_seconds: int = Field(
        600,
        ge=0,
        description="The same text twice by one reader within this many seconds is "
        "refused (0: off).",
    )

    redis_url: str = Field(
        "",
        description="Redis for rate limits, the mail queue and live updates across processes "
        "(`redis://host:6379/0`); empty: in process.",
    )
    cache_seconds: float = Field(
        300,
        ge=0,
        description="Longest a cached thread page lives (every write drops it at once anyway); "
        "0 turns the cache off.",
    )
    heartbeat_seconds: float = Field(
        15, gt=0, description="Idle time after which a live stream sends a keep-alive comment."
    )
    workers: int = Field(
        1, ge=1, description="Processes `kibitz serve` starts; more than one needs PostgreSQL."
    )
    db_pool_size: int = Field(
        10, ge=1, description="Database connections each process keeps open (PostgreSQL)."
    )

    @field_validator("env")
    @classmethod
    def _known_env(cls, value: str) -> str:
        if value not in {"development", "production"}:
            raise ValueError("must be 'development' or 'production'")
        return value

    @model_validator(mode="after")
    def _secret(self) -> Settings:
        # Production must be configured on purpose; development gets a stable generated secret so
        # IP hashes stay comparable across restarts.
        if not self.secret_key:
            if self.env == "production":
                raise ValueError("KIBITZ_SECRET_KEY must be set in production")
            self.secret_key = _dev_secret(Path("var/secret_key"))
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _dev_secret(path: Path) -> str:
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        value = secrets.token_urlsafe(32)
        path.write_text(value)
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
