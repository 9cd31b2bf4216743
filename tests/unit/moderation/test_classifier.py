"""The serving transform equals scikit-learn's, heads load without pickle, artifacts reproduce."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from kibitz.moderation import ARTIFACTS
from kibitz.moderation.classifier import LinearHeads, TextModel
from kibitz.moderation.datasets import HEADS, hash_split
from kibitz.moderation.features import FeatureSpace, Vocabulary, char_ngrams, word_ngrams
from kibitz.moderation.moderator import Moderator
from kibitz.moderation.pipeline import FIXTURE_FILE

CORPUS = [
    "the strikes killed one militant and injured 18",
    "you are an idiot, an absolute idiot!!",
    "a b c  d",
    "I",
    "",
    "naïve café owners said   the ceasefire held",
    "win a free phone now click here",
]


def _fitted(analyzer: object) -> TfidfVectorizer:
    vectorizer = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True)
    vectorizer.fit(CORPUS)
    return vectorizer


def test_char_ngrams_match_sklearn_char_wb() -> None:
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=True)
    analyse = reference.build_analyzer()
    for text in CORPUS:
        assert char_ngrams(text) == analyse(text)


def test_word_ngrams_match_sklearn_words() -> None:
    analyse = TfidfVectorizer(ngram_range=(1, 2)).build_analyzer()
    for text in CORPUS:
        assert sorted(word_ngrams(text)) == sorted(analyse(text))


def test_transform_equals_sklearn_tfidf() -> None:
    words, chars = _fitted(word_ngrams), _fitted(char_ngrams)
    space = FeatureSpace(
        Vocabulary(dict(words.vocabulary_), words.idf_.astype(np.float32)),
        Vocabulary(dict(chars.vocabulary_), chars.idf_.astype(np.float32)),
        ("extra",),
    )
    ours = space.transform(CORPUS, [(0.5,)] * len(CORPUS)).toarray()
    expected = np.hstack(
        [words.transform(CORPUS).toarray(), chars.transform(CORPUS).toarray(), np.full((7, 1), 0.5)]
    )
    np.testing.assert_allclose(ours, expected, atol=1e-6)


def test_heads_round_trip_through_npz(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    heads = LinearHeads(
        ("a", "b"),
        rng.normal(size=(5, 2)).astype(np.float32),
        np.asarray([0.1, -0.2], dtype=np.float32),
        np.asarray([1.5, 0.7], dtype=np.float32),
        np.asarray([-0.3, 0.2], dtype=np.float32),
    )
    heads.save(tmp_path)
    loaded = LinearHeads.load(tmp_path)
    assert loaded.heads == ("a", "b")
    np.testing.assert_array_equal(loaded.weights, heads.quantised().weights)
    np.testing.assert_array_equal(loaded.platt_a, heads.platt_a)


def test_hash_split_is_stable_and_about_a_fifth() -> None:
    texts = [f"comment number {i}" for i in range(5000)]
    held = sum(hash_split(t) == "test" for t in texts)
    assert 850 < held < 1150
    assert hash_split("Same Text ") == hash_split("same text")


def test_committed_model_has_every_head_and_no_pickle() -> None:
    model = TextModel.load(ARTIFACTS)
    assert model.heads.heads == HEADS
    assert model.heads.weights.shape == (model.space.size, len(HEADS))
    assert not list(ARTIFACTS.glob("*.pkl")) and not list(ARTIFACTS.glob("*.joblib"))
    total = sum(p.stat().st_size for p in ARTIFACTS.iterdir() if p.is_file())
    assert total <= 50 * 1024 * 1024


def test_artifacts_reproduce_recorded_fixture_scores() -> None:
    recorded = json.loads((ARTIFACTS / FIXTURE_FILE).read_text(encoding="utf-8"))
    verdicts = Moderator.load(stage="sparse").assess_many([item["text"] for item in recorded])
    for item, verdict in zip(recorded, verdicts, strict=True):
        scores = {rule.value: score for rule, score in verdict.scores.items()}
        assert scores == pytest.approx(item["scores"], abs=1e-4)
        assert verdict.decision.value == item["decision"]


def test_label_mapping_leaves_unknown_heads_out() -> None:
    from kibitz.moderation import datasets

    civil = {
        "n_annotators": "3", "n_threat": "1", "threat": "0", "n_identity_attack": "0",
        "identity_attack": "0", "n_profane_obscene": "2", "profane_obscene": "1",
        "n_insult": "1", "insult": "0",
    }  # fmt: skip
    labels = datasets._civil(civil)
    assert labels["violence"] == 1  # a third of raters saw a threat: rare types use n_*
    assert labels["racism"] == 0  # nobody saw an identity attack
    assert labels["profanity"] == 1
    assert "discourtesy" in labels and labels["discourtesy"] == 1
    assert labels["toxic"] == 1 and labels["spam"] == 0
    offensive = datasets._davidson({"class": "1"})
    assert "racism" not in offensive and "profanity" not in offensive  # class 1 is mixed
    assert datasets._olid({"subtask_a": "OFF", "subtask_b": "TIN", "subtask_c": "GRP"}) == {
        "offensive": 1,
        "toxic": 1,
        "spam": 0,
    }
    assert datasets._kaggle({"Insult": "0"}) == {"discourtesy": 0, "insult": 0, "spam": 0}
