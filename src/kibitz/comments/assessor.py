"""What the posting flow needs from the moderation core, and what stands in when it cannot load.

`Assessor` is declared here, by its consumer: `kibitz.moderation.Moderator` satisfies it, and so
do the small real models the tests build. `load_assessor` never raises: a model that cannot be
loaded becomes an `UnavailableAssessor` whose every assessment fails, which the flow turns into
"held for a moderator" (automatic moderation fails closed).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal, Protocol

from kibitz.moderation.rules import Context, Policy, Verdict

log = logging.getLogger(__name__)
StageSetting = Literal["auto", "sparse", "transformer", "cascade"]  # `Settings.moderation_stage`


class Assessor(Protocol):
    def assess(self, text: str, context: Context | None = None) -> Verdict: ...

    def with_policy(self, policy: Policy) -> Assessor: ...


class ModerationUnavailable(RuntimeError):
    """The moderation model could not be loaded; nothing can be judged automatically."""


class UnavailableAssessor:
    def __init__(self, cause: str) -> None:
        self.cause = cause

    def assess(self, text: str, context: Context | None = None) -> Verdict:
        raise ModerationUnavailable(self.cause)

    def with_policy(self, policy: Policy) -> Assessor:
        return self


def load_assessor(path: Path | None = None, stage: StageSetting = "auto") -> Assessor:
    """The committed model (or the one in `path`) judged by `stage` (`auto`: the cascade when the
    transformer stage is installed); an `UnavailableAssessor` if it cannot load."""
    try:
        from kibitz.moderation.moderator import Moderator

        return Moderator.load(path, stage=None if stage == "auto" else stage)
    except Exception as exc:
        log.error("automatic moderation unavailable, every comment will be held: %s", exc)
        return UnavailableAssessor(f"{type(exc).__name__}: {exc}")
