"""Small metric helpers that never raise on a degenerate split (one class missing -> nan)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score


def auc(labels: Sequence[int], scores: Sequence[float]) -> float:
    if len(set(labels)) < 2:
        return math.nan
    return float(roc_auc_score(labels, scores))


def pr_auc(labels: Sequence[int], scores: Sequence[float]) -> float:
    if len(set(labels)) < 2:
        return math.nan
    return float(average_precision_score(labels, scores))


def prf(labels: Sequence[int], predicted: Sequence[bool]) -> dict[str, float]:
    """Precision, recall and F1 of the positive class (nan where undefined)."""
    y = np.asarray(labels, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    tp = float(np.sum(y & p))
    precision = tp / float(p.sum()) if p.any() else math.nan
    recall = tp / float(y.sum()) if y.any() else math.nan
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision + recall > 0 and not math.isnan(precision + recall)
        else 0.0
    )
    return {"precision": precision, "recall": recall, "f1": f1}


def macro_f1(labels: Sequence[int], predicted: Sequence[bool]) -> float:
    positive = prf(labels, predicted)["f1"]
    negative = prf([1 - y for y in labels], [not p for p in predicted])["f1"]
    return (positive + negative) / 2


def balanced_accuracy(labels: Sequence[int], predicted: Sequence[bool]) -> float:
    y = np.asarray(labels, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    tpr = float(np.mean(p[y])) if y.any() else math.nan
    tnr = float(np.mean(~p[~y])) if (~y).any() else math.nan
    return (tpr + tnr) / 2


def threshold_for_precision(
    labels: Sequence[int], scores: Sequence[float], precision: float
) -> float | None:
    """The lowest score bar whose precision reaches `precision` (None if none does)."""
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")
    y = np.asarray(labels, dtype=np.float64)[order]
    s = np.asarray(scores, dtype=np.float64)[order]
    hits = np.cumsum(y)
    prec = hits / np.arange(1, len(y) + 1)
    # Only bars at the last index of a run of equal scores are achievable.
    last = np.r_[s[1:] != s[:-1], True]
    good = np.flatnonzero(last & (prec >= precision))
    return float(s[good[-1]]) if good.size else None
