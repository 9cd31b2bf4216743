"""The moderation core: judges a comment against the seven house rules on the operator's machine.

Rule of this package: pure Python. Text and dataclasses in, a `Verdict` out; no web, database or
network import (an AST test enforces it), nothing downloaded at run time, no pickle.

    from kibitz.moderation import Moderator
    verdict = Moderator.load().assess("text")

`Moderator` is imported lazily so that code that only needs the vocabulary (`Rule`, `Decision`,
`Policy`) does not pay for loading numpy and scipy.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kibitz.moderation.rules import (
    DEFAULT_THRESHOLDS,
    Context,
    Decision,
    Policy,
    PolicyError,
    Rule,
    Span,
    Thresholds,
    Verdict,
)

# The committed model; here rather than in moderator.py so callers that only need the path (CLI
# option defaults) do not load numpy and scipy.
ARTIFACTS = Path(__file__).parent / "artifacts"

if TYPE_CHECKING:
    from kibitz.moderation.moderator import Moderator

__all__ = [
    "ARTIFACTS",
    "DEFAULT_THRESHOLDS",
    "Context",
    "Decision",
    "Moderator",
    "Policy",
    "PolicyError",
    "Rule",
    "Span",
    "Thresholds",
    "Verdict",
]


def __getattr__(name: str) -> Any:
    if name == "Moderator":
        from kibitz.moderation.moderator import Moderator

        return Moderator
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
