"""Domain errors: what went wrong, in the product's words, with no HTTP in sight.

Services raise these; `kibitz.web.errors` is the only place that turns them into status codes.
Each error carries a stable machine `code` (the widget and API clients switch on it), a message for
people and, when one input is to blame, the `field` that caused it.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    code = "error"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    def details(self) -> dict[str, Any]:
        """More JSON beside `error` in the answer (a nudge's rules and spans); none by default."""
        return {}


class NotFound(DomainError):
    """The thing named does not exist (or is not visible to this reader)."""

    code = "not_found"


class InvalidInput(DomainError):
    """Well-formed input that breaks a rule: empty body, too long, wrong thread…"""

    code = "invalid"


class Unauthorized(DomainError):
    """Nobody is signed in (or the session expired): sign in first."""

    code = "unauthorized"


class Forbidden(DomainError):
    """The reader may not do this: not the author, window over, origin not allowed."""

    code = "forbidden"


class Conflict(DomainError):
    """The request clashes with the current state: closed thread, already reported…"""

    code = "conflict"


class BadRequest(DomainError):
    """The request cannot be understood at all (malformed cursor)."""

    code = "bad_request"


class TooManyRequests(DomainError):
    """Slow down: the reader may try again after `retry_after` seconds."""

    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after = max(1, retry_after)
