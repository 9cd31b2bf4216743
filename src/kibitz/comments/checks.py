"""The site's own checks at posting time, beside the moderation model (pure, no database).

Each check declares how it fails: one that *fails closed* holds the comment for a moderator when
it raises; one that *fails open* is skipped. Either way the comment is stored, and the failure is
logged and written into the comment's moderation record. docs/moderation.md has the table.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from kibitz.comments.history import History
from kibitz.comments.trust import NEW
from kibitz.comments.words import WordHit, matcher
from kibitz.moderation.normalize import Normalized, normalize
from kibitz.moderation.rules import Decision, Rule
from kibitz.moderation.spam import behaviour_signals
from kibitz.sites.moderation import ModerationSettings, WordEntry

log = logging.getLogger(__name__)

SILENCE_REPORTERS = 3  # distinct readers reporting a new reader's comments as spam


@dataclass(frozen=True, slots=True)
class Finding:
    """One check's objection: the decision it asks for, why, and what in the text caused it."""

    check: str
    decision: Decision
    reason: str
    rule: Rule | None = None
    spans: tuple[dict[str, Any], ...] = ()
    about_text: bool = False  # the words themselves, not who wrote them or where


@dataclass(frozen=True, slots=True)
class CheckInput:
    text: str
    settings: ModerationSettings
    history: History
    trust_level: int
    normalized: Normalized = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "normalized", normalize(self.text))

    @property
    def links(self) -> int:
        return int(behaviour_signals(self.text, None)["links"])


Run = Callable[[CheckInput], list[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    fails: Literal["open", "closed"]
    run: Run


def _word_findings(
    inp: CheckInput, entries: tuple[WordEntry, ...], check: str, decision: Decision
) -> list[Finding]:
    found = matcher(tuple((e.term, e.rule) for e in entries)).find(inp.text, inp.normalized)
    if not found:
        return []
    kind = "does not allow" if decision is Decision.REJECT else "reviews"
    terms = ", ".join(dict.fromkeys(f"'{hit.text}'" for hit in found))
    return [
        Finding(
            check,
            decision,
            f"{terms}: a word this site {kind} ({found[0].rule.value})",
            found[0].rule,
            tuple(_span(hit) for hit in found),
            about_text=True,
        )
    ]


def _span(hit: WordHit) -> dict[str, Any]:
    return {"start": hit.start, "end": hit.end, "rule": hit.rule.value, "text": hit.text,
            "source": "site_words"}  # fmt: skip


def banned_words(inp: CheckInput) -> list[Finding]:
    return _word_findings(inp, inp.settings.banned_words, "banned_words", Decision.REJECT)


def suspect_words(inp: CheckInput) -> list[Finding]:
    return _word_findings(inp, inp.settings.suspect_words, "suspect_words", Decision.HOLD)


def premoderation(inp: CheckInput) -> list[Finding]:
    pre = inp.settings.premoderation
    reasons = []
    if pre.all:
        reasons.append("this site reviews every comment before it is published")
    if pre.first and inp.history.comment_count < pre.first:
        reasons.append(f"this site reviews a reader's first {pre.first} comments")
    if pre.links and inp.links:
        reasons.append("this site reviews comments with links")
    if pre.new_days and inp.history.record.age_days < pre.new_days:
        reasons.append(f"this site reviews readers' comments in their first {pre.new_days:g} days")
    return [Finding("premoderation", Decision.HOLD, reason) for reason in reasons]


def link_limit(inp: CheckInput) -> list[Finding]:
    limit = inp.settings.link_limit
    if inp.trust_level > NEW or limit is None or inp.links <= limit:
        return []
    reason = f"new readers may post at most {limit} link{'s' if limit != 1 else ''}"
    return [Finding("link_limit", Decision.HOLD, reason, Rule.SPAM)]


def silenced(inp: CheckInput) -> list[Finding]:
    reporters = inp.history.spam_reporters
    if inp.trust_level > NEW or reporters < SILENCE_REPORTERS:
        return []
    reason = f"silenced after spam reports from {reporters} readers: a moderator reviews"
    return [Finding("silenced", Decision.HOLD, reason, Rule.SPAM)]


CHECKS: tuple[Check, ...] = (
    Check("banned_words", "closed", banned_words),
    Check("suspect_words", "closed", suspect_words),
    Check("premoderation", "closed", premoderation),
    Check("link_limit", "closed", link_limit),
    Check("silenced", "closed", silenced),
)


def run_checks(inp: CheckInput, checks: tuple[Check, ...] = CHECKS) -> list[Finding]:
    findings: list[Finding] = []
    for check in checks:
        try:
            findings += check.run(inp)
        except Exception:
            log.exception("moderation check %s failed (fails %s)", check.name, check.fails)
            if check.fails == "closed":
                reason = f"the {check.name} check failed: held for a moderator"
                findings.append(Finding(check.name, Decision.HOLD, reason))
    return findings
