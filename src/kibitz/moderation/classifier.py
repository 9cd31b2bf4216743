"""The trained multi-label text model at serve time: linear heads over `FeatureSpace` + Platt.

Every head is linear in the features (logistic regression, optionally on NB-scaled features, whose
scaling folds into the weights), so the whole model is one weight matrix, one bias vector and one
Platt pair per head. They are stored as `.npz`; loading rebuilds nothing with scikit-learn.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse

from kibitz.moderation.features import FeatureSpace, Rows, Token, word_spans

FloatArray = npt.NDArray[np.float32]
WEIGHTS_FILE = "heads.npz"


@dataclass(slots=True)
class LinearHeads:
    """`p = sigmoid(a * (x @ w + b) + c)` per head; weights are (features, heads)."""

    heads: tuple[str, ...]
    weights: FloatArray
    bias: FloatArray
    platt_a: FloatArray
    platt_b: FloatArray

    def logits(self, x: sparse.csr_matrix | Rows) -> FloatArray:
        product = x.dot(self.weights) if isinstance(x, Rows) else x @ self.weights
        raw = np.asarray(product, dtype=np.float32) + self.bias
        return raw * self.platt_a + self.platt_b

    def predict_proba(self, x: sparse.csr_matrix | Rows) -> FloatArray:
        z = np.clip(self.logits(x), -30.0, 30.0)
        return (1.0 / (1.0 + np.exp(-z))).astype(np.float32, copy=False)

    def save(self, directory: Path) -> None:
        np.savez_compressed(
            directory / WEIGHTS_FILE,
            # float16 halves the artifact; scores are recorded from the stored model, not the
            # float64 one that trained it, so fixtures and the card stay exact.
            weights=self.weights.astype(np.float16),
            bias=self.bias,
            platt_a=self.platt_a,
            platt_b=self.platt_b,
        )
        (directory / "heads.json").write_text(json.dumps(list(self.heads)), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> LinearHeads:
        heads = tuple(json.loads((directory / "heads.json").read_text(encoding="utf-8")))
        with np.load(directory / WEIGHTS_FILE) as data:
            return cls(
                heads,
                data["weights"].astype(np.float32),
                data["bias"].astype(np.float32),
                data["platt_a"].astype(np.float32),
                data["platt_b"].astype(np.float32),
            )

    def quantised(self) -> LinearHeads:
        """The model as it will be after `save` + `load`, to score held-out data honestly."""
        return LinearHeads(
            self.heads,
            self.weights.astype(np.float16).astype(np.float32),
            self.bias,
            self.platt_a,
            self.platt_b,
        )


@dataclass(slots=True)
class TextModel:
    """Features + heads: normalised text and dense extras in, one probability per head out."""

    space: FeatureSpace
    heads: LinearHeads

    @classmethod
    def load(cls, directory: Path) -> TextModel:
        return cls(FeatureSpace.load(directory), LinearHeads.load(directory))

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.space.save(directory)
        self.heads.save(directory)

    def predict(self, texts: Sequence[str], extras: Sequence[Sequence[float]]) -> FloatArray:
        return self.heads.predict_proba(self.space.rows(texts, extras))

    def head_index(self, head: str) -> int:
        return self.heads.heads.index(head)

    def top_words(self, text: str, head: str, limit: int = 3) -> list[Token]:
        """The word n-grams that pushed this head's score up most (for explaining a flag)."""
        index = self.space.words.index
        known = [
            (span, col) for span in word_spans(text) if (col := index.get(span[0])) is not None
        ]
        if not known:
            return []
        cols = np.fromiter((col for _, col in known), dtype=np.intp, count=len(known))
        # float32 * float32 is exact in float64, so this equals the scalar products.
        weights = self.heads.weights[cols, self.head_index(head)].astype(np.float64)
        contributions = (weights * self.space.words.idf[cols].astype(np.float64)).tolist()
        scored: dict[str, tuple[float, tuple[str, int, int]]] = {}
        for (span, _), contribution in zip(known, contributions, strict=True):
            if contribution > 0 and span[0] not in scored:
                scored[span[0]] = (contribution, span)
        ranked = sorted(scored.values(), key=lambda pair: -pair[0])
        return [Token(*span) for span in _without_overlaps([span for _, span in ranked], limit)]


def _without_overlaps(spans: list[tuple[str, int, int]], limit: int) -> list[tuple[str, int, int]]:
    chosen: list[tuple[str, int, int]] = []
    for span in spans:
        if all(span[2] <= c[1] or span[1] >= c[2] for c in chosen):
            chosen.append(span)
        if len(chosen) == limit:
            break
    return chosen
