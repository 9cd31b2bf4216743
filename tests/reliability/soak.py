"""The soak's load: a few paced clients that behave like a news site's readers and one moderator,
and the ledger of everything the server acknowledged, which the database must hold at the end.

CI-size by default (`Plan()`): one lurker reading cached first and cursor pages, two commenters
(guest readers, a new one every few dozen actions) who read uncached pages, post, reply, vote,
report, edit and delete their own comments, one watcher opening and dropping live streams, and a
moderator deciding a queued comment every few seconds. About 20 requests a second in all, a few
percent of one core for the server, so the rest of the suite keeps its CPU.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx

from tests.reliability.support import SITE

THREADS = (  # thread keys as news sites choose them: paths, a query, non-ASCII, a whole URL
    "2026/11/council-budget",
    "2026/11/rail-strike?page=2",
    "world/élections-municipales",
    "sport/derby-report",
    "https://news.example.com/2026/11/flood-warning",
    "opinion/housing-plan",
)
MODERATOR_EMAIL = "soak-moderator@example.com"
MODERATOR_PASSWORD = "soak-moderator-password"
REQUEST_SECONDS = 15  # one answer; far above any sane latency, so only a hang reaches it
EDITABLE_SECONDS = 60  # own comments are edited or deleted only while young (the window is 900 s)
RECENT = 200  # published comments remembered per thread, to reply to, vote on and report

# Plain texts the moderation model publishes, combined so that no reader repeats one (repeats
# read as spam and would be held).
OPENINGS = (
    "Thanks for this.|Interesting piece.|Good reporting.|I read it twice.|Useful summary."
    "|Fair points here.|Well explained.|Helpful article."
).split("|")
SUBJECTS = (
    "The library hours|The bus timetable|The budget figures|The school plan|The park renovation"
    "|The council vote|The road repairs|The market days|The recycling scheme|The housing survey"
).split("|")
CLOSINGS = (
    "look sensible to me.|deserve a follow-up.|seem clearer now.|were worth the wait."
    "|need a second look.|match what neighbours said.|make the decision easier."
    "|should be published every year."
).split("|")


@dataclass(frozen=True)
class Plan:
    seconds: float
    lurkers: int = 1
    commenters: int = 2
    watchers: int = 1
    moderator: bool = True
    pause: float = 0.2  # think time between two actions of one client
    reader_actions: int = 40  # a commenter becomes a new guest reader after this many actions
    moderator_pause: float = 5.0
    seed: int = 20261125


@dataclass(frozen=True)
class Call:
    at: float  # seconds since the load started
    kind: str
    status: int  # 0: no answer (transport error or timeout)
    seconds: float


@dataclass
class Ledger:
    """What the server acknowledged; `check_database` compares it with what was stored."""

    bodies: dict[int, str] = field(default_factory=dict)  # comment -> last acknowledged body
    deleted: set[int] = field(default_factory=set)
    votes: dict[tuple[int, int], int] = field(default_factory=dict)  # (comment, reader) -> value
    reports: set[int] = field(default_factory=set)
    decisions: set[int] = field(default_factory=set)
    # Deleted, edited, reported or decided: a 404 or 409 on these is a race with another client
    # (the page said published a moment ago), not a fault. Marked before the request is sent.
    changed: set[int] = field(default_factory=set)
    published: dict[str, dict[int, None]] = field(default_factory=dict)  # thread -> ids, in order
    stream_events: int = 0

    def seen(self, thread: str, comment: int) -> None:
        recent = self.published.setdefault(thread, {})
        recent[comment] = None
        while len(recent) > RECENT:
            del recent[next(iter(recent))]

    def candidates(self, thread: str) -> list[int]:
        return [c for c in self.published.get(thread, {}) if c not in self.changed]


@dataclass
class Tally:
    calls: list[Call] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)  # 5xx, no answer, an unexplained 4xx
    races: Counter[str] = field(default_factory=Counter)


def thread_path(thread: str, tail: str) -> str:
    return f"/api/v1/threads/{SITE}/{quote(thread, safe='')}/{tail}"


class Load:
    """Runs the plan against `base` and keeps the ledger and the tally."""

    def __init__(self, base: str, plan: Plan) -> None:
        self.base = base
        self.plan = plan
        self.ledger = Ledger()
        self.tally = Tally()
        self._texts = itertools.count()
        self._readers = itertools.count(1)
        self._started = 0.0

    async def run(self) -> None:
        self._started = time.monotonic()
        plan = self.plan
        actors = [self._lurker(n) for n in range(plan.lurkers)]
        actors += [self._commenter(n) for n in range(plan.commenters)]
        actors += [self._watcher(n) for n in range(plan.watchers)]
        if plan.moderator:
            actors.append(self._moderator())
        await asyncio.gather(*actors)

    def elapsed(self) -> float:
        return time.monotonic() - self._started

    def done(self) -> bool:
        return self.elapsed() >= self.plan.seconds

    @asynccontextmanager
    async def client(self) -> AsyncIterator[httpx.AsyncClient]:
        async with httpx.AsyncClient(base_url=self.base, timeout=REQUEST_SECONDS) as client:
            yield client

    async def call(
        self,
        client: httpx.AsyncClient,
        kind: str,
        method: str,
        url: str,
        *,
        expect: int = 200,
        comment: int | None = None,
        **kwargs: Any,
    ) -> httpx.Response | None:
        """One request, timed and judged: the response when it has the expected status."""
        at = self.elapsed()
        try:
            response = await client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            self._record(kind, 0, at)
            self.tally.faults.append(f"{kind}: {method} {url}: no answer: {exc!r}")
            return None
        self._record(kind, response.status_code, at)
        status = response.status_code
        if status == expect:
            return response
        if status in (404, 409) and comment in self.ledger.changed:
            self.tally.races[f"{kind} {status}"] += 1
        else:
            self.tally.faults.append(f"{kind}: {method} {url}: {status} {response.text[:300]}")
        return None

    def _record(self, kind: str, status: int, at: float) -> None:
        self.tally.calls.append(Call(at, kind, status, self.elapsed() - at))

    def text(self) -> str:
        n = next(self._texts)
        parts = (OPENINGS[n % 8], SUBJECTS[n // 8 % 10], CLOSINGS[n // 80 % 8])
        return " ".join(parts) + ("" if n < 640 else f" Point {n // 640} stands.")

    def harvest(self, thread: str, page: dict[str, Any]) -> None:
        """Remember the published comments of a page (replies included) to act on later."""
        stack = list(page["comments"])
        while stack:
            comment = stack.pop()
            if comment["status"] == "published" and not comment["mine"]:
                self.ledger.seen(thread, comment["id"])
            stack.extend(comment["replies"])

    async def read(
        self, client: httpx.AsyncClient, rng: random.Random, kind: str, pages: int = 1
    ) -> str:
        """The first page of a thread in a random order, then up to `pages - 1` more by cursor."""
        thread = rng.choice(THREADS)
        params: dict[str, str | int] = {
            "sort": rng.choice(("oldest", "newest", "best")),
            "limit": rng.choice((5, 10, 20)),
        }
        for page_number in range(pages):
            url = thread_path(thread, "comments")
            name = kind if page_number == 0 else f"{kind} cursor"
            response = await self.call(client, name, "GET", url, params=params)
            if response is None:
                break
            page = response.json()
            self.harvest(thread, page)
            if page["next_cursor"] is None:
                break
            params["cursor"] = page["next_cursor"]
        return thread

    async def _lurker(self, number: int) -> None:
        """A reader who never posts: every page comes from the hot-thread cache."""
        rng = random.Random(self.plan.seed + number)
        async with self.client() as client:
            while not self.done():
                if rng.random() < 0.1:
                    threads = rng.sample(THREADS, 3)
                    params = {"site": SITE, "thread": threads}
                    await self.call(client, "counts", "GET", "/api/v1/counts", params=params)
                else:
                    await self.read(client, rng, "page cached", pages=rng.choice((1, 1, 2, 3)))
                await asyncio.sleep(self.plan.pause / 2)

    async def _commenter(self, number: int) -> None:
        rng = random.Random(self.plan.seed + 100 + number)
        while not self.done():
            reader = Commenter(self, rng, next(self._readers))
            async with self.client() as client:
                for _ in range(self.plan.reader_actions):
                    if self.done():
                        break
                    await reader.act(client)
                    await asyncio.sleep(self.plan.pause)

    async def _watcher(self, number: int) -> None:
        """Opens a thread's live stream, reads it for a few seconds, drops it; again."""
        rng = random.Random(self.plan.seed + 200 + number)
        async with self.client() as client:
            while not self.done():
                hold = min(rng.uniform(2, 8), max(0.0, self.plan.seconds - self.elapsed()))
                await self._watch(client, rng.choice(THREADS), hold)
                await asyncio.sleep(self.plan.pause)

    async def _watch(self, client: httpx.AsyncClient, thread: str, hold: float) -> None:
        url, at = thread_path(thread, "events"), self.elapsed()
        try:
            async with client.stream("GET", url) as response:
                self._record("stream", response.status_code, at)
                if response.status_code != 200:
                    await response.aread()
                    self.tally.faults.append(f"stream: {url}: {response.status_code}")
                    return
                with contextlib.suppress(TimeoutError):  # time is up: drop the stream
                    async with asyncio.timeout(hold):
                        async for line in response.aiter_lines():
                            self.ledger.stream_events += line.startswith("data:")
        except httpx.HTTPError as exc:
            self._record("stream", 0, at)
            self.tally.faults.append(f"stream: {url}: {exc!r}")

    async def _moderator(self) -> None:
        """Signs in, then every few seconds decides the first comment of a queue."""
        rng = random.Random(self.plan.seed + 300)
        async with self.client() as client:
            credentials = {"email": MODERATOR_EMAIL, "password": MODERATOR_PASSWORD}
            response = await self.call(
                client, "sign in", "POST", "/api/v1/auth/login", json=credentials
            )
            if response is None:
                return
            headers = {"X-CSRF-Token": response.json()["csrf_token"]}
            for queue in itertools.cycle(("pending", "reported", "all")):
                await asyncio.sleep(min(self.plan.moderator_pause, self.plan.seconds / 4))
                if self.done():
                    return
                await self._decide(client, rng, queue, headers)

    async def _decide(
        self, client: httpx.AsyncClient, rng: random.Random, queue: str, headers: dict[str, str]
    ) -> None:
        sort = "newest" if queue == "all" else "oldest"
        params = {"queue": queue, "site": SITE, "limit": 5, "sort": sort}
        response = await self.call(
            client, "review queue", "GET", "/api/v1/review/queue", params=params
        )
        items = [] if response is None else response.json()["items"]
        if queue == "all":  # pin a published one
            items = [item for item in items if item["status"] == "published"]
        if not items:
            return
        comment = rng.choice(items)["id"]
        action: dict[str, str] = {
            "pending": {"action": "approve"},
            "reported": {"action": "reject", "rule": "spam"},
            "all": {"action": "feature"},
        }[queue]
        self.ledger.changed.add(comment)
        url = f"/api/v1/review/comments/{comment}/decision"
        decided = await self.call(
            client, "decision", "POST", url, json=action, headers=headers, comment=comment
        )
        if decided is not None:
            self.ledger.decisions.add(decided.json()["decision_id"])


class Commenter:
    """One guest reader (its own cookie, so its pages are never the shared cached ones)."""

    def __init__(self, load: Load, rng: random.Random, number: int) -> None:
        self.load = load
        self.rng = rng
        self.number = number
        self.own: dict[int, tuple[str, float]] = {}  # comment -> thread, when posted
        self.reported: set[int] = set()

    async def act(self, client: httpx.AsyncClient) -> None:
        actions = (self.read, self.post, self.reply, self.vote, self.report, self.edit, self.delete)
        weights = (30, 20, 15, 20, 4, 6, 5)
        await self.rng.choices(actions, weights)[0](client)

    async def read(self, client: httpx.AsyncClient) -> None:
        await self.load.read(client, self.rng, "page own", pages=self.rng.choice((1, 2)))

    async def post(
        self, client: httpx.AsyncClient, parent: int | None = None, thread: str = ""
    ) -> None:
        thread = thread or self.rng.choice(THREADS)
        body = self.load.text()
        payload = {
            "site": SITE,
            "thread": thread,
            "body": body,
            "parent_id": parent,
            "author_name": f"Reader {self.number}",
            "confirm": True,
        }
        kind = "reply" if parent else "post"
        response = await self.load.call(
            client, kind, "POST", "/api/v1/comments", json=payload, expect=201, comment=parent
        )
        if response is None:
            return
        created = response.json()
        self.load.ledger.bodies[created["id"]] = body
        self.own[created["id"]] = (thread, self.load.elapsed())

    async def reply(self, client: httpx.AsyncClient) -> None:
        thread = self.rng.choice(THREADS)
        parents = self.load.ledger.candidates(thread)
        if parents:
            await self.post(client, parent=self.rng.choice(parents), thread=thread)
        else:
            await self.post(client, thread=thread)

    def _others(self) -> list[int]:
        thread = self.rng.choice(THREADS)
        return [c for c in self.load.ledger.candidates(thread) if c not in self.own]

    async def vote(self, client: httpx.AsyncClient) -> None:
        comments = self._others()
        if not comments:
            return await self.read(client)
        comment, value = self.rng.choice(comments), self.rng.choice((1, 1, -1, 0))
        url = f"/api/v1/comments/{comment}/votes"
        response = await self.load.call(
            client, "vote", "POST", url, json={"value": value}, comment=comment
        )
        if response is not None:
            self.load.ledger.votes[(comment, self.number)] = response.json()["my_vote"]

    async def report(self, client: httpx.AsyncClient) -> None:
        comments = [c for c in self._others() if c not in self.reported]
        if not comments:
            return await self.read(client)
        comment = self.rng.choice(comments)
        self.reported.add(comment)
        self.load.ledger.changed.add(comment)  # enough reports hide it from other readers
        payload = {"reason": self.rng.choice(("spam", "discourtesy", "other"))}
        url = f"/api/v1/comments/{comment}/reports"
        response = await self.load.call(
            client, "report", "POST", url, json=payload, expect=201, comment=comment
        )
        if response is not None:
            self.load.ledger.reports.add(response.json()["id"])

    def _young(self) -> int | None:
        now = self.load.elapsed()
        young = [c for c, (_, at) in self.own.items() if now - at < EDITABLE_SECONDS]
        return self.rng.choice(young) if young else None

    async def edit(self, client: httpx.AsyncClient) -> None:
        comment = self._young()
        if comment is None:
            return await self.post(client)
        body = self.load.text()
        self.load.ledger.changed.add(comment)  # an edit is judged again: it may be held
        response = await self.load.call(
            client,
            "edit",
            "PATCH",
            f"/api/v1/comments/{comment}",
            json={"body": body, "confirm": True},
            comment=comment,
        )
        if response is not None:
            self.load.ledger.bodies[comment] = body

    async def delete(self, client: httpx.AsyncClient) -> None:
        comment = self._young()
        if comment is None:
            return await self.read(client)
        del self.own[comment]
        self.load.ledger.changed.add(comment)
        response = await self.load.call(
            client, "delete", "DELETE", f"/api/v1/comments/{comment}", expect=204, comment=comment
        )
        if response is not None:
            self.load.ledger.deleted.add(comment)
