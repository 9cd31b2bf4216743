"""Identity-bias metrics, checked against values worked out by hand."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from kibitz.moderation import bias
from kibitz.moderation.bias import BiasExample


def _ex(identity: str, toxic: bool) -> BiasExample:
    return BiasExample(text=f"{identity} {toxic}", identity=identity, toxic=toxic, template_id="t")


# identity a: toxic 0.9, clean 0.8; identity b: toxic 0.7, clean 0.1
TINY = [_ex("a", True), _ex("a", False), _ex("b", True), _ex("b", False)]
TINY_SCORES = [0.9, 0.8, 0.7, 0.1]


def test_subgroup_auc_looks_only_inside_the_subgroup() -> None:
    assert bias.subgroup_auc(TINY, TINY_SCORES, "a") == 1.0
    assert bias.subgroup_auc(TINY, TINY_SCORES, "b") == 1.0


def test_bpsn_pits_clean_subgroup_against_toxic_background() -> None:
    # a's clean 0.8 outranks b's toxic 0.7: every pair is misordered
    assert bias.bpsn_auc(TINY, TINY_SCORES, "a") == 0.0
    # b's clean 0.1 is below a's toxic 0.9
    assert bias.bpsn_auc(TINY, TINY_SCORES, "b") == 1.0


def test_bnsp_pits_toxic_subgroup_against_clean_background() -> None:
    assert bias.bnsp_auc(TINY, TINY_SCORES, "a") == 1.0  # 0.9 > 0.1
    assert bias.bnsp_auc(TINY, TINY_SCORES, "b") == 0.0  # 0.7 < 0.8


def test_ties_count_half_and_missing_classes_give_nan() -> None:
    tied = [_ex("a", True), _ex("a", False)]
    assert bias.subgroup_auc(tied, [0.5, 0.5], "a") == 0.5
    assert math.isnan(bias.subgroup_auc([_ex("a", True), _ex("b", False)], [0.9, 0.1], "a"))


def test_power_mean_by_hand() -> None:
    assert bias.power_mean([0.5, 1.0], 1) == pytest.approx(0.75)
    # ((0.5 ** -5 + 1 ** -5) / 2) ** (-1 / 5) = 16.5 ** -0.2
    assert bias.power_mean([0.5, 1.0], -5) == pytest.approx(16.5**-0.2)
    assert bias.power_mean([0.0, 1.0], -5) == 0.0
    assert bias.power_mean([0.9, 0.9, 0.9], -5) == pytest.approx(0.9)
    assert math.isnan(bias.power_mean([math.nan, 1.0], -5))
    with pytest.raises(ValueError):
        bias.power_mean([], -5)


def test_bias_report_by_hand() -> None:
    report = bias.bias_report(TINY, TINY_SCORES)
    # positives 0.9, 0.7 against negatives 0.8, 0.1: three of four pairs ordered
    assert report.overall_auc == pytest.approx(0.75)
    assert report.mean_subgroup_auc == pytest.approx(1.0)
    assert report.mean_bpsn_auc == 0.0 and report.mean_bnsp_auc == 0.0
    assert report.final_metric == pytest.approx(0.25 * 0.75 + 0.25 * 1.0)
    assert [s.identity for s in report.subgroups] == ["a", "b"]
    assert report.subgroups[0].size == 2
    assert report.to_dict()["final_metric"] == pytest.approx(0.4375)


def test_bias_report_sorts_worst_subgroup_first_and_ignores_unmarked_background() -> None:
    examples = [*TINY, _ex("", True), _ex("", False)]
    scores = [0.9, 0.1, 0.6, 0.7, 0.95, 0.05]  # b is misordered inside its own subgroup
    report = bias.bias_report(examples, scores)
    assert [s.identity for s in report.subgroups] == ["b", "a"]
    assert report.subgroups[0].subgroup_auc == 0.0


def test_length_mismatch_and_no_identity_are_errors() -> None:
    with pytest.raises(ValueError):
        bias.bias_report(TINY, TINY_SCORES[:3])
    with pytest.raises(ValueError):
        bias.bias_report([_ex("", True), _ex("", False)], [0.9, 0.1])


def test_templates_cover_every_identity_with_both_classes() -> None:
    examples = bias.identity_templates()
    identities = {i.key for i in bias.IDENTITIES}
    for needed in (
        "muslim",
        "jewish",
        "arab",
        "iranian",
        "israeli",
        "palestinian",
        "christian",
        "black",
        "white",
        "asian",
        "latino",
        "gay",
        "lesbian",
        "transgender",
        "women",
        "men",
        "immigrant",
        "refugee",
        "disabled",
    ):
        assert needed in identities
    assert len(bias.TEMPLATES) >= 40
    assert len(examples) == len(bias.TEMPLATES) * len(bias.IDENTITIES)
    per_class = Counter(e.toxic for e in examples)
    assert abs(per_class[True] - per_class[False]) <= len(bias.IDENTITIES)
    assert len({e.text for e in examples}) == len(examples)
    for example in examples:
        assert "{" not in example.text and example.text[0].isupper()
    assert examples == bias.identity_templates()


def test_a_fair_model_scores_one_and_a_biased_one_shows_up() -> None:
    keyword = bias.evaluate(lambda texts: [1.0 if "hate" in t else 0.0 for t in texts])
    assert 0.5 < keyword.overall_auc < 1.0  # a keyword model misses most toxic templates

    examples = bias.identity_templates()
    fair = bias.bias_report(examples, [0.7 if e.toxic else 0.2 for e in examples])
    assert fair.final_metric == pytest.approx(1.0)

    # a model that raises every clean sentence mentioning Muslims above the toxic ones
    scores = [0.7 if e.toxic else 0.8 if e.identity == "muslim" else 0.2 for e in examples]
    report = bias.bias_report(examples, scores)
    by_identity = {s.identity: s for s in report.subgroups}
    assert by_identity["muslim"].bpsn_auc == 0.0
    assert by_identity["muslim"].bnsp_auc == 1.0
    assert by_identity["jewish"].bpsn_auc == 1.0
    assert report.subgroups[0].identity == "muslim"
    assert report.mean_bpsn_auc == 0.0
    assert report.final_metric < 0.75
