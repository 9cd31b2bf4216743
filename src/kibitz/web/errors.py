"""The one place where errors become HTTP: `{"error": {"code", "message", "field"}}` + a 4xx.

Domain errors map by kind; FastAPI's validation errors are renamed into our codes (malformed JSON is
a 400, a well-formed request with wrong types or values a 422); a database constraint hit by a race
(two identical votes at once) is a 409, and a value the database cannot store a 422. Anything else
is a bug and answers a JSON 500.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from kibitz.comments.schemas import ErrorBody, ErrorResponse
from kibitz.errors import (
    BadRequest,
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    TooManyRequests,
    Unauthorized,
)

log = logging.getLogger(__name__)

STATUS_BY_KIND: dict[type[DomainError], int] = {
    BadRequest: 400,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    InvalidInput: 422,
    TooManyRequests: 429,
}
_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}
_LOCATIONS = {"body", "query", "path", "header", "cookie"}
_PYDANTIC_CODES = {
    "missing": "missing",
    "int_from_float": "wrong_type",
    "extra_forbidden": "unknown_field",
    "literal_error": "invalid_choice",
    "enum": "invalid_choice",
    "string_too_long": "too_long",
    "too_long": "too_long",
    "string_too_short": "too_short",
    "too_short": "too_short",
    "greater_than": "out_of_range",
    "greater_than_equal": "out_of_range",
    "less_than": "out_of_range",
    "less_than_equal": "out_of_range",
}

# What each route may answer besides its success: listed in OpenAPI so clients see the shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse} for status in (400, 403, 404, 409, 422)
}
# Routes behind a sign-in (accounts, review) may also answer 401.
SIGNED_IN_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    401: {"model": ErrorResponse},
}


def error_response(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(code=code, message=message, field=field))
    return JSONResponse(body.model_dump(), status_code=status)


def status_for(error: DomainError) -> int:
    for kind in type(error).__mro__:
        if kind in STATUS_BY_KIND:
            return STATUS_BY_KIND[kind]
    return 400


async def _domain_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    response = error_response(status_for(exc), exc.code, exc.message, exc.field)
    details = exc.details()
    if details:
        body = ErrorResponse(error=ErrorBody(code=exc.code, message=exc.message, field=exc.field))
        response = JSONResponse(body.model_dump() | details, status_code=status_for(exc))
    if isinstance(exc, TooManyRequests):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors: Sequence[Any] = exc.errors()
    if any(error.get("type") == "json_invalid" for error in errors):
        return error_response(400, "malformed_json", "the request body is not valid JSON")
    first = errors[0] if errors else {}
    field = _field(first.get("loc", ()))
    kind = str(first.get("type", ""))
    code = _PYDANTIC_CODES.get(kind)
    if code is None:
        code = "wrong_type" if kind.endswith(("_type", "_parsing")) else "invalid"
    message = str(first.get("msg", "invalid input"))
    return error_response(422, code, f"{field}: {message}" if field else message, field)


def _field(loc: Sequence[Any]) -> str | None:
    parts = [str(part) for part in loc]
    if parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
    return ".".join(parts) or None


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    response = error_response(exc.status_code, code, str(exc.detail))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _integrity_error(_request: Request, exc: Exception) -> JSONResponse:
    log.info("integrity error answered as 409: %s", exc)
    return error_response(409, "conflict", "the request clashed with a concurrent change")


async def _unstorable_data(_request: Request, exc: Exception) -> JSONResponse:
    # The database refused a value the validators let through (a NUL byte in some text field,
    # a string longer than its column): the input is at fault, so it is a 422, never a 500.
    log.info("data error answered as 422: %s", exc)
    return error_response(422, "unstorable_text", "the request holds text that cannot be stored")


async def _database_unavailable(_request: Request, exc: Exception) -> JSONResponse:
    # The database restarting or unreachable: a clean, retryable answer. The pool re-checks
    # connections (pool_pre_ping), so the server recovers by itself once it is back.
    log.warning("database unavailable: %s", exc)
    response = error_response(503, "database_unavailable", "the database is unavailable; retry")
    response.headers["Retry-After"] = "2"
    return response


async def _server_error(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return error_response(500, "internal_error", "something went wrong on our side")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(DataError, _unstorable_data)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(Exception, _server_error)
