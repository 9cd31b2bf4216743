"""Origins as browsers send them: `scheme://host[:port]`, lower case, default ports left out."""

from __future__ import annotations

from urllib.parse import urlsplit

from kibitz.errors import InvalidInput

_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_origin(value: str) -> str:
    """`https://News.Example.com:443/path` -> `https://news.example.com`; raises otherwise."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError as exc:
        raise InvalidInput(f"not an origin: {value!r}", field="origin") from exc
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in _DEFAULT_PORTS or not host:
        raise InvalidInput(
            f"not an origin: {value!r} (expected http(s)://host[:port])", field="origin"
        )
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is None or port == _DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def try_normalize_origin(value: str) -> str | None:
    """Like `normalize_origin` but None for a malformed header value (it is then never allowed)."""
    try:
        return normalize_origin(value)
    except InvalidInput:
        return None
