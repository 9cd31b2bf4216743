"""`kibitz dev seed`: a big conversation to test at size (a million comments in minutes).

Rows go in by the bulk path of each database: `COPY … FROM STDIN` on PostgreSQL, batched
`executemany` on SQLite. Ids are assigned here so replies can name their parents without a round
trip per comment; the id sequence is moved past them afterwards.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import typer
from rich.progress import Progress
from sqlalchemy import Connection, func, insert, select, text

from kibitz.comments.models import Comment, Thread
from kibitz.config import get_settings
from kibitz.db import make_engine, make_session_factory, transaction, upgrade
from kibitz.sites import service as sites_service

dev_app = typer.Typer(help="Development tools.", no_args_is_help=True)

BATCH = 5_000
COLUMNS = (
    "id, thread_id, parent_id, root_id, depth, author_name, body, html, status, upvotes, "
    "downvotes, score, created_at, hidden_by_reports"
)
WORDS = (
    "the minister said strikes budget vote council report answer question sources fair "
    "point agree evidence city week families local reporting article claim timeline"
).split()


def thread_sizes(comments: int, threads: int) -> list[int]:
    """Zipf-like: a few hot threads and a long tail, as on a news site (sums to `comments`)."""
    weights = [1 / (rank + 1) for rank in range(threads)]
    total = sum(weights)
    sizes = [int(comments * weight / total) for weight in weights]
    sizes[0] += comments - sum(sizes)
    return sizes


@dev_app.command("seed")
def seed(
    comments: Annotated[int, typer.Option(min=1, help="Comments to add.")] = 100_000,
    threads: Annotated[int, typer.Option(min=1, help="Threads to spread them over.")] = 100,
    site: Annotated[str, typer.Option(help="Site key (created if missing).")] = "seed",
    replies: Annotated[float, typer.Option(min=0, max=0.9, help="Share of replies.")] = 0.3,
) -> None:
    """Add COMMENTS published comments (with replies and votes) to THREADS new threads."""
    settings = get_settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            site_row = sites_service.get(session, key=site) or sites_service.create(
                session, key=site, origins=[]
            )
            site_id = site_row.id
        sizes = thread_sizes(comments, threads)
        with engine.begin() as connection, Progress() as progress:
            task = progress.add_task("comments", total=comments)
            first_id = (connection.scalar(select(func.max(Comment.id))) or 0) + 1
            # Threads first: nothing else may run on the connection while COPY streams.
            thread_ids = _threads(connection, site_id, len(sizes))
            rows = _rows(list(zip(thread_ids, sizes, strict=True)), first_id, replies)
            for done in _write(connection, rows):
                progress.advance(task, done)
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT setval(pg_get_serial_sequence('comments', 'id'), :last)"),
                    {"last": first_id + comments},
                )
        typer.echo(f"Added {comments} comments in {threads} threads to site {site!r}.")
    finally:
        engine.dispose()


def _threads(connection: Connection, site_id: int, count: int) -> list[int]:
    stamp = f"{datetime.now(UTC):%Y%m%d%H%M%S}"
    values = [
        {"site_id": site_id, "key": f"seed/{stamp}/{n}", "title": f"Seeded {n}"}
        for n in range(count)
    ]
    return list(
        connection.scalars(
            insert(Thread).returning(Thread.id, sort_by_parameter_order=True), values
        )
    )


def _rows(
    threads: list[tuple[int, int]], first_id: int, replies: float
) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(8)
    start = datetime.now(UTC) - timedelta(days=1)
    next_id = first_id
    for thread_id, size in threads:
        recent: list[tuple[int, int, int]] = []  # (id, root id, depth) of recent comments
        for index in range(size):
            parent = rng.choice(recent) if recent and rng.random() < replies else None
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40)))
            up, down = rng.randint(0, 9), rng.randint(0, 3)
            root = parent[1] if parent else None
            depth = parent[2] + 1 if parent else 0
            yield (
                next_id, thread_id, parent[0] if parent else None, root, depth,
                f"Reader {rng.randint(1, 5000)}", body, f"<p>{body}</p>", "published",
                up, down, up - down, start + timedelta(milliseconds=index), False,
            )  # fmt: skip
            recent.append((next_id, root or next_id, depth))
            recent = recent[-50:]
            next_id += 1


def _write(connection: Connection, rows: Iterator[tuple[Any, ...]]) -> Iterator[int]:
    """Write rows in batches; yields how many each batch wrote, for the progress bar."""
    if connection.dialect.name == "postgresql":
        raw: Any = connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY comments ({COLUMNS}) FROM STDIN") as copy:
            count = 0
            for row in rows:
                copy.write_row(row)
                count += 1
                if count == BATCH:
                    yield count
                    count = 0
            yield count
        return
    names = [name.strip() for name in COLUMNS.split(",")]
    statement = text(
        f"INSERT INTO comments ({COLUMNS}) VALUES ({', '.join(':' + n for n in names)})"
    )
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(dict(zip(names, row, strict=True)))
        if len(batch) == BATCH:
            connection.execute(statement, batch)
            yield len(batch)
            batch = []
    if batch:
        connection.execute(statement, batch)
        yield len(batch)
