"""The transformer stage at serve time: the int8 ONNX MiniLM-L6 run with onnxruntime.

No PyTorch here: the tokenizer is the `tokenizers` library over the committed `tokenizer.json`,
the model is `model.onnx` (fine-tuned and exported by `transformer_training.py`), and the Platt
pairs in `transformer.json` turn its logits into one calibrated probability per head, the same
heads as the sparse model (`datasets.HEADS`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
DIRECTORY = "transformer"  # inside the artifacts folder
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
CONFIG_FILE = "transformer.json"
FIXTURE_FILE = "fixture.json"  # a fixed held-out sample as the exported model scores it
# Texts per onnxruntime call when scoring many: sorted by length so padding stays small.
BATCH = 32


def available(directory: Path) -> bool:
    return all((directory / name).is_file() for name in (MODEL_FILE, TOKENIZER_FILE, CONFIG_FILE))


@dataclass(slots=True)
class TransformerModel:
    """Token ids in, one calibrated probability per head out."""

    session: Any  # onnxruntime.InferenceSession
    tokenizer: Any  # tokenizers.Tokenizer
    heads: tuple[str, ...]
    platt_a: FloatArray
    platt_b: FloatArray
    max_length: int
    meta: dict[str, Any]
    # Probabilities by text, when set (`evaluate` judges the same texts with several stages).
    memo: dict[str, FloatArray] | None = None

    @classmethod
    def load(cls, directory: Path, threads: int = 1) -> TransformerModel:
        """`threads`: onnxruntime's intra-op threads (1: one core per process, like the rest)."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        meta: dict[str, Any] = json.loads((directory / CONFIG_FILE).read_text(encoding="utf-8"))
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(
            str(directory / MODEL_FILE), options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
        tokenizer.no_padding()
        tokenizer.enable_truncation(int(meta["max_length"]))
        return cls(
            session,
            tokenizer,
            tuple(meta["heads"]),
            np.asarray(meta["platt_a"], dtype=np.float32),
            np.asarray(meta["platt_b"], dtype=np.float32),
            int(meta["max_length"]),
            meta,
        )

    def logits(self, texts: Sequence[str]) -> FloatArray:
        """Raw head logits, (texts, heads); batches of similar length."""
        out = np.zeros((len(texts), len(self.heads)), dtype=np.float32)
        if not texts:
            return out
        encoded = [e.ids for e in self.tokenizer.encode_batch(list(texts))]
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            width = max(len(encoded[i]) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                ids[row, : len(encoded[i])] = encoded[i]
                mask[row, : len(encoded[i])] = 1
            result = self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask})
            out[idx] = np.asarray(result[0], dtype=np.float32)
        return out

    def predict(self, texts: Sequence[str]) -> FloatArray:
        """Calibrated probabilities, (texts, heads)."""
        if self.memo is None:
            return self._predict(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in self.memo))
        if missing:
            self.memo.update(zip(missing, self._predict(missing), strict=True))
        if not texts:
            return np.zeros((0, len(self.heads)), dtype=np.float32)
        stacked: FloatArray = np.stack([self.memo[t] for t in texts])
        return stacked

    def _predict(self, texts: Sequence[str]) -> FloatArray:
        z = np.clip(self.logits(texts) * self.platt_a + self.platt_b, -30.0, 30.0)
        probs: FloatArray = (1.0 / (1.0 + np.exp(-z))).astype(np.float32, copy=False)
        return probs
