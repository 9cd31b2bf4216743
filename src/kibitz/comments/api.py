"""HTTP face of the comments domain: parse, call the service, render. Nothing else lives here."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal, cast

from fastapi import APIRouter, Path, Query, Response

from kibitz.comments import flows, listing, service, verdicts
from kibitz.comments.models import Comment
from kibitz.comments.schemas import (
    AppealCreate,
    CommentCreate,
    CommentCreated,
    CommentPage,
    CommentRead,
    CommentStatus,
    CommentUpdate,
    Counts,
    ErrorResponse,
    NudgeResponse,
    SortOrder,
    VerdictRead,
    VoteCreate,
    VoteResult,
)
from kibitz.comments.tree import Viewer, to_read, verdict_read
from kibitz.config import Settings
from kibitz.db import MAX_ID, utcnow
from kibitz.defences import honeypot
from kibitz.live.events import thread_channel
from kibitz.web.deps import (
    ActorDep,
    ModeratorDep,
    PageCacheDep,
    ReaderHashDep,
    SessionDep,
    SettingsDep,
)
from kibitz.web.errors import ERROR_RESPONSES
from kibitz.web.guard import GuardDep
from kibitz.web.mailer import NotifierDep

router = APIRouter(prefix="/api/v1", tags=["comments"], responses=ERROR_RESPONSES)

CommentId = Annotated[int, Path(ge=1, le=MAX_ID, description="A comment's id.")]
# Writes that are judged by the moderator may answer a nudge (422) or a rate limit (429).
JUDGED_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    422: {"model": NudgeResponse, "description": "Invalid input, or a nudge (`error.code`)."},
    429: {"model": ErrorResponse, "description": "A new reader posts too fast: `Retry-After`."},
}


def _viewer(settings: Settings, reader_hash: str | None) -> Viewer:
    window = timedelta(seconds=settings.edit_window_seconds)
    return Viewer(reader_hash=reader_hash, edit_window=window, now=utcnow())


def _read(comment: Comment, settings: Settings, reader_hash: str | None) -> CommentRead:
    return to_read(comment, _viewer(settings, reader_hash))


@router.get("/threads/{site}/{thread:path}/comments", response_model=CommentPage)
def list_comments(
    site: str,
    thread: str,
    session: SessionDep,
    settings: SettingsDep,
    reader_hash: ReaderHashDep,
    page_cache: PageCacheDep,
    sort: SortOrder = "oldest",
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int | None, Query(ge=1, le=100)] = None,
) -> Response:
    """A page of top-level comments with their replies nested, and the cursor of the next page.

    The thread key is the site's own key for the article, percent-encoded: it may contain `/`."""
    request = listing.PageRequest(
        site=site, thread=thread, sort=sort, cursor=cursor, limit=limit or settings.page_size
    )
    viewer = _viewer(settings, reader_hash)
    if reader_hash is not None:  # a reader who has posted sees their own: never shared
        return _json(listing.list_page(session, request=request, viewer=viewer).model_dump_json())
    # Readers who never posted all see the same page: serve its bytes from the hot-thread cache.
    channel = thread_channel(site, thread)
    key = f"{request.sort}:{request.limit}:{cursor or ''}"
    generation, cached = page_cache.get(channel, key)
    if cached is not None:
        return _json(cached)
    body = listing.list_page(session, request=request, viewer=viewer).model_dump_json().encode()
    if generation is not None:
        page_cache.put(channel, key, generation, body)
    return _json(body)


def _json(body: str | bytes) -> Response:
    # The page was validated as it was built: sending its JSON as is skips a second validation.
    return Response(body, media_type="application/json")


@router.post("/comments", status_code=201, responses=JUDGED_RESPONSES)
def create_comment(
    payload: CommentCreate,
    session: SessionDep,
    settings: SettingsDep,
    actor: ActorDep,
    moderator: ModeratorDep,
    guard: GuardDep,
    notifier: NotifierDep,
) -> CommentCreated:
    """Post a comment or a reply (`parent_id`); the thread is created by its first comment.

    The comment is judged as it is stored: `published`, `pending` (held for a moderator) or
    `rejected`. A text that may break a rule answers 422 `nudge` and stores nothing, unless the
    request says `confirm: true` ("post anyway": it then waits for a moderator)."""
    honeypot.check(payload.website)
    guard.post(site=payload.site, actor=actor)
    new = service.NewComment(**payload.model_dump(exclude={"confirm", "website"}))
    posting = flows.Posting(settings=settings, moderator=moderator, confirm=payload.confirm)
    comment = flows.create(session, new=new, actor=actor, posting=posting)
    notifier.reply(session, comment)
    return CommentCreated(
        id=comment.id,
        status=cast(CommentStatus, comment.status),
        verdict=_verdict(comment),
        comment=_read(comment, settings, actor.reader_hash),
    )


def _verdict(comment: Comment) -> VerdictRead | None:
    record = comment.moderation_scores or {}
    if not record:
        return None
    held = verdict_read(comment)
    return held or VerdictRead(
        decision=str(record.get("decision", "publish")),
        flags=verdicts.flags(record),
        scores=verdicts.scores(record),
        reasons=verdicts.reasons(record),
    )


@router.patch("/comments/{comment_id}", responses=JUDGED_RESPONSES)
def update_comment(
    comment_id: CommentId,
    payload: CommentUpdate,
    session: SessionDep,
    settings: SettingsDep,
    actor: ActorDep,
    moderator: ModeratorDep,
) -> CommentRead:
    """The author edits the body, within the edit window; the edit is judged like a new comment."""
    posting = flows.Posting(settings=settings, moderator=moderator, confirm=payload.confirm)
    comment = flows.edit(
        session, comment_id=comment_id, body=payload.body, actor=actor, posting=posting
    )
    return _read(comment, settings, actor.reader_hash)


@router.post("/comments/{comment_id}/appeal")
def appeal_comment(
    comment_id: CommentId,
    payload: AppealCreate,
    session: SessionDep,
    settings: SettingsDep,
    actor: ActorDep,
) -> CommentRead:
    """The author of a rejected comment asks for another look, once: it goes back to review."""
    comment = flows.appeal(session, comment_id=comment_id, note=payload.note, actor=actor)
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
    comment_id: CommentId,
    payload: VoteCreate,
    session: SessionDep,
    actor: ActorDep,
    guard: GuardDep,
) -> VoteResult:
    """One vote per reader: 1 up, -1 down, 0 withdraws."""
    guard.vote(actor)
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
