"""Sparse text features: word 1-2-grams and char_wb 2-5-grams, TF-IDF with sublinear tf.

The transform is our own code over a stored vocabulary and idf vector, so a trained model loads
without pickle and without the scikit-learn version that trained it. Training fits the vocabulary
with scikit-learn's `TfidfVectorizer` *using these same analyzers*, which keeps train and serve
identical by construction (a unit test checks it on real text).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse

WORD_RE = re.compile(r"(?u)\b\w\w+\b")
CHAR_MIN, CHAR_MAX = 2, 5

FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Token:
    gram: str
    start: int  # offsets in the analysed (normalised, lower-cased) text
    end: int


def word_tokens(text: str) -> list[Token]:
    """Word unigrams and bigrams with their offsets, so explanations can point at them."""
    unigrams = [Token(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text.lower())]
    bigrams = [
        Token(f"{a.gram} {b.gram}", a.start, b.end)
        for a, b in zip(unigrams, unigrams[1:], strict=False)
    ]
    return unigrams + bigrams


def word_ngrams(text: str) -> list[str]:
    return [token.gram for token in word_tokens(text)]


def char_ngrams(text: str) -> list[str]:
    """Character n-grams inside word boundaries, padded with one space (sklearn's `char_wb`)."""
    grams: list[str] = []
    for word in text.lower().split():
        padded = f" {word} "
        size = len(padded)
        for n in range(CHAR_MIN, CHAR_MAX + 1):
            if size <= n:
                # As sklearn does: a word no longer than n yields itself once, then stops.
                grams.append(padded)
                break
            grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return grams


@dataclass(slots=True)
class Vocabulary:
    """One TF-IDF block: n-gram -> column, idf per column; rows are l2-normalised."""

    index: dict[str, int]
    idf: FloatArray

    @property
    def size(self) -> int:
        return len(self.index)

    def row(self, grams: Iterable[str]) -> tuple[list[int], list[float]]:
        """Columns and sublinear-tf * idf values of one document, l2-normalised."""
        cols: list[int] = []
        vals: list[float] = []
        index, idf = self.index, self.idf
        for gram, count in Counter(grams).items():
            col = index.get(gram)
            if col is not None:
                cols.append(col)
                vals.append((1.0 + math.log(count)) * float(idf[col]))
        norm = math.sqrt(sum(v * v for v in vals))
        if norm > 0:
            vals = [v / norm for v in vals]
        return cols, vals

    def to_json(self) -> list[str]:
        ordered = [""] * len(self.index)
        for gram, col in self.index.items():
            ordered[col] = gram
        return ordered


@dataclass(slots=True)
class FeatureSpace:
    """The full feature vector: [word tf-idf | char tf-idf | dense extras (lexicon counts)]."""

    words: Vocabulary
    chars: Vocabulary
    extra_names: tuple[str, ...]

    @property
    def size(self) -> int:
        return self.words.size + self.chars.size + len(self.extra_names)

    def transform(
        self, texts: Sequence[str], extras: Sequence[Sequence[float]]
    ) -> sparse.csr_matrix:
        indptr = [0]
        cols: list[int] = []
        vals: list[float] = []
        char_offset = self.words.size
        extra_offset = char_offset + self.chars.size
        for text, extra in zip(texts, extras, strict=True):
            wc, wv = self.words.row(word_ngrams(text))
            cc, cv = self.chars.row(char_ngrams(text))
            cols += wc
            cols += [c + char_offset for c in cc]
            vals += wv + cv
            for i, value in enumerate(extra):
                if value:
                    cols.append(extra_offset + i)
                    vals.append(float(value))
            indptr.append(len(cols))
        return sparse.csr_matrix(
            (np.asarray(vals, dtype=np.float32), np.asarray(cols, dtype=np.int32), indptr),
            shape=(len(texts), self.size),
        )

    def column_names(self) -> list[str]:
        return (
            [f"w:{g}" for g in self.words.to_json()]
            + [f"c:{g}" for g in self.chars.to_json()]
            + [f"x:{n}" for n in self.extra_names]
        )

    def save(self, directory: Path) -> None:
        meta = {"words": self.words.to_json(), "chars": self.chars.to_json()}
        meta["extras"] = list(self.extra_names)
        (directory / "vocabulary.json").write_text(
            json.dumps(meta, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        np.savez_compressed(directory / "idf.npz", words=self.words.idf, chars=self.chars.idf)

    @classmethod
    def load(cls, directory: Path) -> FeatureSpace:
        meta = json.loads((directory / "vocabulary.json").read_text(encoding="utf-8"))
        with np.load(directory / "idf.npz") as idf:
            words = Vocabulary(_index(meta["words"]), idf["words"].astype(np.float32))
            chars = Vocabulary(_index(meta["chars"]), idf["chars"].astype(np.float32))
        return cls(words, chars, tuple(meta["extras"]))


def _index(grams: list[str]) -> dict[str, int]:
    return {gram: col for col, gram in enumerate(grams)}
