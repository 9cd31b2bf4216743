"""The hand-written evaluation sets: well-formed, big enough, and split without leaks."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources

import pytest

from kibitz.moderation import evalsets
from kibitz.moderation.evalsets import functional_build
from kibitz.moderation.rules import Rule

RULES = {rule.value for rule in Rule}


def _raw_lines(name: str) -> list[str]:
    text = (
        resources.files("kibitz.moderation.evalsets").joinpath(f"{name}.jsonl").read_text("utf-8")
    )
    return text.splitlines()


@pytest.mark.parametrize("name", ["civil_news", "functional"])
def test_every_line_is_one_json_object_with_a_unique_id(name: str) -> None:
    lines = _raw_lines(name)
    rows = [json.loads(line) for line in lines]
    assert all(isinstance(row, dict) for row in rows)
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    assert rows == evalsets.load(name)


def test_civil_news_meets_the_minimums() -> None:
    cases = evalsets.civil_news()
    assert len(cases) >= 220
    assert sum(case.clean for case in cases) >= 170
    per_rule = Counter(rule for case in cases for rule in case.labels)
    assert set(per_rule) == set(Rule), "every rule needs violations to measure recall"
    assert min(per_rule.values()) >= 5


def test_civil_news_rows_are_valid() -> None:
    for row in evalsets.load("civil_news"):
        assert set(row) <= {"id", "text", "labels", "topic", "notes"}
        assert set(row["labels"]) <= RULES
        assert len(row["labels"]) == len(set(row["labels"]))
        assert 10 <= len(row["text"]) <= 400, row["id"]
        assert row["topic"]
    texts = [case.text for case in evalsets.civil_news()]
    assert len(texts) == len(set(texts))


def test_civil_news_is_mostly_about_war_and_identity() -> None:
    clean = [case.text.lower() for case in evalsets.civil_news() if case.clean]
    violent_words = ("strike", "killed", "drone", "bomb", "attack", "militant", "war")
    identities = ("muslim", "jew", "arab", "iranian", "israeli", "palestinian", "gay", "black")
    assert sum(any(word in text for word in violent_words) for text in clean) >= 60
    assert sum(any(word in text for word in identities) for text in clean) >= 30


def test_functional_rows_are_valid() -> None:
    for row in evalsets.load("functional"):
        assert set(row) == {
            "id",
            "functionality",
            "target",
            "text",
            "label",
            "rules",
            "template_id",
            "split",
        }
        assert row["label"] in {"hateful", "non-hateful"}
        assert set(row["rules"]) <= RULES
        assert row["split"] in {"dev", "test"}
        # hateful means an identity attack or a threat, and nothing else
        assert (row["label"] == "hateful") == bool({"racism", "violence"} & set(row["rules"]))
        assert row["functionality"].endswith("_nh") == (row["label"] == "non-hateful")


def test_functional_meets_the_minimums() -> None:
    cases = evalsets.functional()
    assert len(cases) >= 450
    targets = {case.target for case in cases}
    for key in (
        "muslims",
        "jews",
        "arabs",
        "iranians",
        "israelis",
        "black_people",
        "gay_people",
        "trans_people",
        "women",
        "immigrants",
        "disabled_people",
        "christians",
    ):
        assert key in targets
    functionalities = Counter(case.functionality for case in cases)
    for needed in (
        "negated_hate_nh",
        "negated_positive_h",
        "counter_quote_nh",
        "counter_slur_nh",
        "spell_leet_h",
        "spell_space_add_h",
        "threat_polite_h",
        "ident_news_nh",
        "abuse_nonprotected_nh",
        "profanity_nonhateful_nh",
        "pronoun_reference_h",
    ):
        assert functionalities[needed] >= 5, needed
    templates_per_functionality = Counter(
        functionality for functionality, _ in {(c.functionality, c.template_id) for c in cases}
    )
    assert min(templates_per_functionality.values()) >= 2


def test_functional_splits_are_disjoint_by_template_and_balanced() -> None:
    dev, test = evalsets.functional("dev"), evalsets.functional("test")
    assert len(dev) + len(test) == len(evalsets.functional())
    assert not {c.template_id for c in dev} & {c.template_id for c in test}
    assert 0.4 <= len(dev) / (len(dev) + len(test)) <= 0.6
    for part in (dev, test):
        assert {c.functionality for c in part} == {c.functionality for c in evalsets.functional()}
        assert {c.hateful for c in part} == {True, False}


def test_functional_file_is_what_the_generator_writes() -> None:
    assert "\n".join(_raw_lines("functional")) + "\n" == functional_build.dumps(
        functional_build.build()
    )


def test_typed_views_keep_the_labels() -> None:
    case = next(c for c in evalsets.functional() if c.id == "fn-td_1-muslims")
    assert case.hateful and case.rules == {Rule.VIOLENCE, Rule.RACISM}
    assert case.text == "I am going to kill every one of those Muslims."
    news = next(c for c in evalsets.civil_news() if c.id == "cn-001")
    assert news.clean and news.labels == frozenset()


@pytest.mark.parametrize("name", ["../rules", "civil_news.jsonl", "", "Civil"])
def test_load_refuses_names_that_are_not_identifiers(name: str) -> None:
    with pytest.raises(ValueError):
        evalsets.load(name)


def test_load_says_when_a_set_is_missing() -> None:
    with pytest.raises(FileNotFoundError):
        evalsets.load("no_such_set")


def _fn(functionality: str, target: str, hateful: bool) -> evalsets.FunctionalCase:
    return evalsets.FunctionalCase(
        id=f"{functionality}-{target}",
        functionality=functionality,
        target=target,
        text="x",
        hateful=hateful,
        rules=frozenset({Rule.RACISM}) if hateful else frozenset(),
        template_id=functionality,
        split="dev",
    )


def test_functional_report_by_hand() -> None:
    cases = [
        _fn("derog_h", "jews", True),
        _fn("derog_h", "women", True),
        _fn("ident_nh", "jews", False),
        _fn("negated_nh", "jews", False),
    ]
    # catches one of two hateful, wrongly flags one of two non-hateful
    report = evalsets.functional_report(cases, [True, False, True, False])
    assert report.size == 4
    assert report.balanced_accuracy == pytest.approx(0.5)
    assert report.accuracy_by_functionality == {"derog_h": 0.5, "ident_nh": 0.0, "negated_nh": 1.0}
    assert report.accuracy_by_target == {"jews": pytest.approx(2 / 3), "women": 0.0}
    flag_all = evalsets.functional_report(cases, [True] * 4)
    assert flag_all.balanced_accuracy == pytest.approx(0.5)
    with pytest.raises(ValueError):
        evalsets.functional_report(cases, [True])


def _cn(cid: str, *labels: Rule) -> evalsets.CivilNewsCase:
    return evalsets.CivilNewsCase(id=cid, text="x", labels=frozenset(labels), topic="t")


def test_civil_news_report_by_hand() -> None:
    cases = [
        _cn("c1"),
        _cn("c2"),
        _cn("c3"),
        _cn("c4"),
        _cn("v1", Rule.VIOLENCE),
        _cn("v2", Rule.VIOLENCE, Rule.RACISM),
        _cn("v3", Rule.SPAM),
    ]
    flagged: list[set[Rule]] = [
        set(),
        {Rule.VIOLENCE},  # a false positive
        set(),
        set(),
        {Rule.VIOLENCE},
        {Rule.RACISM},  # right comment, one of its two rules
        set(),  # missed
    ]
    report = evalsets.civil_news_report(cases, flagged)
    assert (report.clean, report.violations) == (4, 3)
    assert report.false_positive_rate == pytest.approx(0.25)
    assert report.false_positives == ("c2",)
    assert report.recall_any == pytest.approx(2 / 3)
    assert report.recall_by_rule == {Rule.VIOLENCE: 0.5, Rule.RACISM: 1.0, Rule.SPAM: 0.0}
    with pytest.raises(ValueError):
        evalsets.civil_news_report(cases[:4], flagged[:4])
