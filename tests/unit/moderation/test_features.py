"""The fast serving transform: batch and lone rows agree to the bit, and caching changes nothing."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from kibitz.moderation import ARTIFACTS, features
from kibitz.moderation.classifier import TextModel
from kibitz.moderation.features import FeatureSpace, Rows, Vocabulary, char_ngrams

TEXTS = [
    "The council voted 7-2 for the budget; residents weren't told, again!!",
    "",
    "   ",
    "you absolute idiot, idiot, IDIOT",
    "naïve café owners said the ceasefire held",
    "zzqxj wvvkp",  # nothing in the vocabulary
    "Win a FREE phone now!!! click www.cheap-prizes.biz",
]
EXTRAS = [(0.0,) * 9, (0.7, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.1)] * 4


@pytest.fixture(scope="module")
def model() -> TextModel:
    return TextModel.load(ARTIFACTS)


def _same(a: Rows, b: Rows) -> None:
    np.testing.assert_array_equal(a.values, b.values)
    np.testing.assert_array_equal(a.columns, b.columns)
    np.testing.assert_array_equal(a.indptr, b.indptr)


def _stacked(space: FeatureSpace, texts: Sequence[str], extras: Sequence[Sequence[float]]) -> Rows:
    singles = [space.rows([t], [e]) for t, e in zip(texts, extras, strict=True)]
    sizes = [len(r.values) for r in singles]
    return Rows(
        np.concatenate([r.values for r in singles]),
        np.concatenate([r.columns for r in singles]),
        np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
        space.size,
    )


def test_a_batch_equals_its_texts_one_by_one(model: TextModel) -> None:
    extras = EXTRAS[: len(TEXTS)]
    batch = model.space.rows(TEXTS, extras)
    _same(batch, _stacked(model.space, TEXTS, extras))
    assert batch.csr().shape == (len(TEXTS), model.space.size)


def test_lone_row_product_equals_scipy_to_the_bit(model: TextModel) -> None:
    weights = model.heads.weights
    for text, extra in zip(TEXTS, EXTRAS, strict=False):
        rows = model.space.rows([text], [extra])
        np.testing.assert_array_equal(rows.dot(weights), rows.csr() @ weights)
    batch = model.space.rows(TEXTS, EXTRAS[: len(TEXTS)])
    np.testing.assert_array_equal(batch.dot(weights), batch.csr() @ weights)


def test_word_cache_eviction_and_warming_change_nothing(
    model: TextModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    extras = EXTRAS[: len(TEXTS)]
    expected = model.space.rows(TEXTS, extras)
    assert "the" in model.space._char_cache  # warmed at load with the commonest words
    cold = FeatureSpace(model.space.words, model.space.chars, model.space.extra_names)
    monkeypatch.setattr(features, "WORD_CACHE_SIZE", 3)
    _same(cold.rows(TEXTS, extras), expected)
    assert len(cold._char_cache) <= 3


def test_char_columns_are_the_sum_of_each_words_ngrams() -> None:
    grams = sorted(set(char_ngrams(" ".join(TEXTS))))
    index = {gram: col for col, gram in enumerate(grams)}
    space = FeatureSpace(
        Vocabulary({}, np.zeros(0, dtype=np.float32)),
        Vocabulary(index, np.ones(len(grams), dtype=np.float32)),
        (),
    )
    for text in TEXTS:
        row = space.rows([text], [()])
        counts: dict[int, int] = {}
        for gram in char_ngrams(text):
            counts[index[gram]] = counts.get(index[gram], 0) + 1
        assert row.columns.tolist() == list(counts)  # first-occurrence order, as before
        tf = 1 + np.log(np.asarray(list(counts.values()), dtype=np.float64))
        expected = tf / np.sqrt((tf * tf).sum()) if counts else tf
        np.testing.assert_allclose(row.values, expected, rtol=1e-6)
