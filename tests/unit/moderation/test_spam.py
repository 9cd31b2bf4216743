"""Spam behaviour signals and their monotone combination with the content model."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kibitz.moderation.rules import Context
from kibitz.moderation.spam import WEIGHTS, behaviour_signals, combine_spam, near_duplicate

ARTICLE_REPLY = "I think the council made the right call on the bridge, despite the cost."


def test_clean_comment_has_no_evidence() -> None:
    signals = behaviour_signals(ARTICLE_REPLY, None)
    assert set(signals) == {
        "links", "link_domains", "suspicious_links", "link_share", "caps_ratio",
        "repeated_punctuation", "solicitation", "contact_info", "near_duplicate",
        "posts_last_hour", "new_account", "spam_reports",
    }  # fmt: skip
    assert all(v == 0.0 for v in signals.values())


def test_links_domains_and_shorteners() -> None:
    text = "Win big at https://bit.ly/x1 or www.cheap-pills.xyz/buy and http://example.com/a"
    signals = behaviour_signals(text, None)
    assert signals["links"] == 3
    assert signals["link_domains"] == 3
    assert signals["suspicious_links"] == 2
    assert 0.5 < signals["link_share"] < 1.0


def test_caps_ratio_ignores_short_acronyms() -> None:
    assert behaviour_signals("NATO and the EU", None)["caps_ratio"] == 0.0
    assert behaviour_signals("BUY THIS AMAZING PRODUCT NOW", None)["caps_ratio"] == 1.0


def test_repeated_punctuation_and_emoji() -> None:
    assert behaviour_signals("Amazing!!! Really??? 🔥🔥🔥", None)["repeated_punctuation"] == 3
    assert behaviour_signals("Fine. Really? Yes!", None)["repeated_punctuation"] == 0


@pytest.mark.parametrize(
    "text",
    ["WhatsApp me for details", "DM for prices", "Call now!", "Earn $500 a day from home",
     "check out my channel", "Click here to claim your prize"],
)  # fmt: skip
def test_solicitation(text: str) -> None:
    assert behaviour_signals(text, None)["solicitation"] >= 1


def test_contact_info() -> None:
    assert (
        behaviour_signals("write to deals@promo.biz or +44 7911 123456", None)["contact_info"] == 2
    )


def test_near_duplicate() -> None:
    assert near_duplicate(ARTICLE_REPLY, [ARTICLE_REPLY]) == 1.0
    edited = ARTICLE_REPLY.replace("right", "correct")
    assert 0.6 < near_duplicate(edited, ["unrelated text about football", ARTICLE_REPLY]) < 1.0
    assert near_duplicate(ARTICLE_REPLY, ["Something else entirely, about the weather."]) < 0.2
    assert near_duplicate("Agreed.", ["Agreed."]) == 0.0  # too short to mean a re-post
    assert near_duplicate(ARTICLE_REPLY, []) == 0.0


def test_context_signals() -> None:
    context = Context(
        author_age_days=0.2, posts_last_hour=12, spam_reports=3, recent_texts=(ARTICLE_REPLY,)
    )
    signals = behaviour_signals(ARTICLE_REPLY, context)
    assert signals["new_account"] == 1.0
    assert signals["posts_last_hour"] == 12
    assert signals["spam_reports"] == 3
    assert signals["near_duplicate"] == 1.0
    assert behaviour_signals("x", Context(author_age_days=400))["new_account"] == 0.0


def test_combine_without_evidence_returns_content_probability() -> None:
    assert combine_spam(0.3, behaviour_signals(ARTICLE_REPLY, None)) == pytest.approx(0.3)


def test_reports_and_reposts_push_high() -> None:
    clean = behaviour_signals(ARTICLE_REPLY, None)
    assert combine_spam(0.05, clean | {"spam_reports": 3.0}) > 0.8
    assert combine_spam(0.05, clean | {"near_duplicate": 0.95}) > 0.8
    assert combine_spam(0.05, clean | {"new_account": 1.0}) < 0.2  # new alone is no spam


@settings(max_examples=200, deadline=None)
@given(
    st.floats(0.0, 1.0),
    st.sampled_from(sorted(WEIGHTS)),
    st.floats(0.0, 50.0),
    st.floats(0.0, 50.0),
)
def test_combine_is_monotone(p: float, name: str, a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert combine_spam(p, {name: low}) <= combine_spam(p, {name: high})
    assert 0.0 <= combine_spam(p, {name: low}) <= 1.0


@settings(max_examples=100, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_combine_is_monotone_in_content(p: float, q: float) -> None:
    signals = {"links": 1.0, "spam_reports": 1.0}
    low, high = sorted((p, q))
    assert combine_spam(low, signals) <= combine_spam(high, signals)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_signals_never_crash(text: str) -> None:
    signals = behaviour_signals(text, Context(recent_texts=(text, "other")))
    assert all(v >= 0.0 for v in signals.values())
