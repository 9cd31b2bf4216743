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


class PolicyError(ValueError):
    """A policy dict a site stored does not describe valid thresholds."""


# Default bars per rule, on the calibrated scores of the committed model. Chosen on evidence that
# training never saw as test data: out-of-fold scores of the training rows (the bar where
# precision reaches 0.8 is racism 0.57, violence 0.44, spam 0.14; 0.95 is spam 0.81), the
# functional suite's *dev* split (racism hold 0.6 vs 0.8: balanced accuracy 0.61 vs 0.57, before
# `hate.py`, whose lifts and caps in `scoring._structured` are placed relative to these bars) and
# the civil-news set's clean rows (racism/violence held at 0.6/0.5: 0.9 %; with discourtesy held
# at 0.9 all rules together held 2.3 %, over the 2 % budget, so discourtesy holds at 0.97 and
# 0.6 only nudges). Held-out precision and
# recall at each bar are in MODEL_CARD.md. Only spam is rejected outright: for the abuse rules a
# moderator should see the comment (counter-speech quotes slurs; news quotes threats).
# Doxing is a detector whose scores sit near 0 or 1; 0.5 is its own decision threshold.
DEFAULT_THRESHOLDS: dict[Rule, Thresholds] = {
    Rule.VIOLENCE: Thresholds(nudge=0.35, hold=0.5, reject=None),
    Rule.RACISM: Thresholds(nudge=0.45, hold=0.6, reject=None),
    Rule.PROFANITY: Thresholds(nudge=0.5, hold=0.85, reject=None),
    Rule.VULGARITY: Thresholds(nudge=0.5, hold=0.85, reject=None),
    Rule.DOXING: Thresholds(nudge=0.5, hold=0.7, reject=None),
    Rule.DISCOURTESY: Thresholds(nudge=0.6, hold=0.97, reject=None),
    Rule.SPAM: Thresholds(nudge=0.25, hold=0.4, reject=0.9),
}

_VERBS = {
    Decision.NUDGE: "asks the writer to reconsider",
    Decision.HOLD: "holds the comment for a moderator",
    Decision.REJECT: "rejects the comment",
}


@dataclass(frozen=True, slots=True)
class Policy:
    """A site's thresholds: turns scores per rule into a decision, the flags and their reasons."""

    thresholds: Mapping[Rule, Thresholds] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))

    def __post_init__(self) -> None:
        for rule, bars in self.thresholds.items():
            given = [b for b in (bars.nudge, bars.hold, bars.reject) if b is not None]
            if any(not 0.0 <= b <= 1.0 for b in given) or given != sorted(given):
                raise PolicyError(f"{rule}: bars must lie in [0, 1] with nudge <= hold <= reject")

    def decide(
        self, scores: Mapping[Rule, float]
    ) -> tuple[Decision, tuple[Rule, ...], tuple[str, ...]]:
        """The most severe decision any rule reaches; flags ordered worst first."""
        reached: list[tuple[Decision, float, Rule]] = []
        for rule, score in scores.items():
            bars = self.thresholds.get(rule)
            decision = bars.decide(score) if bars is not None else Decision.PUBLISH
            if decision is not Decision.PUBLISH:
                reached.append((decision, score, rule))
        reached.sort(key=lambda item: (-item[0].severity, -item[1], item[2].value))
        decision = reached[0][0] if reached else Decision.PUBLISH
        reasons = tuple(
            f"{rule.value} scored {score:.2f}, at or above the {bar.value} bar "
            f"{_bar(self.thresholds[rule], bar):.2f}: the policy {_VERBS[bar]}"
            for bar, score, rule in reached
        )
        return decision, tuple(rule for _, _, rule in reached), reasons

    def to_dict(self) -> dict[str, dict[str, float | None]]:
        return {
            rule.value: {"nudge": t.nudge, "hold": t.hold, "reject": t.reject}
            for rule, t in self.thresholds.items()
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Mapping[str, float | None]]) -> Policy:
        """Overrides on top of the defaults: a site may store only the rules it changed."""
        merged = dict(DEFAULT_THRESHOLDS)
        for name, bars in data.items():
            try:
                rule = Rule(name)
            except ValueError as exc:
                raise PolicyError(f"unknown rule {name!r}") from exc
            unknown = set(bars) - {"nudge", "hold", "reject"}
            if unknown:
                raise PolicyError(f"{name}: unknown bars {sorted(unknown)}")
            base = merged[rule]
            merged[rule] = Thresholds(
                nudge=bars.get("nudge", base.nudge),
                hold=bars.get("hold", base.hold),
                reject=bars.get("reject", base.reject),
            )
        return cls(merged)


def _bar(bars: Thresholds, decision: Decision) -> float:
    value = {Decision.NUDGE: bars.nudge, Decision.HOLD: bars.hold, Decision.REJECT: bars.reject}
    found = value[decision]
    return 0.0 if found is None else found


def scores_json(scores: Mapping[Rule, float]) -> dict[str, float]:
    """Scores keyed by rule name, rounded: the form the CLI and the model card write."""
    return {rule.value: round(score, 6) for rule, score in scores.items()}
