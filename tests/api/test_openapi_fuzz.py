"""Schemathesis fuzzes every operation in /api/v1/openapi.json: no input may cause a 5xx.

The operations are driven through Hypothesis directly (schemathesis builds the strategies for valid
and invalid requests), which keeps the example count small and fixed. Half the cases are aimed at
rows that exist (the `news` site, real comment ids) so the fuzz reaches past the 404s.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core.result import Ok

from tests.api.helpers import SITE, THREAD, post_comment

EXAMPLES = 400


def _aim_at_real_rows(case: Any, comment_ids: list[int], pick: int) -> None:
    if "site" in case.path_parameters:
        case.path_parameters["site"] = SITE
    if "comment_id" in case.path_parameters:
        case.path_parameters["comment_id"] = comment_ids[pick % len(comment_ids)]
    if isinstance(case.query, dict) and "site" in case.query:
        case.query["site"] = SITE
    if isinstance(case.body, dict):
        if "site" in case.body:
            case.body["site"] = SITE
        if "thread" in case.body:
            case.body["thread"] = THREAD
        if "parent_id" in case.body:
            case.body["parent_id"] = comment_ids[pick % len(comment_ids)]


def test_no_server_errors(client: TestClient) -> None:
    root = post_comment(client, "seed")["id"]
    comment_ids = [root, post_comment(client, "seed reply", parent_id=root)["id"]]
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", client.app)
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # the schema itself must be valid
        operations.append(result.ok())
    assert len(operations) >= 7
    strategies = [
        operation.as_strategy(generation_mode=mode)
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    ]
    statuses: Counter[int] = Counter()

    @given(case=st.one_of(*strategies), aim=st.booleans(), pick=st.integers(0, 10))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: Any, aim: bool, pick: int) -> None:
        if aim:
            _aim_at_real_rows(case, comment_ids, pick)
        response: Any = case.call()
        statuses[response.status_code] += 1
        assert response.status_code < 500, (case.method, case.formatted_path, response.text)

    fuzz()
    # The run must have reached the app's success paths as well as its refusals.
    assert any(200 <= status < 300 for status in statuses), statuses
    assert any(400 <= status < 500 for status in statuses), statuses
