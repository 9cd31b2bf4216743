"""What the soak measures and judges: the server's memory and descriptors sampled from /proc,
latency per minute, and the database against the ledger of acknowledged writes."""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from kibitz.comments.models import Comment, Vote
from kibitz.db import make_engine
from kibitz.reports.models import Report
from kibitz.review.models import Decision
from tests.reliability.soak import Call, Ledger, Load

MIB = 1024 * 1024
WARM_UP = 0.2  # the first fifth of the run fills caches, pools and the allocator's arenas
# Flat memory: the last quarter after warm-up may hold at most this much more than the first.
MEMORY_FRACTION = 0.15
MEMORY_FLOOR = 30 * MIB
FD_SLACK = 16  # open descriptors wander with streams and keep-alive connections, a few at a time
P99_FACTOR = 4  # the last minute's p99 against the first's ...
P99_FLOOR = 0.05  # ... but never held to less than 4 × 50 ms: CI neighbours cause jitter


@dataclass(frozen=True)
class Sample:
    at: float
    rss: int  # bytes
    fds: int
    threads: int


def read_proc(pid: int, at: float) -> Sample:
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    rss = int(fields["VmRSS"].split()[0]) * 1024
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    return Sample(at, rss, fds, int(fields["Threads"]))


class Probe:
    """Samples every serving process every `interval` seconds while the load runs."""

    def __init__(self, pids: list[int], interval: float) -> None:
        self.interval = interval
        self.samples: dict[int, list[Sample]] = {pid: [] for pid in pids}

    def sample(self, at: float) -> None:
        for pid, samples in self.samples.items():
            samples.append(read_proc(pid, at))

    async def run(self, load: Load) -> None:
        while not load.done():
            self.sample(load.elapsed())
            await asyncio.sleep(self.interval)
        self.sample(load.elapsed())


@dataclass(frozen=True)
class Memory:
    pid: int
    first: Sample
    peak: int
    last: Sample
    before: float  # mean RSS of the first quarter after warm-up
    after: float  # mean RSS of the last quarter
    fds_before: float
    fds_after: float
    slope: float  # bytes per minute after warm-up (least squares)

    @property
    def growth(self) -> float:
        return self.after - self.before

    @property
    def bound(self) -> float:
        return max(MEMORY_FRACTION * self.before, MEMORY_FLOOR)


def memory(pid: int, samples: list[Sample], seconds: float) -> Memory:
    settled = [s for s in samples if s.at >= WARM_UP * seconds] or samples
    quarter = max(1, len(settled) // 4)
    head, tail = settled[:quarter], settled[-quarter:]
    return Memory(
        pid=pid,
        first=samples[0],
        peak=max(s.rss for s in samples),
        last=samples[-1],
        before=_mean([s.rss for s in head]),
        after=_mean([s.rss for s in tail]),
        fds_before=_mean([s.fds for s in head]),
        fds_after=_mean([s.fds for s in tail]),
        slope=_slope([(s.at, s.rss) for s in settled]) * 60,
    )


def _mean(values: list[int]) -> float:
    return sum(values) / len(values)


def _slope(points: list[tuple[float, int]]) -> float:
    n = len(points)
    if n < 2:
        return 0.0
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0


@dataclass(frozen=True)
class Window:
    start: float
    end: float
    count: int
    p50: float  # seconds
    p99: float


def windows(calls: list[Call], seconds: float) -> list[Window]:
    """Latency per minute (per third of the run when it is shorter than three minutes)."""
    width = 60.0 if seconds >= 180 else seconds / 3
    timed = [call for call in calls if call.status and call.kind != "sign in"]
    result = []
    start = 0.0
    while start < seconds - 1e-9:
        end = min(start + width, seconds)
        inside = sorted(
            c.seconds for c in timed if start <= c.at < end or (end == seconds and c.at >= end)
        )
        if inside:
            result.append(Window(start, end, len(inside), _rank(inside, 0.5), _rank(inside, 0.99)))
        start = end
    return result


def _rank(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def latency_problems(spans: list[Window]) -> list[str]:
    if len(spans) < 2:
        return []
    first, last = spans[0], spans[-1]
    limit = P99_FACTOR * max(first.p99, P99_FLOOR)
    if last.p99 > limit:
        return [
            f"the last minute's p99 ({last.p99 * 1000:.0f} ms) is over {P99_FACTOR} × the "
            f"first's ({first.p99 * 1000:.0f} ms, floor {P99_FLOOR * 1000:.0f} ms)"
        ]
    return []


def memory_problems(memories: list[Memory]) -> list[str]:
    problems = []
    for m in memories:
        if m.growth > m.bound:
            problems.append(
                f"pid {m.pid}: RSS grew {m.growth / MIB:.1f} MiB after warm-up "
                f"(bound {m.bound / MIB:.1f} MiB, {m.slope / MIB:+.2f} MiB/min)"
            )
        if m.fds_after - m.fds_before > FD_SLACK:
            problems.append(
                f"pid {m.pid}: open descriptors grew from {m.fds_before:.0f} to {m.fds_after:.0f}"
            )
    return problems


def database_problems(url: str, ledger: Ledger) -> list[str]:
    """Every acknowledged write is stored as acknowledged, and nothing unacknowledged is."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            comments = {
                row.id: row
                for row in connection.execute(
                    select(
                        Comment.id, Comment.status, Comment.body, Comment.upvotes, Comment.downvotes
                    )
                )
            }
            vote_rows = Counter(
                (row.comment_id, row.value)
                for row in connection.execute(select(Vote.comment_id, Vote.value))
            )
            reports = set(connection.scalars(select(Report.id)))
            decisions = set(connection.scalars(select(Decision.id)))
    finally:
        engine.dispose()
    problems = []
    missing = ledger.bodies.keys() - comments.keys()
    extra = comments.keys() - ledger.bodies.keys()
    if missing or extra:
        problems.append(
            f"{len(missing)} acknowledged comments are missing ({sorted(missing)[:10]})"
            f", {len(extra)} were never acknowledged ({sorted(extra)[:10]})"
        )
    wrong = [
        c
        for c, body in ledger.bodies.items()
        if c in comments
        and _differs(comments[c].status, comments[c].body, body, c in ledger.deleted)
    ]
    if wrong:
        problems.append(
            f"{len(wrong)} comments differ from their last acknowledged edit or "
            f"deletion ({sorted(wrong)[:10]})"
        )
    expected: Counter[tuple[int, int]] = Counter(
        (comment, value) for (comment, _), value in ledger.votes.items() if value
    )
    counted = Counter(
        {(c, 1): row.upvotes for c, row in comments.items() if row.upvotes}
    ) + Counter({(c, -1): row.downvotes for c, row in comments.items() if row.downvotes})
    if expected != vote_rows or expected != counted:
        problems.append(
            f"votes: {sum(expected.values())} acknowledged, "
            f"{sum(vote_rows.values())} stored, {sum(counted.values())} counted"
        )
    if ledger.reports - reports or len(reports) != len(ledger.reports):
        problems.append(f"reports: {len(ledger.reports)} acknowledged, {len(reports)} stored")
    if ledger.decisions - decisions:
        problems.append(f"decisions: {len(ledger.decisions - decisions)} acknowledged, not stored")
    return problems


def _differs(status: str, stored: str, body: str, deleted: bool) -> bool:
    if deleted:
        return status != "deleted"
    return status == "deleted" or stored != body


def summary(label: str, load: Load, memories: list[Memory], spans: list[Window]) -> str:
    calls, tally, ledger = load.tally.calls, load.tally, load.ledger
    kinds = Counter(call.kind for call in calls)
    races = ", ".join(f"{kind} ×{n}" for kind, n in sorted(tally.races.items())) or "none"
    lines = [
        f"soak {label}: {len(calls)} requests in {load.plan.seconds:.0f} s, "
        f"{len(tally.faults)} errors, races explained by another client: {races}",
        "  by kind: " + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items())),
        f"  ledger: {len(ledger.bodies)} comments ({len(ledger.deleted)} deleted), "
        f"{sum(1 for v in ledger.votes.values() if v)} votes, {len(ledger.reports)} reports, "
        f"{len(ledger.decisions)} decisions; {ledger.stream_events} live events received",
        "  window s   requests  p50 ms  p99 ms",
    ]
    lines += [
        f"  {w.start:4.0f}-{w.end:<4.0f} {w.count:9d} {w.p50 * 1000:7.1f} {w.p99 * 1000:7.1f}"
        for w in spans
    ]
    for m in memories:
        lines.append(
            f"  pid {m.pid} RSS MiB: start {m.first.rss / MIB:.1f}, after warm-up "
            f"{m.before / MIB:.1f}, end {m.last.rss / MIB:.1f}, peak {m.peak / MIB:.1f}; "
            f"growth {m.growth / MIB:+.1f} (bound {m.bound / MIB:.1f}), "
            f"{m.slope / MIB:+.2f}/min; fds {m.first.fds}->{m.last.fds}, "
            f"threads {m.first.threads}->{m.last.threads}"
        )
    return "\n".join(lines)
