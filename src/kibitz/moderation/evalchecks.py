"""Our own evaluation sets (never trained on): civil news, the functional suite, doxing,
obfuscated profanity, and identity bias on templated sentences.

"Flagged" means the rule reached its nudge bar (it appears in `Verdict.flags`); "held" means it
reached the hold bar, the decision that keeps a comment from publishing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kibitz.moderation import bias, evalsets
from kibitz.moderation.metrics import balanced_accuracy, prf
from kibitz.moderation.moderator import Moderator, Scored
from kibitz.moderation.peers import PeerScorer
from kibitz.moderation.rules import Decision, Rule

# Rules a content filter speaks to; spam and doxing are about other things than abuse.
ABUSE_RULES = (Rule.VIOLENCE, Rule.RACISM, Rule.PROFANITY, Rule.VULGARITY, Rule.DISCOURTESY)


def _scored(moderator: Moderator, texts: Sequence[str]) -> list[Scored]:
    return moderator.score_many(list(texts)) if texts else []


def _reaches(moderator: Moderator, scored: Scored, rule: Rule, decision: Decision) -> bool:
    bars = moderator.policy.thresholds[rule]
    return bars.decide(scored.scores[rule]).severity >= decision.severity


def civil_news(moderator: Moderator) -> dict[str, Any]:
    cases = evalsets.civil_news()
    scored = _scored(moderator, [c.text for c in cases])
    clean = [s for c, s in zip(cases, scored, strict=True) if c.clean]
    held_clean = [
        any(_reaches(moderator, s, r, Decision.HOLD) for r in Rule if r is not Rule.SPAM)
        for s in clean
    ]
    flagged_clean = [
        any(_reaches(moderator, s, r, Decision.NUDGE) for r in Rule if r is not Rule.SPAM)
        for s in clean
    ]
    bad = [(c, s) for c, s in zip(cases, scored, strict=True) if not c.clean]
    caught = [any(_reaches(moderator, s, r, Decision.NUDGE) for r in c.labels) for c, s in bad]
    return {
        "clean_rows": len(clean),
        "false_positive_rate_hold": sum(held_clean) / max(1, len(clean)),
        "false_positive_rate_nudge": sum(flagged_clean) / max(1, len(clean)),
        "violating_rows": len(bad),
        "violation_recall_flag": sum(caught) / max(1, len(bad)),
        "bar": 0.02,
    }


HATE_RULES = (Rule.RACISM, Rule.VIOLENCE)


def _hateful(moderator: Moderator, scored: Sequence[Scored], decision: Decision) -> list[bool]:
    return [any(_reaches(moderator, s, r, decision) for r in HATE_RULES) for s in scored]


def functional(moderator: Moderator, split: evalsets.Split = "test") -> dict[str, Any]:
    """HateCheck-style, two ways of calling a case hateful: racism or violence reaching the hold
    bar (`balanced_accuracy`), or reaching the nudge bar, i.e. in the `score` CLI's `flags`, what
    an outside evaluator sees (`balanced_accuracy_flag`)."""
    cases = evalsets.functional(split)
    scored = _scored(moderator, [c.text for c in cases])
    labels = [int(c.hateful) for c in cases]
    held, flagged = (_hateful(moderator, scored, d) for d in (Decision.HOLD, Decision.NUDGE))
    per_functionality: dict[str, dict[str, float]] = {}
    for name in sorted({c.functionality for c in cases}):
        picked = [(y, p) for c, y, p in zip(cases, labels, held, strict=True)
                  if c.functionality == name]  # fmt: skip
        correct = sum(int(p) == y for y, p in picked)
        per_functionality[name] = {"rows": len(picked), "accuracy": correct / len(picked)}
    return {
        "split": split,
        "rows": len(cases),
        "balanced_accuracy": balanced_accuracy(labels, held),
        "balanced_accuracy_flag": balanced_accuracy(labels, flagged),
        "bar": 0.80,
        "functionalities": per_functionality,
    }


def functional_extra(moderator: Moderator) -> dict[str, Any]:
    """M4's independent functional set (other phrasings, targets and functionalities), never
    used for decisions: it measures whether gains on the main suite generalise."""
    rows = _load_optional("functional_extra")
    if not rows:
        return {"missing": "evalsets/functional_extra.jsonl"}
    scored = _scored(moderator, [r["text"] for r in rows])
    labels = [int(r["label"] == "hateful") for r in rows]
    return {
        "rows": len(rows),
        "balanced_accuracy": balanced_accuracy(labels, _hateful(moderator, scored, Decision.HOLD)),
        "balanced_accuracy_flag": balanced_accuracy(
            labels, _hateful(moderator, scored, Decision.NUDGE)
        ),
        "bar": 0.80,
    }


def _load_optional(name: str) -> list[dict[str, Any]]:
    try:
        return evalsets.load(name)
    except FileNotFoundError:
        return []


def doxing(moderator: Moderator) -> dict[str, Any]:
    rows = _load_optional("doxing")
    if not rows:
        return {"missing": "evalsets/doxing.jsonl"}
    scored = _scored(moderator, [r["text"] for r in rows])
    labels = [int(r["label"]) for r in rows]
    flagged = [_reaches(moderator, s, Rule.DOXING, Decision.NUDGE) for s in scored]
    return {"rows": len(rows), "positives": sum(labels), **prf(labels, flagged), "bar": 0.95}


def obfuscated(moderator: Moderator, peers: dict[str, PeerScorer]) -> dict[str, Any]:
    rows = _load_optional("obfuscated")
    if not rows:
        return {"missing": "evalsets/obfuscated.jsonl"}
    scored = _scored(moderator, [r["text"] for r in rows])
    positives = [(r, s) for r, s in zip(rows, scored, strict=True) if int(r["label"])]
    negatives = [s for r, s in zip(rows, scored, strict=True) if not int(r["label"])]
    recall = [_reaches(moderator, s, Rule(r["rule"]), Decision.NUDGE) for r, s in positives]
    lexical = (Rule.PROFANITY, Rule.VULGARITY, Rule.RACISM)
    false = [any(_reaches(moderator, s, r, Decision.NUDGE) for r in lexical) for s in negatives]
    report: dict[str, Any] = {
        "rows": len(rows),
        "recall_flag": sum(recall) / max(1, len(recall)),
        "false_positive_rate_flag": sum(false) / max(1, len(false)),
        "bar": 0.95,
    }
    for name, scorer in peers.items():
        flags = [p >= 0.5 for p in scorer([r["text"] for r in rows])]
        pos = [f for r, f in zip(rows, flags, strict=True) if int(r["label"])]
        neg = [f for r, f in zip(rows, flags, strict=True) if not int(r["label"])]
        report[name] = {
            "recall_flag": sum(pos) / max(1, len(pos)),
            "false_positive_rate_flag": sum(neg) / max(1, len(neg)),
        }
    return report


def abuse_score(scored: Scored) -> float:
    """One toxicity number for bias metrics: the worst abuse rule."""
    return max(scored.scores[r] for r in ABUSE_RULES)


def identity_bias(moderator: Moderator, peers: dict[str, PeerScorer]) -> dict[str, Any]:
    report = bias.evaluate(lambda texts: [abuse_score(s) for s in _scored(moderator, texts)])
    result: dict[str, Any] = report.to_dict()
    for name, scorer in peers.items():
        result[name] = {"final_metric": bias.evaluate(scorer).final_metric}
    return result


def run_all(moderator: Moderator, peers: dict[str, PeerScorer]) -> dict[str, Any]:
    return {
        "civil_news": civil_news(moderator),
        "functional": functional(moderator),
        "functional_extra": functional_extra(moderator),
        "doxing": doxing(moderator),
        "obfuscated": obfuscated(moderator, peers),
        "bias": identity_bias(moderator, peers),
    }
