"""Fit the multi-label text model on the training parts of the public sets.

Masked multi-task: every head is fitted only on the rows whose dataset labels it. Each head is an
NB-SVM (logistic regression on features scaled by the naive-Bayes log-count ratio, the Jigsaw
competition's strong baseline), with balanced class weights, then Platt-calibrated on out-of-fold
decision values so its output is a probability. Held-out rows (`datasets.TEST`) never reach this
module's fitting code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from kibitz.moderation.classifier import LinearHeads, TextModel
from kibitz.moderation.datasets import HEADS, RULE_HEADS, TRAIN, Row
from kibitz.moderation.features import (
    FeatureSpace,
    FloatArray,
    Vocabulary,
    char_ngrams,
    word_ngrams,
)
from kibitz.moderation.metrics import threshold_for_precision
from kibitz.moderation.scoring import EXTRA_NAMES, Prepared

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """Settings chosen by 3-fold cross-validation on the training rows (see MODEL_CARD.md)."""

    seed: int = 0
    word_min_df: int = 2
    word_max_features: int = 100_000
    char_min_df: int = 3
    char_max_features: int = 200_000
    # 3-fold CV AUC on training rows (raw text): plain LR with C=0.5 beat NB-SVM on violence
    # (0.834 vs 0.822), racism (0.872 vs 0.867) and profanity (0.814 vs 0.800); NB-SVM with C=4
    # won on discourtesy (0.922 vs 0.914), the head with most positives.
    c: float = 0.5
    nb_c: float = 4.0
    nb_heads: tuple[str, ...] = ("discourtesy", "insult", "toxic", "offensive")
    nb_alpha: float = 1.0
    folds: int = 3
    # The spam head: 3-fold CV on the SMS and YouTube training rows (OOF F1 at the best bar, SMS /
    # YouTube): all other sets' rows as equal negatives with C=0.5 gave 0.938 / 0.931; C=4 with
    # those rows weighted 0.2 gave 0.952 / 0.947; no such rows at all 0.956 / 0.962. We keep them
    # at 0.2: they are the only negatives that look like ordinary comments on a news site.
    spam_c: float = 4.0
    spam_sources: tuple[str, ...] = ("sms-spam", "youtube-spam")
    spam_other_weight: float = 0.2

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(slots=True)
class HeadFit:
    weights: FloatArray  # effective weights over raw features (NB scaling folded in)
    bias: float
    platt_a: float
    platt_b: float
    oof: FloatArray  # out-of-fold calibrated probabilities, to pick policy thresholds
    labels: FloatArray
    sources: tuple[str, ...] = ()  # the dataset of each row, to pick per-dataset thresholds


@dataclass(slots=True)
class TrainResult:
    model: TextModel
    fits: dict[str, HeadFit] = field(default_factory=dict)
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # head -> (rows, positives)


def fit_space(texts: Sequence[str], config: TrainConfig) -> FeatureSpace:
    blocks = []
    for analyzer, min_df, limit in (
        (word_ngrams, config.word_min_df, config.word_max_features),
        (char_ngrams, config.char_min_df, config.char_max_features),
    ):
        vectorizer = TfidfVectorizer(
            analyzer=analyzer, min_df=min_df, max_features=limit, sublinear_tf=True
        )
        vectorizer.fit(texts)
        index = {str(gram): int(col) for gram, col in vectorizer.vocabulary_.items()}
        blocks.append(Vocabulary(index, vectorizer.idf_.astype(np.float32)))
    return FeatureSpace(blocks[0], blocks[1], EXTRA_NAMES)


def _nb_ratio(x: sparse.csr_matrix, y: FloatArray, alpha: float) -> FloatArray:
    pos: FloatArray = np.asarray(x[y == 1].sum(axis=0), dtype=np.float32).ravel() + alpha
    neg: FloatArray = np.asarray(x[y == 0].sum(axis=0), dtype=np.float32).ravel() + alpha
    ratio: FloatArray = np.log((pos / pos.sum()) / (neg / neg.sum())).astype(np.float32)
    return ratio


def _fit_linear(
    x: sparse.csr_matrix,
    y: FloatArray,
    config: TrainConfig,
    head: str,
    sample_weight: FloatArray | None = None,
) -> tuple[FloatArray, float]:
    naive_bayes = head in config.nb_heads
    ratio = _nb_ratio(x, y, config.nb_alpha) if naive_bayes else None
    scaled = x if ratio is None else sparse.csr_matrix(x.multiply(ratio))
    c = config.spam_c if head == "spam" else config.nb_c if naive_bayes else config.c
    model = LogisticRegression(
        C=c, class_weight="balanced", solver="liblinear", random_state=config.seed
    )
    model.fit(scaled, y, sample_weight=sample_weight)
    weights = model.coef_.ravel().astype(np.float32)
    if ratio is not None:
        weights = weights * ratio  # (x * r) . w == x . (r * w): NB folds into the weights
    return weights, float(model.intercept_[0])


def _platt(decision: FloatArray, y: FloatArray) -> tuple[float, float]:
    model = LogisticRegression(C=1e4, solver="lbfgs")
    model.fit(decision.reshape(-1, 1), y)
    return float(model.coef_[0, 0]), float(model.intercept_[0])


def fit_head(
    x: sparse.csr_matrix,
    y: FloatArray,
    config: TrainConfig,
    head: str,
    sample_weight: FloatArray | None = None,
) -> HeadFit:
    folds = StratifiedKFold(config.folds, shuffle=True, random_state=config.seed)
    decision = np.zeros(len(y), dtype=np.float32)
    for train_idx, test_idx in folds.split(np.zeros(len(y)), y):
        fold_weight = None if sample_weight is None else sample_weight[train_idx]
        w, b = _fit_linear(x[train_idx], y[train_idx], config, head, fold_weight)
        decision[test_idx] = np.asarray(x[test_idx] @ w).ravel() + b
    a, c = _platt(decision, y)
    weights, bias = _fit_linear(x, y, config, head, sample_weight)
    oof = (1.0 / (1.0 + np.exp(-(a * decision + c)))).astype(np.float32)
    return HeadFit(weights, bias, a, c, oof, y)


def head_weights(
    rows: Sequence[Row], index: Sequence[int], head: str, config: TrainConfig
) -> FloatArray | None:
    """Per-source sample weights: only the spam head down-weights the sets that are not spam."""
    if head != "spam":
        return None
    inside = set(config.spam_sources)
    return np.asarray(
        [1.0 if rows[i].source in inside else config.spam_other_weight for i in index],
        dtype=np.float64,
    )


def head_rows(rows: Sequence[Row], head: str) -> tuple[list[int], FloatArray]:
    index = [i for i, row in enumerate(rows) if head in row.labels]
    labels = np.asarray([rows[i].labels[head] for i in index], dtype=np.float32)
    return index, labels


def train_model(
    rows: Sequence[Row],
    prepared: Sequence[Prepared],
    config: TrainConfig,
    progress: Progress = lambda _: None,
) -> TrainResult:
    """Fit features and every head on the TRAIN rows of `rows` (TEST rows are dropped here)."""
    keep = [i for i, row in enumerate(rows) if row.split == TRAIN]
    rows = [rows[i] for i in keep]
    prepared = [prepared[i] for i in keep]
    texts = [p.normalized.text for p in prepared]
    progress(f"vocabulary from {len(texts):,} training texts")
    space = fit_space(texts, config)
    x = space.transform(texts, [p.extras for p in prepared])
    fits: dict[str, HeadFit] = {}
    counts: dict[str, tuple[int, int]] = {}
    for head in HEADS:
        index, labels = head_rows(rows, head)
        progress(f"head {head}: {len(index):,} rows, {int(labels.sum()):,} positive")
        fits[head] = fit_head(
            x[index], labels, config, head, head_weights(rows, index, head, config)
        )
        fits[head].sources = tuple(rows[i].source for i in index)
        counts[head] = (len(index), int(labels.sum()))
    heads = LinearHeads(
        HEADS,
        np.stack([fits[h].weights for h in HEADS], axis=1),
        np.asarray([fits[h].bias for h in HEADS], dtype=np.float32),
        np.asarray([fits[h].platt_a for h in HEADS], dtype=np.float32),
        np.asarray([fits[h].platt_b for h in HEADS], dtype=np.float32),
    )
    return TrainResult(TextModel(space, heads.quantised()), fits, counts)


def suggested_thresholds(result: TrainResult) -> dict[str, dict[str, float | None]]:
    """Bars per rule head from out-of-fold scores of the training rows (not the held-out ones)."""
    suggestions: dict[str, dict[str, float | None]] = {}
    for head in RULE_HEADS:
        fit = result.fits[head]
        labels = [int(v) for v in fit.labels]
        scores = [float(v) for v in fit.oof]
        suggestions[head] = {
            f"precision_{p}": threshold_for_precision(labels, scores, p) for p in (0.5, 0.8, 0.95)
        }
    return suggestions


# Published F1 comparisons: (name, head, dataset, metric). Their thresholds are chosen here, on
# out-of-fold scores of the dataset's *training* rows, never on the hold-out they are judged on.
PUBLISHED_F1 = (
    ("olid_offensive", "offensive", "olid", "macro_f1"),
    ("sms_spam", "spam", "sms-spam", "f1"),
    ("youtube_spam", "spam", "youtube-spam", "f1"),
)


def best_f1_threshold(labels: Sequence[int], scores: Sequence[float], metric: str) -> float:
    """The score bar that maximises F1 (or macro-F1) when scores at or above it are flagged."""
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")
    s = np.asarray(scores, dtype=np.float64)[order]
    y = np.asarray(labels, dtype=np.float64)[order]
    last = np.r_[s[1:] != s[:-1], True]  # only bars at the end of a run of ties are achievable
    tp = np.cumsum(y)
    flagged = np.arange(1, len(y) + 1)
    fp = flagged - tp
    fn = y.sum() - tp
    tn = (len(y) - y.sum()) - fp
    f1_pos = 2 * tp / np.maximum(2 * tp + fp + fn, 1)
    f1_neg = 2 * tn / np.maximum(2 * tn + fn + fp, 1)
    value = (f1_pos + f1_neg) / 2 if metric == "macro_f1" else f1_pos
    best = int(np.flatnonzero(last)[np.argmax(value[last])])
    below = s[best + 1] if best + 1 < len(s) else 0.0
    return float((s[best] + below) / 2)  # halfway to the next score down


def published_thresholds(result: TrainResult) -> dict[str, float]:
    bars: dict[str, float] = {}
    for name, head, dataset, metric in PUBLISHED_F1:
        fit = result.fits[head]
        picked = [i for i, source in enumerate(fit.sources) if source == dataset]
        if picked:
            labels = [int(fit.labels[i]) for i in picked]
            bars[name] = best_f1_threshold(labels, [float(fit.oof[i]) for i in picked], metric)
    return bars
