"""E-mail from request handlers: built in the request, queued after the response (so after the
commit), sent by the outbox's worker. Nothing here waits on SMTP."""

from __future__ import annotations

from typing import Annotated

from fastapi import BackgroundTasks, Depends, Request
from sqlalchemy.orm import Session

from kibitz.accounts import notify
from kibitz.accounts.mail import Mail
from kibitz.comments.models import Comment
from kibitz.web.reader import own_origin


class Notifier:
    def __init__(self, request: Request, background: BackgroundTasks) -> None:
        self._request = request
        self._background = background

    @property
    def base_url(self) -> str:
        configured: str = self._request.app.state.settings.public_url
        return configured.rstrip("/") or own_origin(self._request)

    def send(self, mail: Mail | None) -> None:
        if mail is not None:
            self._background.add_task(self._request.app.state.outbox.put, mail)

    def reply(self, session: Session, comment: Comment) -> None:
        secret: str = self._request.app.state.settings.secret_key
        self.send(notify.reply_mail(session, reply=comment, base_url=self.base_url, secret=secret))


NotifierDep = Annotated[Notifier, Depends(Notifier)]
