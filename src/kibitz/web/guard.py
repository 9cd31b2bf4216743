"""Rate limits on the web: per IP, per reader (an account or a guest's token) and per site.

The limits are settings (`KIBITZ_RATE_LIMIT_*`; `KIBITZ_RATE_LIMITS=false` lifts them all) and
the counters live in the app's `Limiter`: Redis when `KIBITZ_REDIS_URL` is set, so every process
shares them, in process otherwise. Refusals are 429 with `Retry-After`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kibitz.comments.service import Actor, hash_secret
from kibitz.config import Settings
from kibitz.defences.limits import Check, Limiter, Rate, enforce
from kibitz.web.deps import SettingsDep, client_ip


class Guard:
    def __init__(self, limiter: Limiter, settings: Settings, ip: str | None) -> None:
        self._limiter = limiter
        self._settings = settings
        secret = settings.secret_key
        self._ip = hash_secret(ip, secret=secret)[:32] if ip else "unknown"

    def _rate(self, text: str) -> Rate | None:
        return Rate.parse(text) if self._settings.rate_limits else None

    def _enforce(self, checks: list[Check], what: str) -> None:
        if self._settings.rate_limits:
            enforce(self._limiter, checks, what=what)

    def _per_reader(self, action: str, text: str, actor: Actor) -> list[Check]:
        rate = self._rate(text)
        return [
            Check(f"{action}:ip:{self._ip}", rate),
            Check(f"{action}:reader:{actor.reader_hash[:32]}", rate),
        ]

    def post(self, *, site: str, actor: Actor) -> None:
        site_check = Check(
            f"post:site:{site[:100]}", self._rate(self._settings.rate_limit_post_site)
        )
        self._enforce(
            [*self._per_reader("post", self._settings.rate_limit_post, actor), site_check],
            "comments",
        )

    def vote(self, actor: Actor) -> None:
        self._enforce(self._per_reader("vote", self._settings.rate_limit_vote, actor), "votes")

    def report(self, actor: Actor) -> None:
        self._enforce(
            self._per_reader("report", self._settings.rate_limit_report, actor), "reports"
        )

    def sign_up(self) -> None:
        self._enforce(
            [Check(f"signup:ip:{self._ip}", self._rate(self._settings.rate_limit_signup))],
            "sign-ups",
        )

    def _account_key(self, email: str) -> str:
        address = email.strip().lower()
        return f"signin:account:{hash_secret(address, secret=self._settings.secret_key)[:32]}"

    def sign_in(self, email: str) -> None:
        """Per IP (stuffing from one host) and per account (one account from many hosts)."""
        s = self._settings
        self._enforce(
            [
                Check(f"signin:ip:{self._ip}", self._rate(s.rate_limit_signin)),
                Check(self._account_key(email), self._rate(s.rate_limit_signin_account)),
            ],
            "sign-in attempts",
        )

    def signed_in(self, email: str) -> None:
        """A successful sign-in clears the account's count of attempts."""
        self._limiter.reset(self._account_key(email))


def get_guard(request: Request, settings: SettingsDep) -> Guard:
    limiter: Limiter = request.app.state.limiter
    return Guard(limiter, settings, client_ip(request, trusted_proxy=settings.trusted_proxy))


GuardDep = Annotated[Guard, Depends(get_guard)]
