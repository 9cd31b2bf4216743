"""The cascade: the sparse model answers clear cases, the transformer only the uncertain band.

A comment goes to the transformer stage when any routing head's sparse probability lies inside
the band `[low, high]`; below it the sparse model is sure enough that the comment is clean, above
it that it breaks the rule. For a routed comment the heads become `mix * transformer +
(1 - mix) * sparse`. The band and the mix are chosen at training time on the transformer's dev
rows (never on the held-out rows `evaluate` judges on), from measured precision/recall and the
share of comments routed, which is what sets throughput (`transformer_training.choose_band`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]
Stage = Literal["sparse", "transformer", "cascade"]
STAGES: tuple[Stage, ...] = ("sparse", "transformer", "cascade")


@dataclass(frozen=True, slots=True)
class Band:
    low: float
    high: float
    heads: tuple[str, ...]  # the heads whose sparse score decides the route
    mix: float = 1.0  # the transformer's share of a routed comment's heads

    def route(self, probs: FloatArray, names: Sequence[str]) -> BoolArray:
        """Which rows (of `probs`, (rows, heads) in the order `names`) the transformer judges."""
        if probs.shape[0] == 0:
            return np.zeros(0, dtype=np.bool_)
        cols = [list(names).index(h) for h in self.heads]
        picked = probs[:, cols]
        inside = (picked >= self.low) & (picked <= self.high)
        routed: BoolArray = np.asarray(inside.any(axis=1), dtype=np.bool_)
        return routed

    def combine(self, sparse_probs: FloatArray, transformer_probs: FloatArray) -> FloatArray:
        mixed = self.mix * transformer_probs + (1.0 - self.mix) * sparse_probs
        return mixed.astype(np.float32, copy=False)

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "heads": list(self.heads), "mix": self.mix}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Band:
        return cls(
            float(data["low"]),
            float(data["high"]),
            tuple(str(h) for h in data["heads"]),
            float(data.get("mix", 1.0)),
        )
