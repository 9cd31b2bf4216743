"""Doxing: PII detectors with spans, and private information told apart from public."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kibitz.moderation.doxing import THRESHOLD, doxing_score, evaluate_doxing, find_pii
from kibitz.moderation.rules import Rule

EVALSET = Path(__file__).parents[3] / "src/kibitz/moderation/evalsets/doxing.jsonl"


def kinds(text: str) -> dict[str, str]:
    return {h.text: h.kind for h in find_pii(text)}


@pytest.mark.parametrize(
    ("text", "found", "kind"),
    [
        ("Call him on 07911 123456 tonight", "07911 123456", "phone"),
        ("his cell (312) 846-2291 ok", "(312) 846-2291", "phone"),
        ("her number +33 6 12 34 56 78", "+33 6 12 34 56 78", "phone"),
        ("him: 0770 123 4567", "0770 123 4567", "phone"),
        ("write to jane.doe84@gmail.com", "jane.doe84@gmail.com", "email"),
        ("mail omar dot khalil at outlook dot com", "omar dot khalil at outlook dot com", "email"),
        ("He lives at 1234 Elm Street now", "1234 Elm Street", "street_address"),
        ("at 221B Baker St, London", "221B Baker St", "street_address"),
        ("at 12 rue de Rivoli", "12 rue de Rivoli", "street_address"),
        ("in Apt 4B", "Apt 4B", "street_address"),
        ("at Goethestraße 14", "Goethestraße 14", "street_address"),
        ("his SSN is 078-05-1120", "078-05-1120", "national_id"),
        ("passport number X1234567", "X1234567", "national_id"),
        ("card 4111 1111 1111 1111", "4111 1111 1111 1111", "card_number"),
        ("his plate is ABC-1234", "ABC-1234", "licence_plate"),
    ],
)
def test_detectors_find_pii_with_spans(text: str, found: str, kind: str) -> None:
    hits = {h.text: h for h in find_pii(text)}
    assert found in hits, hits
    hit = hits[found]
    assert hit.kind == kind
    assert text[hit.start : hit.end] == found


def test_luhn_failures_are_not_cards() -> None:
    assert "card_number" not in kinds("card 4111 1111 1111 1112")


@pytest.mark.parametrize(
    "text",
    [
        "The strike killed 18 people and injured 42.",
        "Between 1939-1945 and in 2024, prices rose 4.5%.",
        "The attack happened on 12/05/2024 at 07:30.",
        "Some 1,200,000 were displaced; the budget is $1,250,000,000.",
        "Flight 9525 and Unit 8200 and page 144.",
        "The population is 83000000.",
    ],
)
def test_figures_are_not_phone_numbers(text: str) -> None:
    assert "phone" not in kinds(text).values()


@pytest.mark.parametrize(
    "text",
    [
        "Here's his number: 07911 123456. Everyone call him tonight.",
        "He lives at 1234 Elm Street, Apt 4B.",
        "Email her at jane.doe84@gmail.com and tell her what you think.",
        "His SSN is 078-05-1120.",
        "His kids go to Lincoln Elementary and he leaves at 7 every morning.",
    ],
)
def test_private_information_about_a_person_scores_high(text: str) -> None:
    score, spans = doxing_score(text)
    assert score >= THRESHOLD
    assert spans and all(s.rule is Rule.DOXING for s in spans)
    assert all(text[s.start : s.end] == s.text for s in spans)


@pytest.mark.parametrize(
    "text",
    [
        "The ministry's press line is +964 1 537 2340 for journalists.",
        "Call the helpline on 0800 1111 if you need to talk.",
        "The toll-free number 1-800-273-8255 is staffed around the clock.",
        "If you are struggling, call or text 988; Samaritans are on 116 123.",
        "The prime minister lives at 10 Downing Street.",
        "The White House is at 1600 Pennsylvania Avenue NW.",
        "Press enquiries: press@state.gov.",
        "Call me on 07700 900123 if you want to join our cycling club.",
        "He works at Google and lives in Zurich, the profile says.",
        "Hundreds of lives at risk as the dam weakens.",
    ],
)
def test_public_information_scores_low(text: str) -> None:
    assert doxing_score(text)[0] < THRESHOLD


def test_person_cue_raises_and_public_cue_lowers() -> None:
    plain = doxing_score("0161 496 0732")[0]
    personal = doxing_score("his home phone: 0161 496 0732")[0]
    public = doxing_score("the council switchboard: 0161 496 0732")[0]
    assert public < plain < personal


def test_clean_text_costs_nothing() -> None:
    assert find_pii("A perfectly ordinary opinion about the war.") == []
    assert doxing_score("") == (0.0, [])


def test_evaluate_counts() -> None:
    rows = [
        {"text": "His SSN is 078-05-1120.", "label": 1},
        {"text": "The war ended in 1945.", "label": 0},
        {"text": "Call 988.", "label": 1},
    ]
    figures = evaluate_doxing(rows)
    assert (figures["tp"], figures["fp"], figures["fn"], figures["tn"]) == (1, 0, 1, 1)
    assert figures["precision"] == 1.0 and figures["recall"] == 0.5


def test_evalset_meets_targets() -> None:
    rows = [json.loads(line) for line in EVALSET.read_text("utf-8").splitlines()]
    assert sum(r["label"] for r in rows) >= 120
    assert sum(1 - r["label"] for r in rows) >= 120
    figures = evaluate_doxing(rows)
    assert figures["precision"] >= 0.95
    assert figures["recall"] >= 0.95
