"""The house rules as types: what a judgement says and how a site's policy turns it into a decision.

These names are the product's vocabulary (DESIGN.md): the API, the database, the widget and the
model outputs all spell the seven rules exactly as `Rule` does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Rule(StrEnum):
    VIOLENCE = "violence"
    RACISM = "racism"
    PROFANITY = "profanity"
    VULGARITY = "vulgarity"
    DOXING = "doxing"
    DISCOURTESY = "discourtesy"
    SPAM = "spam"


class Decision(StrEnum):
    """What happens to a comment, from least to most severe (the order is meaningful)."""

    PUBLISH = "publish"
    NUDGE = "nudge"  # ask the writer to reconsider before posting
    HOLD = "hold"  # stored as pending, a moderator decides
    REJECT = "reject"  # stored as rejected, the author may appeal

    @property
    def severity(self) -> int:
        return list(Decision).index(self)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the text *as the reader typed it* that explains a flag."""

    start: int
    end: int
    rule: Rule
    text: str
    source: str  # which detector found it: "lexicon", "phone", "email", "model", …


@dataclass(frozen=True, slots=True)
class Context:
    """What the caller knows about the comment beyond its text; every field is optional.

    The core never looks anything up itself: the comments service passes what it has.
    """

    author_age_days: float | None = None
    author_comment_count: int | None = None
    author_trust_level: int | None = None
    recent_texts: tuple[str, ...] = ()  # the author's and the thread's recent posts, newest first
    posts_last_hour: int | None = None
    spam_reports: int = 0  # distinct readers who reported this comment as spam
    thread_title: str | None = None


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Score at or above which each decision applies for one rule (None: never)."""

    nudge: float | None
    hold: float | None
    reject: float | None

    def decide(self, score: float) -> Decision:
        for decision, bar in (
            (Decision.REJECT, self.reject),
            (Decision.HOLD, self.hold),
            (Decision.NUDGE, self.nudge),
        ):
            if bar is not None and score >= bar:
                return decision
        return Decision.PUBLISH


@dataclass(frozen=True, slots=True)
class Verdict:
    scores: Mapping[Rule, float]  # calibrated probability per rule, in [0, 1]
    signals: Mapping[str, float]  # raw heads and behaviour signals (toxic, obscene, threat, …)
    spans: tuple[Span, ...]
    decision: Decision
    flags: tuple[Rule, ...]  # rules whose score reached at least the nudge bar, worst first
    reasons: tuple[str, ...] = field(default=())  # human-readable, shown to writers and moderators
