"""HTTP face of what one reader decides for themselves: muting another reader."""

from __future__ import annotations

from fastapi import APIRouter

from kibitz.comments import mutes
from kibitz.comments.schemas import MuteCreate, MuteResult
from kibitz.web.deps import ActorDep, SessionDep
from kibitz.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/v1/readers", tags=["readers"], responses=ERROR_RESPONSES)


@router.post("/mute")
def mute_reader(payload: MuteCreate, session: SessionDep, actor: ActorDep) -> MuteResult:
    """Mute the author of `comment_id` for you: their comments come back collapsed (`muted`)."""
    mutes.mute(session, comment_id=payload.comment_id, actor=actor)
    return MuteResult(muted=True)


@router.delete("/mute")
def unmute_reader(payload: MuteCreate, session: SessionDep, actor: ActorDep) -> MuteResult:
    """Unmute the author of `comment_id`."""
    mutes.unmute(session, comment_id=payload.comment_id, actor=actor)
    return MuteResult(muted=False)
