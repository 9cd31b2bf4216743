"""The two open-source filters we compare against, imported lazily (they are the `bench` extra).

`alt-profanity-check` is a linear SVM on word n-grams trained on toxicity data and gives a
probability; `better-profanity` is a word list and only says yes or no, so its "score" is 0/1.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

PeerScorer = Callable[[Sequence[str]], list[float]]
ALT = "alt-profanity-check"
BETTER = "better-profanity"


def _alt() -> PeerScorer:
    module: Any = importlib.import_module("profanity_check")

    def score(texts: Sequence[str]) -> list[float]:
        if not texts:
            return []
        return [float(p) for p in module.predict_prob(list(texts))]

    return score


def _better() -> PeerScorer:
    module: Any = importlib.import_module("better_profanity")
    filter_ = module.profanity
    filter_.load_censor_words()

    def score(texts: Sequence[str]) -> list[float]:
        return [float(filter_.contains_profanity(text)) for text in texts]

    return score


def load_peers() -> tuple[dict[str, PeerScorer], list[str]]:
    """The peers that are installed, and a note for each that is not."""
    peers: dict[str, PeerScorer] = {}
    missing: list[str] = []
    for name, factory in ((ALT, _alt), (BETTER, _better)):
        try:
            peers[name] = factory()
        except ImportError:
            missing.append(f"{name} is not installed (pip install -e '.[bench]')")
    return peers, missing
