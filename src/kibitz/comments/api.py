"""HTTP face of the comments domain: parse, call the service, render. Nothing else lives here."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal, cast

from fastapi import APIRouter, Path, Query, Response

from kibitz.comments import listing, service
from kibitz.comments.models import Comment
from kibitz.comments.schemas import (
    CommentCreate,
    CommentCreated,
    CommentPage,
    CommentRead,
    CommentStatus,
    CommentUpdate,
    Counts,
    SortOrder,
    VoteCreate,
    VoteResult,
)
from kibitz.comments.tree import Viewer, to_read
from kibitz.config import Settings
from kibitz.db import MAX_ID, utcnow
from kibitz.web.deps import ActorDep, ReaderHashDep, SessionDep, SettingsDep
from kibitz.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/v1", tags=["comments"], responses=ERROR_RESPONSES)

CommentId = Annotated[int, Path(ge=1, le=MAX_ID, description="A comment's id.")]


def _viewer(settings: Settings, reader_hash: str | None) -> Viewer:
    window = timedelta(seconds=settings.edit_window_seconds)
    return Viewer(reader_hash=reader_hash, edit_window=window, now=utcnow())


def _read(comment: Comment, settings: Settings, reader_hash: str | None) -> CommentRead:
    return to_read(comment, _viewer(settings, reader_hash))


@router.get("/threads/{site}/{thread:path}/comments")
def list_comments(
    site: str,
    thread: str,
    session: SessionDep,
    settings: SettingsDep,
    reader_hash: ReaderHashDep,
    sort: SortOrder = "oldest",
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int | None, Query(ge=1, le=100)] = None,
) -> CommentPage:
    """A page of top-level comments with their replies nested, and the cursor of the next page.

    The thread key is the site's own key for the article, percent-encoded: it may contain `/`."""
    request = listing.PageRequest(
        site=site, thread=thread, sort=sort, cursor=cursor, limit=limit or settings.page_size
    )
    return listing.list_page(session, request=request, viewer=_viewer(settings, reader_hash))


@router.post("/comments", status_code=201)
def create_comment(
    payload: CommentCreate, session: SessionDep, settings: SettingsDep, actor: ActorDep
) -> CommentCreated:
    """Post a comment or a reply (`parent_id`); the thread is created by its first comment."""
    new = service.NewComment(**payload.model_dump(exclude={"confirm"}))
    comment = service.create(session, new=new, actor=actor, settings=settings)
    return CommentCreated(
        id=comment.id,
        status=cast(CommentStatus, comment.status),
        verdict=None,
        comment=_read(comment, settings, actor.reader_hash),
    )


@router.patch("/comments/{comment_id}")
def update_comment(
    comment_id: CommentId,
    payload: CommentUpdate,
    session: SessionDep,
    settings: SettingsDep,
    actor: ActorDep,
) -> CommentRead:
    """The author edits the body, within the edit window."""
    comment = service.update_body(
        session, comment_id=comment_id, body=payload.body, actor=actor, settings=settings
    )
    return _read(comment, settings, actor.reader_hash)


@router.delete("/comments/{comment_id}", status_code=204)
def delete_comment(
    comment_id: CommentId, session: SessionDep, settings: SettingsDep, actor: ActorDep
) -> Response:
    """The author deletes their comment, within the edit window; replies keep their place."""
    service.delete(session, comment_id=comment_id, actor=actor, settings=settings)
    return Response(status_code=204)


@router.post("/comments/{comment_id}/votes")
def vote_comment(
    comment_id: CommentId, payload: VoteCreate, session: SessionDep, actor: ActorDep
) -> VoteResult:
    """One vote per reader: 1 up, -1 down, 0 withdraws."""
    comment, kept = service.vote(session, comment_id=comment_id, value=payload.value, actor=actor)
    return VoteResult(
        upvotes=comment.upvotes,
        downvotes=comment.downvotes,
        score=comment.score,
        my_vote=cast(Literal[-1, 0, 1], kept),
    )


@router.get("/counts")
def count_comments(
    session: SessionDep,
    site: Annotated[str, Query(max_length=100)],
    thread: Annotated[list[str], Query(max_length=listing.MAX_COUNT_THREADS)],
) -> Counts:
    """Published comments per thread, for article lists: `?site=S&thread=A&thread=B`."""
    return Counts(counts=listing.counts(session, site=site, threads=thread))
