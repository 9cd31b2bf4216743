"""A small real `Moderator` for tests: the committed lexicon and a hand-weighted text model.

The trained model is judged by its own tests (tests/unit/moderation); the posting path needs a
model whose decisions do not move when the trained one is retrained. This one is the real
`Moderator` class over a real `TextModel`, with a vocabulary of a few words and weights set by
hand, so each test text lands on a known decision under the default policy, however the default
bars are retuned:

    "idiot"                      discourtesy halfway between its nudge and hold bars -> nudge
    "moron"                      discourtesy 0.9999 -> hold
    "casino" + a link            spam 0.9999 -> reject
    "fuck" and its disguises     profanity 0.90 (the lexicon's strong prior)
    anything else                publish (every head's bias is far below its nudge bar)

It can be saved as an artifacts directory, so a `kibitz serve` subprocess loads the same model
through `KIBITZ_MODERATION_ARTIFACTS`.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from kibitz.moderation import ARTIFACTS
from kibitz.moderation.classifier import LinearHeads, TextModel
from kibitz.moderation.datasets import HEADS
from kibitz.moderation.features import FeatureSpace, Vocabulary
from kibitz.moderation.lexicon import Lexicon
from kibitz.moderation.moderator import LEXICON_FILE, Moderator
from kibitz.moderation.rules import DEFAULT_THRESHOLDS, Rule
from kibitz.moderation.scoring import EXTRA_NAMES

BIAS = -6.0
SPAM_BIAS = -9.0


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _between_nudge_and_hold(rule: Rule) -> float:
    bars = DEFAULT_THRESHOLDS[rule]
    assert bars.nudge is not None and bars.hold is not None
    return (bars.nudge + bars.hold) / 2


# word -> (head, weight): a text whose only known word this is scores sigmoid(bias + weight).
WORDS = {
    "idiot": ("discourtesy", _logit(_between_nudge_and_hold(Rule.DISCOURTESY)) - BIAS),
    "moron": ("discourtesy", 15.0),
    "casino": ("spam", 19.0),
}


def small_model() -> TextModel:
    words = Vocabulary(
        {word: i for i, word in enumerate(WORDS)}, np.ones(len(WORDS), dtype=np.float32)
    )
    chars = Vocabulary({}, np.zeros(0, dtype=np.float32))
    space = FeatureSpace(words, chars, EXTRA_NAMES)
    weights = np.zeros((space.size, len(HEADS)), dtype=np.float32)
    for row, (head, weight) in enumerate(WORDS.values()):
        weights[row, HEADS.index(head)] = weight
    bias = np.full(len(HEADS), BIAS, dtype=np.float32)
    bias[HEADS.index("spam")] = SPAM_BIAS
    ones = np.ones(len(HEADS), dtype=np.float32)
    heads = LinearHeads(HEADS, weights, bias, ones, np.zeros(len(HEADS), dtype=np.float32))
    return TextModel(space, heads)


def small_moderator() -> Moderator:
    return Moderator(small_model(), Lexicon.load(ARTIFACTS / LEXICON_FILE))


def save_small_moderator(directory: Path) -> Path:
    """Write the model as an artifacts directory `Moderator.load(directory)` reads."""
    moderator = small_moderator()
    moderator.model.save(directory)
    moderator.lexicon.save(directory / LEXICON_FILE)
    return directory
