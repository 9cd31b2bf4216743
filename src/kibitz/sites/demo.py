"""The demo site and article a newcomer sees at http://127.0.0.1:8000/ on an empty database."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kibitz.comments import service as comments_service
from kibitz.comments.models import Thread
from kibitz.config import Settings
from kibitz.sites import service as sites_service

DEMO_THREAD_KEY = "2026/11/us-strikes-iran-backed-militias"
DEMO_THREAD_TITLE = (
    "U.S. strikes Iran-backed militia sites in Iraq after drone attack wounds three troops"
)
# Reader token of the seeded authors: a fixed value nobody's cookie can hash to.
_SEED_READER = "seed"

# (author, body, index of the comment it replies to or None)
DEMO_CONVERSATION: tuple[tuple[str, str, int | None], ...] = (
    (
        "Dana K.",
        "Glad the three service members are expected to recover. The real question is whether "
        "these strikes *deter* the next drone attack or just start another round.",
        None,
    ),
    (
        "Omar Haddad",
        "As someone with family in Baghdad: people there worry most about being caught in the "
        "middle. I hope the targets really were away from neighbourhoods.",
        None,
    ),
    (
        "M. Reyes",
        "The article says the sites were weapons depots and a command post. Does anyone know if "
        "the Iraqi government was told beforehand?",
        None,
    ),
    (
        "Dana K.",
        "@Omar that is a fair point. The Pentagon statement mentions avoiding civilian areas, "
        "but independent reporting would help.",
        1,
    ),
)


def is_empty(session: Session) -> bool:
    """No demo site and no conversation yet (sites made with `kibitz sites create` don't count)."""
    has_demo = sites_service.get(session, key=sites_service.DEMO_SITE_KEY) is not None
    return not has_demo and session.scalar(select(Thread.id).limit(1)) is None


def seed_demo(session: Session, *, settings: Settings) -> bool:
    """Create the demo site, article and a short civil conversation; False if not empty."""
    if not is_empty(session):
        return False
    sites_service.create(session, key=sites_service.DEMO_SITE_KEY, name="Kibitz demo")
    actor = comments_service.Actor(
        reader_hash=comments_service.hash_secret(_SEED_READER, secret=settings.secret_key)
    )
    created: list[int] = []
    for author, body, parent_index in DEMO_CONVERSATION:
        new = comments_service.NewComment(
            site=sites_service.DEMO_SITE_KEY,
            thread=DEMO_THREAD_KEY,
            body=body,
            author_name=author,
            parent_id=created[parent_index] if parent_index is not None else None,
            thread_title=DEMO_THREAD_TITLE,
        )
        created.append(comments_service.create(session, new=new, actor=actor, settings=settings).id)
    return True
