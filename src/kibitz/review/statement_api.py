"""`GET /api/v1/comments/{id}/statement`: the statement of reasons owed to a comment's author.

Readable by the author (their `kibitz_reader` cookie, or their account) and by moderators of the
comment's site; anyone else gets 404, as if none existed.
"""

from __future__ import annotations

from fastapi import APIRouter

from kibitz.comments.api import CommentId
from kibitz.review import statements
from kibitz.review.schemas import StatementRead
from kibitz.web.deps import ReaderHashDep, SessionDep, SignedInDep
from kibitz.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/v1", tags=["review"], responses=ERROR_RESPONSES)


@router.get("/comments/{comment_id}/statement")
def get_statement(
    comment_id: CommentId, session: SessionDep, reader_hash: ReaderHashDep, user: SignedInDep
) -> StatementRead:
    """The latest statement of reasons on the comment: what a moderator decided, the facts, the
    ground (house rule or alleged illegality), whether automated means were used, and the
    redress open to the author."""
    comment, statement = statements.get_for(
        session, comment_id=comment_id, reader_hash=reader_hash, user=user
    )
    return StatementRead.model_validate(
        {
            **statement.document,
            "id": statement.id,
            "comment_id": comment.id,
            "issued_at": statement.created_at,
        }
    )
