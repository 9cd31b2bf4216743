"""Soak: a real `kibitz serve` under a paced, mixed reader, writer and moderator load for
`KIBITZ_SOAK_SECONDS` (300 by default, CI-size). No 5xx, no request without an answer, every
acknowledged write in the database as acknowledged, flat memory and descriptors after warm-up,
and a last minute no slower than the first. The summary prints with `-s` (or `-rP`):

    KIBITZ_SOAK_SECONDS=3600 .venv/bin/pytest tests/reliability/test_soak.py -s

Both variants share one xdist group, so they run one after the other beside the rest of the suite.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from kibitz.accounts import service as accounts
from kibitz.db import make_engine, make_session_factory, transaction, upgrade
from kibitz.sites import service as sites_service
from tests.reliability.soak import MODERATOR_EMAIL, MODERATOR_PASSWORD, Load, Plan
from tests.reliability.soak_checks import (
    Probe,
    database_problems,
    latency_problems,
    memory,
    memory_problems,
    summary,
    windows,
)
from tests.reliability.support import (
    SITE,
    RedisServer,
    Server,
    kibitz_serve,
    postgres_database,
    run_coroutine,
)

pytestmark = [pytest.mark.reliability, pytest.mark.xdist_group("soak")]

DEFAULT_SECONDS = 300.0
OVERRUN_SECONDS = 60  # hard limit past the planned duration: requests in flight, a last stream


def soak_seconds() -> float:
    raw = os.environ.get("KIBITZ_SOAK_SECONDS", "")
    seconds = float(raw) if raw else DEFAULT_SECONDS
    assert seconds >= 10, f"KIBITZ_SOAK_SECONDS={raw!r}: a soak needs at least 10 seconds"
    return seconds


@dataclass
class Outcome:
    load: Load
    probe: Probe


async def _drive(base: str, pids: list[int], plan: Plan) -> Outcome:
    load = Load(base, plan)
    probe = Probe(pids, interval=min(5.0, max(0.5, plan.seconds / 100)))
    probe.sample(0.0)
    try:
        async with asyncio.timeout(plan.seconds + OVERRUN_SECONDS):
            await asyncio.gather(load.run(), probe.run(load))
    except TimeoutError:
        pytest.fail(f"the soak overran its hard limit of {plan.seconds + OVERRUN_SECONDS:.0f} s")
    return Outcome(load, probe)


def _seed(url: str, *, site: bool) -> None:
    """The test site (unless the database came with it) and the moderator the load signs in as."""
    engine = make_engine(url)
    try:
        with transaction(make_session_factory(engine)) as session:
            if site:
                sites_service.create(session, key=SITE)
            accounts.create_user(
                session, email=MODERATOR_EMAIL, password=MODERATOR_PASSWORD, role="moderator"
            )
    finally:
        engine.dispose()


def _soak(label: str, server: Server, pids: list[int], url: str) -> None:
    plan = Plan(seconds=soak_seconds())
    outcome = run_coroutine(_drive(server.base, pids, plan))
    load = outcome.load
    memories = [
        memory(pid, samples, plan.seconds) for pid, samples in outcome.probe.samples.items()
    ]
    spans = windows(load.tally.calls, plan.seconds)
    print("\n" + summary(label, load, memories, spans))
    problems = load.tally.faults[:20] + database_problems(url, load.ledger)
    problems += memory_problems(memories) + latency_problems(spans)
    assert load.ledger.bodies, "the soak posted nothing"
    assert load.ledger.stream_events, "no live event reached a stream"
    assert not problems, "\n".join(problems)


def test_soak_sqlite_one_worker(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kibitz.db'}"
    upgrade(url)
    _seed(url, site=True)
    with kibitz_serve(url, tmp_path) as server:
        _soak("SQLite, 1 worker", server, [server.process.pid], url)


@pytest.mark.postgres
def test_soak_postgres_redis_two_workers(tmp_path: Path) -> None:
    redis_server = RedisServer(tmp_path)
    redis_server.start()
    try:
        with postgres_database() as url:
            _seed(url, site=False)
            with kibitz_serve(url, tmp_path, workers=2, redis_url=redis_server.url) as server:
                workers = server.workers()
                assert len(workers) == 2
                _soak("PostgreSQL + Redis, 2 workers", server, workers, url)
    finally:
        redis_server.kill()
