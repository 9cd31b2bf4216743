"""PostgreSQL unavailable (its database refuses connections and loses the open ones): requests
answer a clean 503 JSON with `Retry-After`, and the server recovers without a restart."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from tests.reliability.support import (
    allow_database,
    block_database,
    comment_payload,
    database_name,
    kibitz_serve,
    postgres_database,
    wait_until,
)

pytestmark = [pytest.mark.postgres, pytest.mark.reliability, pytest.mark.xdist_group("reliability")]

RECOVERY_SECONDS = 5


def _assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"]["code"] == "database_unavailable"
    assert int(response.headers["retry-after"]) > 0


def test_database_outage_answers_503_and_recovers(tmp_path: Path) -> None:
    with (
        postgres_database() as url,
        kibitz_serve(url, tmp_path) as server,
        httpx.Client(base_url=server.base, timeout=10) as client,
    ):
        assert client.post("/api/v1/comments", json=comment_payload(1)).status_code == 201
        name = database_name(url)
        block_database(name)
        try:
            _assert_unavailable(client.get("/api/v1/health"))
            _assert_unavailable(client.post("/api/v1/comments", json=comment_payload(2)))
        finally:
            allow_database(name)
        back = time.monotonic()
        wait_until(
            lambda: client.get("/api/v1/health").status_code == 200,
            RECOVERY_SECONDS,
            "the server did not recover",
        )
        assert client.post("/api/v1/comments", json=comment_payload(3)).status_code == 201
        assert time.monotonic() - back < RECOVERY_SECONDS
