"""Policy decisions at the bars, ordering of flags, and the dict round trip sites store."""

from __future__ import annotations

import pytest

from kibitz.moderation.rules import (
    DEFAULT_THRESHOLDS,
    Decision,
    Policy,
    PolicyError,
    Rule,
    Thresholds,
)


def _scores(**given: float) -> dict[Rule, float]:
    scores = dict.fromkeys(Rule, 0.0)
    scores.update({Rule(name): value for name, value in given.items()})
    return scores


def test_all_low_scores_publish_with_no_flags() -> None:
    decision, flags, reasons = Policy().decide(_scores())
    assert decision is Decision.PUBLISH
    assert flags == ()
    assert reasons == ()


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0.4999, Decision.PUBLISH),
        (0.5, Decision.NUDGE),
        (0.7999, Decision.NUDGE),
        (0.8, Decision.HOLD),
        (0.9699, Decision.HOLD),
        (0.97, Decision.REJECT),
        (1.0, Decision.REJECT),
    ],
)
def test_bars_apply_at_or_above(score: float, expected: Decision) -> None:
    policy = Policy({Rule.RACISM: Thresholds(nudge=0.5, hold=0.8, reject=0.97)})
    decision, flags, _ = policy.decide({Rule.RACISM: score})
    assert decision is expected
    assert flags == (() if expected is Decision.PUBLISH else (Rule.RACISM,))


def test_worst_rule_decides_and_flags_are_ordered_worst_first() -> None:
    policy = Policy(
        {
            Rule.PROFANITY: Thresholds(nudge=0.5, hold=0.8, reject=None),
            Rule.SPAM: Thresholds(nudge=0.5, hold=0.7, reject=0.95),
            Rule.VIOLENCE: Thresholds(nudge=0.5, hold=0.8, reject=None),
        }
    )
    decision, flags, reasons = policy.decide(
        {Rule.PROFANITY: 0.6, Rule.SPAM: 0.99, Rule.VIOLENCE: 0.85}
    )
    assert decision is Decision.REJECT
    assert flags == (Rule.SPAM, Rule.VIOLENCE, Rule.PROFANITY)
    assert "spam scored 0.99" in reasons[0] and "reject" in reasons[0]
    assert "hold bar 0.80" in reasons[1]


def test_a_missing_bar_never_applies() -> None:
    policy = Policy({Rule.VIOLENCE: Thresholds(nudge=None, hold=None, reject=None)})
    assert policy.decide({Rule.VIOLENCE: 1.0})[0] is Decision.PUBLISH


def test_rules_without_thresholds_are_ignored() -> None:
    policy = Policy({Rule.SPAM: Thresholds(nudge=0.5, hold=0.7, reject=0.95)})
    assert policy.decide({Rule.VIOLENCE: 1.0, Rule.SPAM: 0.1})[0] is Decision.PUBLISH


def test_dict_round_trip_and_partial_overrides() -> None:
    policy = Policy()
    assert Policy.from_dict(policy.to_dict()) == policy
    stricter = Policy.from_dict({"discourtesy": {"hold": 0.75}, "spam": {"reject": None}})
    assert stricter.thresholds[Rule.DISCOURTESY].hold == 0.75
    assert stricter.thresholds[Rule.DISCOURTESY].nudge == DEFAULT_THRESHOLDS[Rule.DISCOURTESY].nudge
    assert stricter.thresholds[Rule.SPAM].reject is None
    assert stricter.thresholds[Rule.VIOLENCE] == DEFAULT_THRESHOLDS[Rule.VIOLENCE]


@pytest.mark.parametrize(
    "data",
    [
        {"rudeness": {"hold": 0.5}},
        {"spam": {"block": 0.5}},
        {"spam": {"nudge": 0.9, "hold": 0.5}},
        {"spam": {"hold": 1.5}},
    ],
)
def test_invalid_overrides_are_refused(data: dict[str, dict[str, float]]) -> None:
    with pytest.raises(PolicyError):
        Policy.from_dict(data)


def test_every_rule_has_a_default() -> None:
    assert set(DEFAULT_THRESHOLDS) == set(Rule)
    assert set(Policy().thresholds) == set(Rule)
