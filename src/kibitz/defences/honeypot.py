"""The honeypot: a form field people never see (the widget hides it), which bots fill in."""

from __future__ import annotations

from kibitz.errors import BadRequest


class SpamSuspected(BadRequest):
    code = "spam_suspected"


def check(value: str | None) -> None:
    if value:
        raise SpamSuspected("this looks like an automated post", field="website")
