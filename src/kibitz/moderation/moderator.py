"""`Moderator`: the one object the product uses to judge a comment against the house rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from kibitz.moderation import ARTIFACTS
from kibitz.moderation.cascade import Band, Stage
from kibitz.moderation.classifier import FloatArray, TextModel
from kibitz.moderation.datasets import RAW_HEADS
from kibitz.moderation.doxing import doxing_score
from kibitz.moderation.lexicon import Lexicon
from kibitz.moderation.rules import Context, Policy, Rule, Span, Verdict
from kibitz.moderation.scoring import Prepared, prepare, rule_scores
from kibitz.moderation.spam import behaviour_signals, combine_spam

if TYPE_CHECKING:
    from kibitz.moderation.transformer import TransformerModel

LEXICON_FILE = "lexicon.json"
# Rules the text model explains with its own top n-grams when no detector span covers the flag.
_MODEL_HEAD = {
    Rule.VIOLENCE: "violence",
    Rule.RACISM: "racism",
    Rule.PROFANITY: "profanity",
    Rule.VULGARITY: "vulgarity",
    Rule.DISCOURTESY: "discourtesy",
    Rule.SPAM: "spam",
}


@dataclass(frozen=True, slots=True)
class Scored:
    """Everything `assess` computes before the policy speaks; `evaluate` uses it directly."""

    prepared: Prepared
    scores: dict[Rule, float]
    signals: dict[str, float]
    detector_spans: tuple[Span, ...]


class Moderator:
    """Scores per rule, signals, explaining spans and the policy's decision for comments.

    With a transformer stage (`transformer.py`) the model heads come from the `stage`: the sparse
    model alone, the transformer alone, or the cascade (`cascade.Band`: the transformer judges only
    the comments whose sparse scores fall in the uncertain band). Without one, it is the sparse
    model, exactly as before the transformer existed.
    """

    def __init__(
        self,
        model: TextModel,
        lexicon: Lexicon,
        policy: Policy | None = None,
        transformer: TransformerModel | None = None,
        band: Band | None = None,
        stage: Stage | None = None,
    ) -> None:
        self.model = model
        self.lexicon = lexicon
        self.policy = policy if policy is not None else Policy()
        self.transformer = transformer
        self.band = band
        if stage is None:
            stage = "cascade" if transformer is not None and band is not None else "sparse"
        if stage != "sparse" and transformer is None:
            raise ValueError(f"stage {stage!r} needs the transformer artifacts")
        if stage == "cascade" and band is None:
            raise ValueError("the cascade needs its band (transformer.json)")
        self.stage: Stage = stage

    @classmethod
    def load(
        cls, path: Path | None = None, policy: Policy | None = None, stage: Stage | None = None
    ) -> Moderator:
        """The committed artifacts (or those in `path`); no network, no pickle.

        The transformer stage loads when its folder (`transformer/`) is there and `stage` is not
        "sparse"; `stage=None` means the cascade when it can, the sparse model otherwise.
        """
        directory = path if path is not None else ARTIFACTS
        transformer = None
        band = None
        if stage != "sparse":
            from kibitz.moderation import transformer as stage_two

            folder = directory / stage_two.DIRECTORY
            if stage_two.available(folder):
                transformer = stage_two.TransformerModel.load(folder)
                if "band" in transformer.meta:
                    band = Band.from_dict(transformer.meta["band"])
        return cls(
            TextModel.load(directory),
            Lexicon.load(directory / LEXICON_FILE),
            policy,
            transformer,
            band,
            stage,
        )

    def with_policy(self, policy: Policy) -> Moderator:
        return Moderator(self.model, self.lexicon, policy, self.transformer, self.band, self.stage)

    def with_stage(self, stage: Stage, band: Band | None = None) -> Moderator:
        """The same models judged by another stage (or the cascade with another band)."""
        return Moderator(
            self.model,
            self.lexicon,
            self.policy,
            self.transformer,
            band if band is not None else self.band,
            stage,
        )

    def assess(self, text: str, context: Context | None = None) -> Verdict:
        return self.assess_many([text], [context])[0]

    def assess_many(
        self, texts: Sequence[str], contexts: Sequence[Context | None] | None = None
    ) -> list[Verdict]:
        return [self._verdict(s) for s in self.score_many(texts, contexts)]

    def score_many(
        self, texts: Sequence[str], contexts: Sequence[Context | None] | None = None
    ) -> list[Scored]:
        """Rule scores for a batch: one sparse matrix product for all texts' model heads."""
        if contexts is None:
            contexts = [None] * len(texts)
        if len(contexts) != len(texts):
            raise ValueError("texts and contexts differ in length")
        prepared = [prepare(text, self.lexicon) for text in texts]
        probs = self.model.predict(
            [p.normalized.text for p in prepared], [p.extras for p in prepared]
        )
        names = self.model.heads.heads
        routed: list[bool] | None = None
        if self.stage != "sparse":
            probs, routed = self._second_stage(texts, probs, names)
        scored = [
            self._score(text, context, p, dict(zip(names, map(float, row), strict=True)))
            for text, context, p, row in zip(texts, contexts, prepared, probs, strict=True)
        ]
        if routed is not None:  # which stage judged each comment, for the record
            for item, judged in zip(scored, routed, strict=True):
                item.signals["transformer"] = 1.0 if judged else 0.0
        return scored

    def _second_stage(
        self, texts: Sequence[str], probs: FloatArray, names: Sequence[str]
    ) -> tuple[FloatArray, list[bool]]:
        assert self.transformer is not None
        cols = [self.transformer.heads.index(h) for h in names]
        if self.stage == "transformer":
            return self.transformer.predict(texts)[:, cols], [True] * len(texts)
        assert self.band is not None
        mask = self.band.route(probs, names)
        index = np.flatnonzero(mask)
        if index.size:
            second = self.transformer.predict([texts[int(i)] for i in index])[:, cols]
            probs = probs.copy()
            probs[index] = self.band.combine(probs[index], second)
        return probs, [bool(m) for m in mask]

    def _score(
        self, text: str, context: Context | None, prepared: Prepared, heads: dict[str, float]
    ) -> Scored:
        doxing, pii = doxing_score(text)
        behaviour = behaviour_signals(text, context)
        spam = combine_spam(heads["spam"], behaviour)
        scores = rule_scores(heads, prepared.hits, doxing, spam, prepared.hate)
        signals = {h: heads[h] for h in RAW_HEADS} | {"spam_content": heads["spam"]}
        signals |= {k: float(v) for k, v in behaviour.items()}
        lexicon_spans = tuple(
            Span(h.start, h.end, rule, h.text, "lexicon") for h in prepared.hits for rule in h.rules
        )
        return Scored(prepared, scores, signals, lexicon_spans + tuple(pii))

    def _verdict(self, scored: Scored) -> Verdict:
        decision, flags, reasons = self.policy.decide(scored.scores)
        spans = [s for s in scored.detector_spans if s.rule in flags]
        for rule in flags:
            if rule in _MODEL_HEAD and not any(s.rule is rule for s in spans):
                spans.extend(self._model_spans(scored.prepared, rule))
        spans.sort(key=lambda s: (s.start, s.end, s.rule.value))
        return Verdict(
            scores=scored.scores,
            signals=scored.signals,
            spans=tuple(spans),
            decision=decision,
            flags=flags,
            reasons=reasons,
        )

    def _model_spans(self, prepared: Prepared, rule: Rule) -> list[Span]:
        normalized = prepared.normalized
        spans = []
        for token in self.model.top_words(normalized.text, _MODEL_HEAD[rule]):
            start, end = normalized.span(token.start, token.end)
            spans.append(Span(start, end, rule, normalized.original[start:end], "model"))
        return spans
