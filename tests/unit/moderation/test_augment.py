"""Augmentation rows: deterministic, well labelled, balanced, disjoint from what we evaluate on."""

from __future__ import annotations

from collections import Counter

from kibitz.moderation import augment, bias, evalsets
from kibitz.moderation.evalsets import functional_build


def test_rows_are_deterministic_for_a_seed_and_differ_across_seeds() -> None:
    first, again, other = (
        augment.augmentation_rows(7),
        augment.augmentation_rows(7),
        augment.augmentation_rows(8),
    )
    assert first == again
    assert [r.text for r in first] != [r.text for r in other]


def test_a_few_thousand_unique_rows_mostly_clean() -> None:
    rows = augment.augmentation_rows(0)
    assert 1500 <= len(rows) <= 5000
    assert len({r.text for r in rows}) == len(rows)
    kinds = Counter(r.kind for r in rows)
    clean = kinds["identity_clean"] + kinds["identity_news"] + kinds["news"]
    assert clean >= 2 * (kinds["hateful"] + kinds["threat"]) > 0
    assert kinds["news"] >= 300 and kinds["identity_news"] >= 100


def test_labels_carry_every_rule_and_head() -> None:
    for row in augment.augmentation_rows(0):
        assert tuple(row.labels) == augment.LABEL_KEYS
        assert set(row.labels.values()) <= {0, 1}
        assert "{" not in row.text and row.text[0].isupper()
        if row.kind in {"identity_clean", "identity_news", "news"}:
            assert not any(row.labels.values()), row.text
        elif row.kind == "hateful":
            assert row.labels["racism"] == row.labels["identity_hate"] == row.labels["toxic"] == 1
            assert row.labels["violence"] == row.labels["threat"] == 0
        else:
            assert row.kind == "threat"
            assert row.labels["violence"] == row.labels["threat"] == row.labels["racism"] == 1
        for rule in ("profanity", "vulgarity", "doxing", "spam", "discourtesy"):
            assert row.labels[rule] == 0


def test_identity_terms_appear_on_both_sides_mostly_clean() -> None:
    rows = augment.augmentation_rows(0)
    for ident in augment.AUG_IDENTITIES:
        forms = (ident.many, ident.one)
        mentions = [r for r in rows if any(form in r.text for form in forms)]
        toxic = sum(r.labels["toxic"] for r in mentions)
        assert 0 < toxic < len(mentions) / 2, ident.key


def test_news_rows_talk_about_violence_without_labels() -> None:
    news = [r.text.lower() for r in augment.augmentation_rows(0) if r.kind == "news"]
    words = ("killed", "strike", "attack", "bomb", "shell", "fighters", "casualties", "massacre")
    assert sum(any(w in text for w in words) for text in news) >= len(news) / 2


def test_templates_are_disjoint_from_the_evaluation_templates() -> None:
    ours = augment.template_texts()
    assert not ours & bias.template_texts()
    assert not ours & functional_build.template_texts()


def test_rendered_rows_never_repeat_an_evaluation_text() -> None:
    texts = {r.text.casefold() for seed in (0, 1) for r in augment.augmentation_rows(seed)}
    evaluation = {e.text for e in bias.identity_templates()}
    evaluation |= {c.text for c in evalsets.functional()}
    evaluation |= {c.text for c in evalsets.civil_news()}
    assert not texts & {t.casefold() for t in evaluation}
