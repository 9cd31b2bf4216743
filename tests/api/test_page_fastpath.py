"""The fast path (kibitz.web.fastpath): a cached page for a reader who never posted is answered
before the route, with the route's bytes and headers, and without the database."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import SITE_ORIGIN, ClientFactory, list_url, post_comment


def _no_database(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("the database was asked")


def _cut_off_database(client: TestClient) -> None:
    client.app.state.session_factory = _no_database  # type: ignore[attr-defined]


@pytest.mark.parametrize("params", [{}, {"sort": "best", "limit": "5"}])
def test_a_cached_page_is_served_without_the_database(
    client_factory: ClientFactory, params: dict[str, str]
) -> None:
    author, reader = client_factory(), client_factory()
    post_comment(author, "A comment many anonymous readers will read.")
    first = reader.get(list_url(), params=params, headers={"Origin": SITE_ORIGIN})
    assert first.status_code == 200, first.text
    _cut_off_database(reader)
    again = reader.get(list_url(), params=params, headers={"Origin": SITE_ORIGIN})
    assert again.status_code == 200
    assert again.content == first.content
    assert dict(again.headers) == dict(first.headers)  # CORS and security headers alike


def test_readers_and_unusual_queries_go_to_the_route(client_factory: ClientFactory) -> None:
    author, reader = client_factory(), client_factory()
    post_comment(author, "A comment whose author sees their own view of the thread.")
    assert reader.get(list_url()).status_code == 200  # now cached
    for query in ({"limit": "0"}, {"sort": "loudest"}, {"limit": "101"}):
        response = reader.get(list_url(), params=query)
        assert response.status_code == 422, response.text  # validated by the route, as before
    assert author.get(list_url()).status_code == 200
    _cut_off_database(author)
    with pytest.raises(AssertionError, match="the database was asked"):
        author.get(list_url())  # the author's cookie: never a shared page
