"""F1 bars chosen on out-of-fold scores, and the independent functional set's shape."""

from __future__ import annotations

from collections import Counter

from kibitz.moderation import evalsets
from kibitz.moderation.datasets import TRAIN, Row
from kibitz.moderation.training import TrainConfig, best_f1_threshold, head_weights


def test_best_f1_threshold_flags_the_best_prefix() -> None:
    labels = [0, 0, 1, 1, 0, 1]
    scores = [0.1, 0.2, 0.8, 0.9, 0.85, 0.3]
    # Flagging the top four (0.9, 0.85, 0.8, 0.3) gives F1 6/7, the best; the bar sits halfway
    # between 0.3 and the next score down.
    assert best_f1_threshold(labels, scores, "f1") == 0.25


def test_best_macro_f1_threshold_separates_a_clean_split() -> None:
    assert best_f1_threshold([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], "macro_f1") == 0.5


def test_functional_extra_is_a_balanced_independent_set() -> None:
    rows = evalsets.load("functional_extra")
    assert len(rows) >= 160
    labels = Counter(row["label"] for row in rows)
    assert set(labels) == {"hateful", "non-hateful"} and min(labels.values()) >= 60
    functional_texts = {case.text for case in evalsets.functional()}
    assert not functional_texts & {row["text"] for row in rows}
    assert len({row["id"] for row in rows}) == len(rows)


def test_only_the_spam_head_downweights_sets_that_are_not_spam() -> None:
    rows = [
        Row("win a prize", "sms-spam", {"spam": 1}, TRAIN),
        Row("you idiot", "olid", {"spam": 0, "toxic": 1}, TRAIN),
    ]
    config = TrainConfig()
    weights = head_weights(rows, [0, 1], "spam", config)
    assert weights is not None
    assert list(weights) == [1.0, config.spam_other_weight]
    assert head_weights(rows, [1], "toxic", config) is None
