"""`Moderator`: the one object the product uses to judge a comment against the house rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kibitz.moderation import ARTIFACTS
from kibitz.moderation.classifier import TextModel
from kibitz.moderation.datasets import RAW_HEADS
from kibitz.moderation.doxing import doxing_score
from kibitz.moderation.lexicon import Lexicon
from kibitz.moderation.rules import Context, Policy, Rule, Span, Verdict
from kibitz.moderation.scoring import Prepared, prepare, rule_scores
from kibitz.moderation.spam import behaviour_signals, combine_spam

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
    """Scores per rule, signals, explaining spans and the policy's decision for comments."""

    def __init__(self, model: TextModel, lexicon: Lexicon, policy: Policy | None = None) -> None:
        self.model = model
        self.lexicon = lexicon
        self.policy = policy if policy is not None else Policy()

    @classmethod
    def load(cls, path: Path | None = None, policy: Policy | None = None) -> Moderator:
        """The committed artifacts (or those in `path`); no network, no pickle."""
        directory = path if path is not None else ARTIFACTS
        return cls(TextModel.load(directory), Lexicon.load(directory / LEXICON_FILE), policy)

    def with_policy(self, policy: Policy) -> Moderator:
        return Moderator(self.model, self.lexicon, policy)

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
        return [
            self._score(text, context, p, dict(zip(names, map(float, row), strict=True)))
            for text, context, p, row in zip(texts, contexts, prepared, probs, strict=True)
        ]

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
