"""Sparse text features: word 1-2-grams and char_wb 2-5-grams, TF-IDF with sublinear tf.

The transform is our own code over a stored vocabulary and idf vector, so a trained model loads
without pickle and without the scikit-learn version that trained it. Training fits the vocabulary
with scikit-learn's `TfidfVectorizer` *using these same analyzers*, which keeps train and serve
identical by construction (a unit test checks it on real text).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import cast

import numpy as np
import numpy.typing as npt
from scipy import sparse

WORD_RE = re.compile(r"(?u)\b\w\w+\b")
CHAR_MIN, CHAR_MAX = 2, 5

# Words whose char n-gram columns `FeatureSpace` remembers: comment words repeat heavily, and an
# entry costs a few hundred bytes, so this bounds the cache near 20 MB.
WORD_CACHE_SIZE = 50_000
# How many of the commonest vocabulary words `load` puts in that cache: a miss costs ~10 us, and
# these cover ~72 % of the words in held-out comments (3,000 cover ~66 %) for ~100 ms of load.
WARM_WORDS = 10_000

FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Token:
    gram: str
    start: int  # offsets in the analysed (normalised, lower-cased) text
    end: int


def word_tokens(text: str) -> list[Token]:
    """Word unigrams and bigrams with their offsets, so explanations can point at them."""
    return [Token(*span) for span in word_spans(text)]


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """`word_tokens` as plain tuples, for callers that keep few of them (a Token costs more)."""
    unigrams = [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text.lower())]
    bigrams = [(f"{a[0]} {b[0]}", a[1], b[2]) for a, b in zip(unigrams, unigrams[1:], strict=False)]
    return unigrams + bigrams


def word_ngrams(text: str) -> list[str]:
    return _word_grams(text.lower())


def _word_grams(lower: str) -> list[str]:
    tokens: list[str] = WORD_RE.findall(lower)
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def char_ngrams(text: str) -> list[str]:
    """Character n-grams inside word boundaries, padded with one space (sklearn's `char_wb`)."""
    grams: list[str] = []
    for word in text.lower().split():
        grams += word_char_ngrams(word)
    return grams


def word_char_ngrams(word: str) -> list[str]:
    """One whitespace-free word's char_wb n-grams: they never cross words, so texts sum these."""
    grams: list[str] = []
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

    def to_json(self) -> list[str]:
        ordered = [""] * len(self.index)
        for gram, col in self.index.items():
            ordered[col] = gram
        return ordered


@dataclass(frozen=True, slots=True)
class Rows:
    """A batch's feature rows as CSR parts: serving multiplies them without a scipy matrix,
    whose construction checks cost more than the product for one comment."""

    values: FloatArray
    columns: npt.NDArray[np.int32]
    indptr: npt.NDArray[np.int64]
    width: int

    def csr(self) -> sparse.csr_matrix:
        shape = (len(self.indptr) - 1, self.width)
        return sparse.csr_matrix((self.values, self.columns, self.indptr), shape=shape)

    def dot(self, weights: FloatArray) -> FloatArray:
        """`csr() @ weights`, to the bit: scipy sums each row's products in entry order in
        float32, and so does `np.add.reduce` down axis 0 (`reduceat` would not: it sums
        pairwise), so a lone row, where building the scipy matrix is the main cost, skips it."""
        if len(self.indptr) != 2:
            return np.asarray(self.csr() @ weights, dtype=np.float32)
        products = np.take(weights, self.columns, axis=0) * self.values[:, None]
        return np.add.reduce(products, axis=0, keepdims=True, dtype=np.float32)


@dataclass(slots=True)
class FeatureSpace:
    """The full feature vector: [word tf-idf | char tf-idf | dense extras (lexicon counts)]."""

    words: Vocabulary
    chars: Vocabulary
    extra_names: tuple[str, ...]
    # word -> its char n-grams' columns in `chars`, kept local so the tuples share the index's
    # int objects instead of allocating offset ones.
    _char_cache: dict[str, tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _idf: npt.NDArray[np.float64] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def size(self) -> int:
        return self.words.size + self.chars.size + len(self.extra_names)

    def transform(
        self, texts: Sequence[str], extras: Sequence[Sequence[float]]
    ) -> sparse.csr_matrix:
        return self.rows(texts, extras).csr()

    def rows(self, texts: Sequence[str], extras: Sequence[Sequence[float]]) -> Rows:
        """Rows of [word block | char block | extras], each tf-idf block l2-normalised.

        Python only finds each text's columns and counts them (in first-occurrence order, the
        order the norm was always summed in); tf, idf and norms run once per batch in numpy.
        """
        windex = self.words.index
        cols: list[int] = []  # block-local columns of every tf-idf entry
        counts: list[int] = []
        lengths: list[int] = []  # entries per segment: a text's words, then its chars
        dense: tuple[list[int], list[int], list[float]] = ([], [], [])  # row, column, value
        for row, (text, extra) in enumerate(zip(texts, extras, strict=True)):
            lower = text.lower()
            # Counting the lookups themselves keeps the loop in C; unknown grams count as None.
            words: Counter[int | None] = Counter(map(windex.get, _word_grams(lower)))
            words.pop(None, None)
            found = cast("Counter[int]", words)
            cols += found
            counts += found.values()
            lengths.append(len(found))
            found = Counter(self._char_columns(lower.split()))
            cols += found
            counts += found.values()
            lengths.append(len(found))
            if any(extra):
                for i, value in enumerate(extra):
                    if value:
                        dense[0].append(row)
                        dense[1].append(i)
                        dense[2].append(float(value))
        return self._rows(len(texts), cols, counts, lengths, dense)

    def _char_columns(self, words: list[str]) -> Iterable[int]:
        hits = list(map(self._char_cache.get, words))
        if None in hits:
            hits = [self._remember(w) if h is None else h for w, h in zip(words, hits, strict=True)]
        return chain.from_iterable(cast("list[tuple[int, ...]]", hits))

    def _remember(self, word: str) -> tuple[int, ...]:
        if len(self._char_cache) >= WORD_CACHE_SIZE:
            self._char_cache.clear()  # crude but bounded; the common words return at once
        index = self.chars.index
        found = tuple(c for c in map(index.get, word_char_ngrams(word)) if c is not None)
        self._char_cache[word] = found
        return found

    def _rows(
        self,
        rows: int,
        cols: list[int],
        counts: list[int],
        lengths: list[int],
        dense: tuple[list[int], list[int], list[float]],
    ) -> Rows:
        if self._idf is None:  # both blocks' idf as float64, once, not per call
            self._idf = np.concatenate([self.words.idf, self.chars.idf]).astype(np.float64)
        sizes = np.asarray(lengths, dtype=np.int64)
        segment = np.repeat(np.arange(2 * rows), sizes)
        columns = np.asarray(cols, dtype=np.int64)
        columns += (segment & 1) * self.words.size  # odd segments are char blocks
        values = np.log(np.asarray(counts, dtype=np.float64))
        values += 1.0
        values *= self._idf.take(columns)
        # bincount adds in entry order, as the per-text Python sum did.
        norms = np.sqrt(np.bincount(segment, weights=values * values, minlength=2 * rows))
        norms[norms == 0] = 1.0  # an empty block has nothing to scale
        values /= norms.take(segment)
        per_row = sizes.reshape(rows, 2).sum(axis=1)
        if dense[0]:
            # Extras go at the end of their row, unscaled, in order (np.insert is stable; a
            # lone row, the serving case, just appends).
            extra_cols = np.asarray(dense[1], dtype=np.int64) + self.words.size + self.chars.size
            if rows == 1:
                values = np.concatenate([values, dense[2]])
                columns = np.concatenate([columns, extra_cols])
            else:
                at = np.cumsum(per_row)[np.asarray(dense[0])]
                values = np.insert(values, at, dense[2])
                columns = np.insert(columns, at, extra_cols)
            per_row += np.bincount(dense[0], minlength=rows)
        indptr = np.zeros(rows + 1, dtype=np.int64)
        np.cumsum(per_row, out=indptr[1:])
        return Rows(values.astype(np.float32), columns.astype(np.int32), indptr, self.size)

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
        space = cls(words, chars, tuple(meta["extras"]))
        space.warm(meta["words"])
        return space

    def warm(self, grams: Sequence[str], count: int = WARM_WORDS) -> None:
        """Remember the char columns of the `count` commonest words (lowest idf) in `grams`, the
        word block's n-grams by column, so a fresh model starts near its steady-state speed."""
        order = np.argsort(self.words.idf, kind="stable").tolist()
        common = (grams[col] for col in order if " " not in grams[col])
        for word in islice(common, count):
            self._remember(word)


def _index(grams: list[str]) -> dict[str, int]:
    return {gram: col for col, gram in enumerate(grams)}
