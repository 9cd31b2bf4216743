"""The transformer stage without PyTorch: the committed int8 ONNX model, the cascade's routing."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.moderation_support import save_small_moderator, small_moderator

from kibitz.comments.verdicts import to_record
from kibitz.moderation import ARTIFACTS
from kibitz.moderation.cascade import Band
from kibitz.moderation.datasets import HEADS
from kibitz.moderation.metrics import auc
from kibitz.moderation.moderator import Moderator
from kibitz.moderation.rules import Rule
from kibitz.moderation.transformer import (
    CONFIG_FILE,
    DIRECTORY,
    FIXTURE_FILE,
    TOKENIZER_FILE,
    TransformerModel,
    available,
)

STAGE = ARTIFACTS / DIRECTORY
committed = pytest.mark.skipif(not available(STAGE), reason="no transformer stage committed")


@pytest.fixture(scope="module")
def exported() -> TransformerModel:
    return TransformerModel.load(STAGE)


@committed
def test_exported_model_loads_and_runs_without_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("torch", "transformers"):
        monkeypatch.setitem(sys.modules, name, None)  # any import of them now fails
    model = TransformerModel.load(STAGE)
    probs = model.predict(["Thanks for the reporting.", "You are a pathetic idiot."])
    assert probs.shape == (2, len(model.heads))
    assert set(model.heads) == set(HEADS)
    assert ((probs >= 0) & (probs <= 1)).all()
    insult = model.heads.index("discourtesy")
    assert probs[1, insult] > probs[0, insult]


@committed
def test_exported_model_reproduces_its_cards_fixed_sample(exported: TransformerModel) -> None:
    recorded: dict[str, Any] = json.loads((STAGE / FIXTURE_FILE).read_text(encoding="utf-8"))
    items = recorded["items"]
    probs = exported.predict([item["text"] for item in items])
    got = np.asarray([probs[i, exported.heads.index(it["head"])] for i, it in enumerate(items)])
    assert np.abs(got - np.asarray([it["p"] for it in items])).max() < 0.02
    meta = json.loads((STAGE / CONFIG_FILE).read_text(encoding="utf-8"))
    assert meta["fixture_figures"] == pytest.approx(recorded["figures"])
    for name, figure in recorded["figures"].items():
        source = name.split()[0]
        mine = [(it["label"], float(g)) for it, g in zip(items, got, strict=True)
                if it["source"] == source]  # fmt: skip
        assert auc([y for y, _ in mine], [p for _, p in mine]) == pytest.approx(figure, abs=0.01)


@committed
def test_committed_stage_is_small_and_has_a_band() -> None:
    size = sum(p.stat().st_size for p in STAGE.iterdir())
    assert size <= 30 * 1024 * 1024
    meta = json.loads((STAGE / CONFIG_FILE).read_text(encoding="utf-8"))
    band = Band.from_dict(meta["band"])
    assert 0.0 <= band.low < band.high <= 1.0 and 0.0 < band.mix <= 1.0
    assert Moderator.load().stage == "cascade"


class FakeSession:
    """Stands in for onnxruntime: the same logit for every head, and a record of each call."""

    def __init__(self, logit: float) -> None:
        self.logit = logit
        self.batches: list[int] = []

    def run(self, outputs: list[str], feeds: dict[str, Any]) -> list[Any]:
        rows = feeds["input_ids"].shape[0]
        self.batches.append(rows)
        return [np.full((rows, len(HEADS)), self.logit, dtype=np.float32)]


def fake_stage(logit: float) -> TransformerModel:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(STAGE / TOKENIZER_FILE)) if available(STAGE) else None
    if tokenizer is None:
        pytest.skip("no committed tokenizer")
    tokenizer.no_padding()
    tokenizer.enable_truncation(64)
    ones = np.ones(len(HEADS), dtype=np.float32)
    zeros = np.zeros(len(HEADS), dtype=np.float32)
    return TransformerModel(FakeSession(logit), tokenizer, HEADS, ones, zeros, 64, {})


RULE_BAND = Band(0.2, 0.8, ("discourtesy", "spam"), mix=1.0)


def test_band_routes_rows_with_any_routing_head_inside_it() -> None:
    names = list(HEADS)
    probs = np.full((4, len(HEADS)), 0.01, dtype=np.float32)
    probs[1, names.index("discourtesy")] = 0.5  # inside
    probs[2, names.index("discourtesy")] = 0.95  # sure: above the band
    probs[3, names.index("violence")] = 0.5  # inside, but not a routing head
    assert RULE_BAND.route(probs, names).tolist() == [False, True, False, False]
    half = Band(0.2, 0.8, ("spam",), mix=0.5)
    mixed = half.combine(np.zeros((1, 2), dtype=np.float32), np.ones((1, 2), dtype=np.float32))
    assert mixed.tolist() == [[0.5, 0.5]]
    assert Band.from_dict(half.to_dict()) == half


def test_cascade_sends_only_the_uncertain_band_to_the_transformer() -> None:
    stage = fake_stage(logit=3.0)  # p = 0.9526 on every head
    base = small_moderator()
    cascade = Moderator(base.model, base.lexicon, transformer=stage, band=RULE_BAND)
    assert cascade.stage == "cascade"
    # "idiot": discourtesy halfway between nudge and hold (0.785, inside the band); "moron":
    # 0.9999 (sure); plain text: every head near 0 (sure).
    texts = ["what an idiot", "what a moron", "the council met on tuesday"]
    scored = cascade.score_many(texts)
    assert [s.signals["transformer"] for s in scored] == [1.0, 0.0, 0.0]
    assert stage.session.batches == [1]  # only the routed comment reached the model
    # The stored record names the model that judged the comment.
    assert [to_record(cascade.assess(t))["model"] for t in texts] == [
        "transformer",
        "sparse",
        "sparse",
    ]
    expected = 1 / (1 + np.exp(-3.0))
    assert scored[0].scores[Rule.DISCOURTESY] == pytest.approx(expected, abs=1e-5)
    sparse = base.score_many(texts)
    for got, want in zip(scored[1:], sparse[1:], strict=True):
        assert got.scores == want.scores
    alone = cascade.with_stage("transformer").score_many(texts)
    assert all(s.scores[Rule.DISCOURTESY] == pytest.approx(expected, abs=1e-5) for s in alone)
    assert [s.signals["transformer"] for s in alone] == [1.0, 1.0, 1.0]


def test_without_the_transformer_artifacts_the_moderator_is_the_sparse_one(
    tmp_path: Path,
) -> None:
    save_small_moderator(tmp_path)
    moderator = Moderator.load(tmp_path)
    assert moderator.stage == "sparse" and moderator.transformer is None
    verdict = moderator.assess("what an idiot")
    assert "transformer" not in verdict.signals
    # Saved weights are float16: the loaded model agrees to within their precision.
    assert verdict.scores == pytest.approx(
        small_moderator().assess("what an idiot").scores, abs=1e-3
    )
    with pytest.raises(ValueError):
        Moderator.load(tmp_path, stage="cascade")
