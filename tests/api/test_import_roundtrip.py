"""Export -> import round trips: `json` to equal data, `disqus` to equal threads and comments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kibitz.comments.models import Comment
from kibitz.comments.render import render_markdown
from kibitz.config import Settings
from kibitz.db import transaction
from kibitz.imports.records import SourceError
from kibitz.sites import service as sites_service
from tests.api.helpers import make_site
from tests.api.import_support import FIXTURES, SITE, do_import, export_site, snapshot

# Every construct the renderer knows, plus text that looks like markup.
BODIES = [
    "Plain text with *emphasis*, **strong** and a [link](https://example.com/a?b=1&c=2).",
    "> a quote\n\nthen a reply\nwith a line break",
    "- one\n- two *three*\n\n1. first\n2. second",
    "`inline code` and\n\n```\nblock <code>\n```",
    "Text that looks like markup: 1. not a list, <script>alert(1)</script>, a_b_c, #tag",
    "العربية مع رمز تعبيري 🎉 and mixed direction",
]


@pytest.fixture()
def populated(session_factory: sessionmaker[Session], settings: Settings) -> str:
    """The Disqus fixture plus bodies with every markdown construct, votes and an edit."""
    make_site(session_factory, SITE)
    do_import(session_factory, settings, "disqus", FIXTURES / "disqus.xml")
    with transaction(session_factory) as session:
        query = select(Comment).where(Comment.depth == 0).order_by(Comment.id).limit(1)
        first = session.scalars(query).one()
        for index, body in enumerate(BODIES):
            session.add(
                Comment(
                    thread_id=first.thread_id,
                    parent_id=first.id if index % 2 else None,
                    root_id=first.id if index % 2 else None,
                    depth=1 if index % 2 else 0,
                    author_name=f"Writer {index}",
                    email_hash="ab" * 32,
                    body=body,
                    html=render_markdown(body),
                    upvotes=index,
                    downvotes=1,
                    score=index - 1,
                    created_at=first.created_at.replace(minute=index),
                    edited_at=first.created_at.replace(hour=23) if index == 0 else None,
                )
            )
    return SITE


def test_json_export_imports_back_to_equal_data(
    session_factory: sessionmaker[Session], settings: Settings, populated: str, tmp_path: Path
) -> None:
    exported = tmp_path / "news.jsonl"
    export_site(session_factory, populated, "json", exported)
    header = json.loads(exported.read_text(encoding="utf-8").splitlines()[0])
    assert header["format"] == "kibitz" and header["site"] == SITE
    summary = do_import(
        session_factory, settings, "kibitz", exported, site="copy", create_site=True
    )
    assert summary.comments == 16 and not summary.skipped and summary.orphans == 0
    assert snapshot(session_factory, "copy") == snapshot(session_factory, SITE)
    again = do_import(session_factory, settings, "kibitz", exported, site="copy")
    assert (again.comments, again.duplicates) == (0, 16)


def test_disqus_export_imports_back_to_equal_comments(
    session_factory: sessionmaker[Session], settings: Settings, populated: str, tmp_path: Path
) -> None:
    exported = tmp_path / "news.xml"
    export_site(session_factory, populated, "disqus", exported)
    summary = do_import(
        session_factory, settings, "disqus", exported, site="copy", create_site=True
    )
    assert summary.comments == 16 and not summary.skipped
    lost_in_disqus = ("email_hash", "upvotes", "downvotes", "body", "edited_at")
    original, copy = snapshot(session_factory, SITE), snapshot(session_factory, "copy")

    def comparable(rows: list[dict[str, object]]) -> list[dict[str, object]]:
        return [{k: v for k, v in row.items() if k not in lost_in_disqus} for row in rows]

    assert comparable(copy) == comparable(original)
    # Bodies come back as equivalent markdown: the same HTML once rendered.
    assert [row["html"] for row in copy] == [row["html"] for row in original]


def test_json_import_refuses_a_foreign_or_truncated_file(
    session_factory: sessionmaker[Session], settings: Settings, populated: str, tmp_path: Path
) -> None:
    exported = tmp_path / "news.jsonl"
    export_site(session_factory, populated, "json", exported)
    truncated = tmp_path / "truncated.jsonl"
    truncated.write_bytes(exported.read_bytes()[:-40])
    with transaction(session_factory) as session:
        sites_service.create(session, key="copy")
    with pytest.raises(SourceError) as caught:
        do_import(session_factory, settings, "kibitz", truncated, site="copy")
    assert caught.value.line == 19  # header + 2 threads + 16 comments: the last line is cut
    with pytest.raises(SourceError, match="line 1: not JSON"):
        do_import(session_factory, settings, "kibitz", FIXTURES / "disqus.xml", site="copy")
    assert snapshot(session_factory, "copy") == []
