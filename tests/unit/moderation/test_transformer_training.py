"""The torch-free parts of training the transformer stage (CI never trains): which rows it fits
and calibrates on, the masked label matrix, the batches, and the card rendered from its record."""

from __future__ import annotations

import json

import pytest

from kibitz.moderation import ARTIFACTS
from kibitz.moderation.datasets import HEADS, TEST, TRAIN, Row
from kibitz.moderation.transformer import CONFIG_FILE, DIRECTORY, available
from kibitz.moderation.transformer_calibration import CARD_FILE
from kibitz.moderation.transformer_card import comparison_rows, render_transformer_card, target
from kibitz.moderation.transformer_training import (
    TransformerConfig,
    batches,
    label_matrix,
    split_rows,
)


def _rows() -> list[Row]:
    rows = [Row(f"comment number {i}", "olid", {"offensive": i % 2}, TRAIN) for i in range(400)]
    rows += [Row(f"spam text {i}", "sms-spam", {"spam": i % 3 == 0}, TRAIN) for i in range(50)]
    rows += [Row(f"tweet {i}", "davidson", {"racism": 0}, TRAIN) for i in range(30)]
    rows += [Row(f"held out {i}", "olid", {"offensive": 1}, TEST) for i in range(40)]
    return rows


def test_fit_and_dev_rows_are_disjoint_train_rows_and_caps_apply() -> None:
    config = TransformerConfig(dev_percent=10, source_caps=(("davidson", 12),))
    fit, dev = split_rows(_rows(), config)
    assert all(r.split == TRAIN for r in fit + dev)
    assert not {r.text for r in fit} & {r.text for r in dev}
    assert 10 <= len(dev) <= 80  # about a tenth, by a hash of the text
    assert sum(r.source == "davidson" for r in fit) == 12
    again = split_rows(_rows(), config)
    assert again == (fit, dev)  # seeded: the same rows every run


def test_label_matrix_masks_heads_a_dataset_does_not_label() -> None:
    rows = [
        Row("a", "olid", {"offensive": 1}, TRAIN),
        Row("b", "sms-spam", {"spam": 1}, TRAIN),
        Row("c", "kaggle-insults", {"spam": 0, "discourtesy": 1}, TRAIN),
    ]
    targets, weights = label_matrix(rows, TransformerConfig())
    offensive, spam, discourtesy = (HEADS.index(h) for h in ("offensive", "spam", "discourtesy"))
    assert targets[0, offensive] == 1 and weights[0, offensive] == 1
    assert weights[0].sum() == 1  # OLID says nothing about the other heads
    assert weights[1, spam] == 1  # a spam set's spam label counts in full…
    assert weights[2, spam] == pytest.approx(0.2)  # …another set's "not spam" weighs less
    assert targets[2, discourtesy] == 1


def test_batches_cover_every_row_once_with_similar_lengths() -> None:
    lengths = [(i * 37) % 90 + 1 for i in range(1000)]
    plan = batches(lengths, 32, seed=3)
    flat = [i for batch in plan for i in batch]
    assert sorted(flat) == list(range(1000))
    assert all(len(b) <= 32 for b in plan)
    spread = [max(lengths[i] for i in b) - min(lengths[i] for i in b) for b in plan]
    assert sum(spread) / len(spread) < 20  # sorted within chunks: little padding
    assert batches(lengths, 32, seed=3) == plan


def test_targets_follow_the_issue() -> None:
    assert target("olid offensive macro-F1", 0.7) == 0.84
    assert target("olid offensive AUC", 0.80) == pytest.approx(0.82)
    assert target("sms-spam spam AUC", 0.99) == 0.97
    assert target("pooled racism AUC", 0.9) is None
    fpr = {"measure": "civil news FPR at hold", "sparse": 0.01, "transformer": 0.0, "cascade": 0.03}
    rows = comparison_rows([fpr])
    assert rows[0][-1] == "no"  # lower is better there


@pytest.mark.skipif(not available(ARTIFACTS / DIRECTORY), reason="no transformer stage committed")
def test_committed_card_is_what_its_record_renders() -> None:
    folder = ARTIFACTS / DIRECTORY
    meta = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
    assert (folder / CARD_FILE).read_text(encoding="utf-8") == render_transformer_card(meta)
    assert meta["evaluation"]["band"] == meta["band"]  # measured with the band it ships
