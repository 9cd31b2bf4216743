"""How a moderation `Verdict` is stored on a comment (`Comment.moderation_scores`), and read back.

One JSON document per comment, written when the comment is assessed and read by the review queue:

    {"decision": "hold", "scores": {"violence": 0.91, …}, "flagged": {"violence": 0.91},
     "max_score": 0.91, "spans": [{"start", "end", "rule", "text", "source"}], "reasons": […]}

`flagged` maps each rule the policy flagged to its score (a mapping, so the queue can filter on
one rule with a JSON path on SQLite and PostgreSQL alike) and `max_score` is the severity the
queue sorts by. Pure: no database, no web.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kibitz.moderation.rules import Verdict


def to_record(verdict: Verdict) -> dict[str, Any]:
    scores = {rule.value: round(float(score), 4) for rule, score in verdict.scores.items()}
    return {
        "decision": verdict.decision.value,
        "scores": scores,
        "flagged": {rule.value: scores.get(rule.value, 0.0) for rule in verdict.flags},
        "max_score": max(scores.values(), default=0.0),
        "spans": [
            {
                "start": span.start,
                "end": span.end,
                "rule": span.rule.value,
                "text": span.text,
                "source": span.source,
            }
            for span in verdict.spans
        ],
        "reasons": list(verdict.reasons),
        # Which model produced the scores: the transformer (alone, or for a comment the cascade
        # routed to it) or the sparse model.
        "model": "transformer" if verdict.signals.get("transformer") else "sparse",
    }


def scores(record: Mapping[str, Any] | None) -> dict[str, float]:
    raw = (record or {}).get("scores") or {}
    return {str(rule): float(score) for rule, score in raw.items()}


def flags(record: Mapping[str, Any] | None) -> list[str]:
    """Flagged rules, worst score first."""
    flagged = (record or {}).get("flagged") or {}
    return sorted(flagged, key=lambda rule: (-float(flagged[rule]), rule))


def spans(record: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    return [dict(span) for span in (record or {}).get("spans") or []]


def reasons(record: Mapping[str, Any] | None) -> list[str]:
    return [str(reason) for reason in (record or {}).get("reasons") or []]


def severity(record: Mapping[str, Any] | None) -> float:
    return float((record or {}).get("max_score") or 0.0)
