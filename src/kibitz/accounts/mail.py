"""E-mails: what a message is, and sending one over SMTP (`KIBITZ_SMTP_URL`).

Sending happens only in the outbox's worker (`kibitz.accounts.outbox`), never on a request path.
"""

from __future__ import annotations

import email.policy
import logging
import smtplib
from dataclasses import asdict, dataclass, field
from email.message import EmailMessage
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

log = logging.getLogger(__name__)
SMTP_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class Mail:
    to: str
    subject: str
    text: str
    # Extra headers: List-Unsubscribe and List-Unsubscribe-Post on notifications.
    headers: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mail:
        return cls(
            to=str(data["to"]),
            subject=str(data["subject"]),
            text=str(data["text"]),
            headers={str(k): str(v) for k, v in dict(data.get("headers") or {}).items()},
        )


def build(mail: Mail, *, sender: str) -> EmailMessage:
    # Long lines allowed (RFC 5322's 998): an unsubscribe URL must stay one unfolded token.
    message = EmailMessage(policy=email.policy.SMTP.clone(max_line_length=998))
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    for name, value in mail.headers.items():
        message[name] = value
    message.set_content(mail.text)
    return message


def send(mail: Mail, *, smtp_url: str, sender: str) -> None:
    """Deliver one message; raises on any SMTP or network failure (the worker logs it)."""
    if not smtp_url:
        log.info("no KIBITZ_SMTP_URL: not sending %r to a reader", mail.subject)
        return
    url = urlsplit(smtp_url)
    options = parse_qs(url.query)
    host = url.hostname or "localhost"
    if url.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, url.port or 465, timeout=SMTP_TIMEOUT)
    else:
        client = smtplib.SMTP(host, url.port or 25, timeout=SMTP_TIMEOUT)
    with client:
        if options.get("starttls", ["0"])[0] in {"1", "true"}:
            client.starttls()
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        client.send_message(build(mail, sender=sender))
