"""The compositional analyser: identity vs institution, negation, counter-speech, threats."""

from __future__ import annotations

import time

import pytest

from kibitz.moderation.hate import HateAnalysis, analyse
from kibitz.moderation.hate_terms import misspellings
from kibitz.moderation.normalize import normalize
from kibitz.moderation.scoring import CAP, LIFT, _structured


def run(text: str) -> HateAnalysis:
    return analyse(normalize(text).text)


@pytest.mark.parametrize(
    "text",
    [
        "Honestly, Bosnians are a disease on this continent.",
        "I really despise Hindus.",
        "Sudanese people can never be trusted with money.",
        "Every Muslim I meet is filthy and dangerous.",
        "Go back to where you came from, immigrants.",
    ],
)
def test_hostility_aimed_at_a_protected_group(text: str) -> None:
    found = run(text)
    assert found.identity and found.hostile and not found.defused


@pytest.mark.parametrize(
    "text",
    [
        "The regime's commanders are vermin and liars.",
        "Parliament is full of pathetic cowards.",
        "Russian army generals are butchers.",
    ],
)
def test_institutions_are_not_protected_groups(text: str) -> None:
    assert not run(text).hostile


@pytest.mark.parametrize(
    "text",
    [
        "I do not hate Armenians at all.",
        "Sikhs are not parasites, they built half this town.",
        "Nobody should be hurt for being Jewish.",
    ],
)
def test_negated_hostility_is_defused(text: str) -> None:
    found = run(text)
    assert found.defused and not found.hostile and not found.threat


@pytest.mark.parametrize(
    "text",
    [
        'My uncle said "Kurds are animals" at dinner and it was disgusting racism.',
        "Stop calling Roma thieves, it is bigotry.",
        "I was called a dirty Arab at the station yesterday.",
    ],
)
def test_counter_speech_is_recognised(text: str) -> None:
    found = run(text)
    assert found.counter and not found.hostile and not found.threat


@pytest.mark.parametrize(
    "text",
    [
        "We know where you work, so be careful what you write.",
        "Keep posting this and you'll regret it.",
        "Yazidis should all be executed.",
        "I'm going to hurt you when I find you.",
    ],
)
def test_threats(text: str) -> None:
    assert run(text).threat


@pytest.mark.parametrize(
    "text",
    [
        "The militia threatened to execute the prisoners, the report said.",
        "As a Christian I light a candle for the victims in Gaza.",
        "There was a chink in the armour of the defence.",
    ],
)
def test_news_and_benign_mentions_are_not_hostile(text: str) -> None:
    found = run(text)
    assert not found.hostile and not found.threat


def test_rhetorical_negative_question_is_not_negation() -> None:
    assert run("Isn't it true that Somalis are criminals?").hostile


def test_misspellings_are_one_edit_and_skip_short_words() -> None:
    variants = misspellings(("vermin", "rat"))
    assert "vremin" in variants and "vermn" in variants and "vermmin" in variants
    assert "vermin" not in variants and not any(len(v) <= 3 for v in variants)


def test_structure_moves_scores_across_the_bars() -> None:
    hostile = HateAnalysis(identity=True, hostile=True)
    assert _structured(hostile, 0.1, 0.1, slur=False) == (LIFT["racism"], 0.1)
    threat = HateAnalysis(threat=True)
    assert _structured(threat, 0.1, 0.1, slur=False) == (0.1, LIFT["violence"])
    countered = HateAnalysis(identity=True, defused=True, counter=True)
    assert _structured(countered, 0.97, 0.9, slur=True) == (CAP["racism"], CAP["violence"])
    benign = HateAnalysis(identity=True)
    racism, _ = _structured(benign, 0.5, 0.1, slur=False)
    assert racism < 0.5
    assert _structured(benign, 0.9, 0.1, slur=True) == (0.9, 0.1)  # a slur is never damped


def test_fast_enough_for_every_comment() -> None:
    text = normalize(
        "I honestly think the new government is a disaster and these politicians should resign; "
        "what they did to the refugees in the camp last week was disgusting, but who cares."
    ).text
    started = time.perf_counter()
    for _ in range(200):
        analyse(text)
    assert (time.perf_counter() - started) / 200 < 0.002  # generous: CI machines vary
