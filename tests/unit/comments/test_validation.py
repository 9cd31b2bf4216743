"""What readers type: bodies, names, e-mails, URLs, and text no database can store."""

from __future__ import annotations

import pytest

from kibitz.comments import validation
from kibitz.errors import InvalidInput


def test_body_is_trimmed_and_line_endings_normalised() -> None:
    assert validation.clean_body("  hi\r\nthere\r  ", max_chars=100) == "hi\nthere"


@pytest.mark.parametrize("body", ["", " ", "\n\t", "\u200b", "\u00a0\u3000"])
def test_empty_bodies(body: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validation.clean_body(body, max_chars=100)
    assert (caught.value.code, caught.value.field) == ("body_empty", "body")


def test_body_limit_counts_characters_not_bytes() -> None:
    assert validation.clean_body("ب" * 10, max_chars=10) == "ب" * 10
    with pytest.raises(InvalidInput) as caught:
        validation.clean_body("ب" * 11, max_chars=10)
    assert caught.value.code == "body_too_long"


@pytest.mark.parametrize("text", ["a\x00b", "\ud800"])
def test_unstorable_text(text: str) -> None:
    assert not validation.is_storable(text)
    with pytest.raises(InvalidInput) as caught:
        validation.clean_body(text, max_chars=100)
    assert caught.value.code == "invalid_characters"


def test_names() -> None:
    assert validation.clean_name(None, max_chars=80) == ""
    assert validation.clean_name("  Ada \t Lovelace\x07 ", max_chars=80) == "Ada Lovelace"
    assert validation.clean_name("<b>x</b>", max_chars=80) == "<b>x</b>"  # text, escaped later
    with pytest.raises(InvalidInput) as caught:
        validation.clean_name("n" * 81, max_chars=80)
    assert caught.value.code == "name_too_long"


def test_emails() -> None:
    assert validation.clean_email(None) is None
    assert validation.clean_email("  ") is None
    assert validation.clean_email(" Ada@Example.ORG ") == "ada@example.org"
    for bad in ("ada", "ada@", "a b@c.d", "x@" + "y" * 260 + ".com"):
        with pytest.raises(InvalidInput):
            validation.clean_email(bad)


def test_urls_and_titles() -> None:
    assert validation.clean_url("https://news.example.com/a") == "https://news.example.com/a"
    assert validation.clean_url("") is None
    for bad in ("javascript:alert(1)", "ftp://x/y", "https://", "http://[::1"):
        with pytest.raises(InvalidInput):
            validation.clean_url(bad)
    assert validation.clean_title("  Strikes\n in Iraq ") == "Strikes in Iraq"
    assert validation.clean_title("   ") is None
