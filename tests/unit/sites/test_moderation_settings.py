"""A site's moderation settings document (sites/moderation.py): parsing, defaults, refusals."""

from __future__ import annotations

from typing import Any

import pytest

from kibitz.errors import InvalidInput
from kibitz.moderation import DEFAULT_THRESHOLDS, Rule
from kibitz.sites.moderation import ModerationSettings, RateLimit


def test_defaults_are_only_flagged() -> None:
    settings = ModerationSettings.from_dict(None)
    assert settings.premoderation.modes() == []
    assert settings.policy.thresholds == DEFAULT_THRESHOLDS
    assert settings.report_threshold == 3.0 and settings.link_limit == 1
    assert settings.rate_limit_for("3/600") == RateLimit(3, 600)
    assert settings.to_dict()["premoderate"] == ["flagged"]


def test_a_full_document_round_trips() -> None:
    document = {
        "premoderate": ["first:3", "links", "new:2.5"],
        "thresholds": {"discourtesy": {"hold": 0.8}},
        "banned_words": ["crook", "cheap pills=spam"],
        "suspect_words": ["bribe=spam"],
        "report_threshold": 2,
        "link_limit": 0,
        "rate_limit": "off",
    }
    settings = ModerationSettings.from_dict(document)
    pre = settings.premoderation
    assert (pre.all, pre.first, pre.links, pre.new_days) == (False, 3, True, 2.5)
    assert settings.policy.thresholds[Rule.DISCOURTESY].hold == 0.8
    assert (
        settings.policy.thresholds[Rule.DISCOURTESY].nudge
        == DEFAULT_THRESHOLDS[Rule.DISCOURTESY].nudge
    )
    assert [(w.term, w.rule) for w in settings.banned_words] == [
        ("crook", Rule.PROFANITY),
        ("cheap pills", Rule.SPAM),
    ]
    assert settings.rate_limit_for("3/600") is None  # the site turned it off
    again = ModerationSettings.from_dict(settings.to_dict())
    assert again.to_dict() == settings.to_dict()


@pytest.mark.parametrize(
    "document",
    [
        {"premoderate": ["sometimes"]},
        {"premoderate": ["first:0"]},
        {"premoderate": ["new:soon"]},
        {"thresholds": {"kindness": {"hold": 0.5}}},
        {"thresholds": {"spam": {"nudge": 0.95}}},
        {"thresholds": {"spam": {"maybe": 0.5}}},
        {"banned_words": [1, 2]},
        {"banned_words": ["crook=kindness"]},
        {"banned_words": ["=spam"]},
        {"report_threshold": 0},
        {"link_limit": -1},
        {"rate_limit": "fast"},
        {"colour": "blue"},
    ],
)
def test_bad_documents_are_refused(document: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput):
        ModerationSettings.from_dict(document)
