"""Checks on what readers type, beyond the JSON types the schema already enforces.

Limits come from settings. Text that a database cannot store (NUL bytes, lone surrogates) is
refused here as bad input, so it never reaches PostgreSQL as a 500.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from kibitz.errors import InvalidInput

ANONYMOUS = "Anonymous"
MAX_EMAIL_CHARS = 254
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def is_storable(value: str) -> bool:
    """False for text PostgreSQL or UTF-8 cannot hold: NUL bytes and lone surrogates."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_text(value: str, *, field: str) -> str:
    if not is_storable(value):
        raise InvalidInput(
            f"{field} contains characters that cannot be stored",
            field=field,
            code="invalid_characters",
        )
    return value


def clean_body(body: str, *, max_chars: int) -> str:
    """The body as stored: surrounding whitespace trimmed, line endings normalised."""
    check_text(body, field="body")
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body or not any(unicodedata.category(ch)[0] not in "ZC" for ch in body):
        raise InvalidInput("write something first", field="body", code="body_empty")
    if len(body) > max_chars:
        raise InvalidInput(
            f"a comment is at most {max_chars:,} characters (this one has {len(body):,})",
            field="body",
            code="body_too_long",
        )
    return body


def clean_name(name: str | None, *, max_chars: int) -> str:
    """The shown name; empty means the reader chose to stay anonymous."""
    if name is None:
        return ""
    check_text(name, field="author_name")
    name = " ".join(_CONTROL.sub("", name).split())
    if len(name) > max_chars:
        raise InvalidInput(
            f"a name is at most {max_chars} characters", field="author_name", code="name_too_long"
        )
    return name


def clean_email(email: str | None) -> str | None:
    if email is None or not email.strip():
        return None
    check_text(email, field="author_email")
    email = email.strip().lower()
    if len(email) > MAX_EMAIL_CHARS or not _EMAIL.match(email):
        raise InvalidInput(
            "that is not an e-mail address", field="author_email", code="invalid_email"
        )
    return email


def clean_thread_key(key: str) -> str:
    check_text(key, field="thread")
    if not key.strip():
        raise InvalidInput("a thread key cannot be blank", field="thread", code="invalid_thread")
    return key


def clean_title(title: str | None) -> str | None:
    if title is None:
        return None
    check_text(title, field="thread_title")
    return " ".join(_CONTROL.sub("", title).split()) or None


def clean_url(url: str | None) -> str | None:
    if url is None or not url.strip():
        return None
    check_text(url, field="thread_url")
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.netloc:
        raise InvalidInput(
            "the article URL must be http(s)://…", field="thread_url", code="invalid_url"
        )
    return url


def clean_note(note: str | None) -> str | None:
    if note is None:
        return None
    check_text(note, field="note")
    return note.strip() or None
