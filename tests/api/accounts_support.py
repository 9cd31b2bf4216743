"""Helpers for reader-account tests: a real SMTP server (aiosmtpd), signing up by the API."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from fastapi.testclient import TestClient

from tests.api.helpers import SITE, SITE_ORIGIN

PASSWORD = "correct horse battery"


class Inbox:
    """Collects every message the test SMTP server accepts."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content
        assert isinstance(content, bytes)
        self.messages.append(message_from_bytes(content))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.messages) >= count, f"{len(self.messages)} of {count} mails arrived"
        return self.messages


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture()
def smtp() -> Iterator[tuple[str, Inbox]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", inbox
    finally:
        controller.stop()


def body_of(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def link_token(message: Message) -> str:
    match = re.search(r"token=([A-Za-z0-9_.-]+)", body_of(message))
    assert match, body_of(message)
    return match.group(1)


def sign_up(
    client: TestClient, email: str = "reader@example.org", name: str = "Reader", **extra: Any
) -> dict[str, Any]:
    response = client.post(
        "/api/v1/auth/signup",
        json={"site": SITE, "email": email, "password": PASSWORD, "display_name": name, **extra},
        headers={"Origin": SITE_ORIGIN},
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    client.headers["X-CSRF-Token"] = result["csrf_token"]
    return result


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    return client.post(
        "/api/v1/auth/signin",
        json={"site": SITE, "email": email, "password": password},
        headers={"Origin": SITE_ORIGIN},
    )
