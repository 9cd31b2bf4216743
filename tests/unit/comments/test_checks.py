"""The site's checks and how they fail (comments/checks.py), and how findings combine with the
model's verdict (comments/judge.py)."""

from __future__ import annotations

import logging

import pytest

from kibitz.comments.checks import CHECKS, Check, CheckInput, Finding, run_checks
from kibitz.comments.history import History
from kibitz.comments.judge import CONFIRMED, UNAVAILABLE, decide, record, status_reason
from kibitz.comments.trust import Record
from kibitz.moderation import Decision, Rule, Verdict
from kibitz.sites.moderation import ModerationSettings

HISTORY = History(Record(), comment_count=0, first_seen=None, posts_last_hour=0, spam_reporters=0)


def _input(text: str = "hello", **settings: object) -> CheckInput:
    return CheckInput(text, ModerationSettings.from_dict(settings), HISTORY, trust_level=0)


def _boom(_inp: CheckInput) -> list[Finding]:
    raise RuntimeError("word list index is corrupt")


def test_every_check_declares_how_it_fails() -> None:
    assert {check.fails for check in CHECKS} <= {"open", "closed"}
    assert [check.name for check in CHECKS] == [
        "banned_words", "suspect_words", "premoderation", "link_limit", "silenced",
    ]  # fmt: skip


def test_a_check_failing_closed_holds(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR):
        found = run_checks(_input(), (Check("banned_words", "closed", _boom),))
    assert [(f.check, f.decision) for f in found] == [("banned_words", Decision.HOLD)]
    assert "banned_words failed" in caplog.text


def test_a_check_failing_open_is_skipped(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR):
        found = run_checks(_input(), (Check("optional", "open", _boom),))
    assert found == []
    assert "optional failed (fails open)" in caplog.text


def _verdict(decision: Decision, *flags: Rule) -> Verdict:
    return Verdict(
        scores={rule: 0.7 for rule in Rule}, signals={}, spans=(), decision=decision, flags=flags,
        reasons=tuple(f"{flag.value} reason" for flag in flags),
    )  # fmt: skip


def test_the_most_severe_source_decides() -> None:
    banned = Finding("banned_words", Decision.REJECT, "banned", Rule.SPAM, about_text=True)
    outcome = decide(_verdict(Decision.NUDGE, Rule.DISCOURTESY), [banned], None)
    assert outcome.decision is Decision.REJECT and not outcome.offers_nudge
    assert outcome.rules == ["discourtesy", "spam"]
    stored = record(outcome, confirmed=False, trust_level=0)
    assert stored["flagged"]["spam"] == 1.0 and stored["max_score"] == 1.0
    assert stored["status_reason"] == "banned"


def test_a_hold_about_the_author_still_offers_the_nudge_first() -> None:
    pre = Finding("premoderation", Decision.HOLD, "this site reviews every comment")
    outcome = decide(_verdict(Decision.NUDGE, Rule.DISCOURTESY), [pre], None)
    assert outcome.decision is Decision.HOLD and outcome.offers_nudge


def test_no_verdict_holds_with_the_reason() -> None:
    outcome = decide(None, [], "RuntimeError: boom")
    assert outcome.decision is Decision.HOLD
    assert status_reason(outcome, confirmed=False) == UNAVAILABLE
    assert record(outcome, confirmed=False, trust_level=0)["failure"] == "RuntimeError: boom"


def test_a_confirmed_nudge_says_so() -> None:
    outcome = decide(_verdict(Decision.NUDGE, Rule.PROFANITY), [], None)
    assert status_reason(outcome, confirmed=True) == CONFIRMED
