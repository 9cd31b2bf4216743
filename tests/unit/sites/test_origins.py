"""Origins as browsers send them."""

from __future__ import annotations

import pytest

from kibitz.errors import InvalidInput
from kibitz.sites.origins import normalize_origin, try_normalize_origin


@pytest.mark.parametrize(
    ("value", "origin"),
    [
        ("https://News.Example.com", "https://news.example.com"),
        ("https://news.example.com:443/path?q=1", "https://news.example.com"),
        ("http://localhost:8000", "http://localhost:8000"),
        ("http://127.0.0.1:80", "http://127.0.0.1"),
        ("http://[::1]:8000", "http://[::1]:8000"),
    ],
)
def test_normalize(value: str, origin: str) -> None:
    assert normalize_origin(value) == origin


@pytest.mark.parametrize(
    "value", ["null", "news.example.com", "ftp://x", "http://", "http://x:99999"]
)
def test_refuse(value: str) -> None:
    with pytest.raises(InvalidInput):
        normalize_origin(value)
    assert try_normalize_origin(value) is None
