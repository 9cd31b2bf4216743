"""Banned and suspect words matched on normalised text (comments/words.py)."""

from __future__ import annotations

import pytest

from kibitz.comments.words import WordMatcher, matcher
from kibitz.moderation import Rule

WORDS = (("crook", Rule.PROFANITY), ("cheap pills", Rule.SPAM), ("god", Rule.RACISM))


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("what a crook", "crook"),
        ("what a CR00K", "CR00K"),
        ("what a c r o o k", "c r o o k"),
        ("what a c.r.o.o.k", "c.r.o.o.k"),
        ("what a crooooook", "crooooook"),
        ("what a ｃｒｏｏｋ", "ｃｒｏｏｋ"),
        ("what a сrоок", "сrоок"),  # Cyrillic look-alikes
        ("buy cheap   pills", "cheap   pills"),
    ],
)
def test_disguises_match_and_point_at_what_was_typed(text: str, typed: str) -> None:
    hits = matcher(WORDS).find(text)
    assert [hit.text for hit in hits] == [typed]
    assert text[hits[0].start : hits[0].end] == typed


@pytest.mark.parametrize(
    "text", ["a crooked path", "crookery", "good news", "cheap flights and pills"]
)
def test_words_inside_other_words_do_not_match(text: str) -> None:
    assert matcher(WORDS).find(text) == []


def test_the_longest_entry_wins_and_carries_its_rule() -> None:
    words = (("cheap", Rule.PROFANITY), ("cheap pills", Rule.SPAM))
    hits = WordMatcher(words).find("cheap pills, cheap flights")
    assert [(h.text, h.term, h.rule) for h in hits] == [
        ("cheap pills", "cheap pills", Rule.SPAM),
        ("cheap", "cheap", Rule.PROFANITY),
    ]


def test_matchers_are_built_once_per_list() -> None:
    assert matcher(WORDS) is matcher(tuple(WORDS))
    assert matcher(WORDS) is not matcher(WORDS[:1])
    assert len(matcher(())) == 0 and matcher(()).find("anything") == []
