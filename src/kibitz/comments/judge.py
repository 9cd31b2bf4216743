"""Turn the model's verdict and the site's findings into one outcome and its stored record (pure).

The outcome's decision is the most severe any source asks for. A nudge is only offered when the
text itself is at most nudge-worthy: a hold for *who* wrote it (pre-moderation, a new reader's
link limit) still lets the writer reconsider first, while a hold or reject for *what* was written
is final. The record extends `verdicts.to_record` (what the review queue reads) with the
findings, the reason for the status and, later, the appeal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kibitz.comments import verdicts
from kibitz.comments.checks import Finding
from kibitz.moderation.rules import Decision, Rule, Verdict

UNAVAILABLE = "automatic moderation unavailable"
CONFIRMED = "posted anyway after a nudge: a moderator reviews it"
STATUS_BY_DECISION = {
    Decision.PUBLISH: "published",
    Decision.NUDGE: "pending",  # only reached when the writer confirmed
    Decision.HOLD: "pending",
    Decision.REJECT: "rejected",
}


@dataclass(frozen=True, slots=True)
class Outcome:
    decision: Decision
    verdict: Verdict | None  # None when the model failed
    findings: tuple[Finding, ...]
    failure: str | None = None  # why the model could not judge

    @property
    def offers_nudge(self) -> bool:
        return (
            self.verdict is not None
            and self.verdict.decision is Decision.NUDGE
            and not any(f.about_text or f.decision is Decision.REJECT for f in self.findings)
        )

    @property
    def rules(self) -> list[str]:
        found = list(self.verdict.flags) if self.verdict else []
        found += [f.rule for f in self.findings if f.rule is not None]
        return [rule.value for rule in dict.fromkeys(found)]

    @property
    def reasons(self) -> list[str]:
        found = list(self.verdict.reasons) if self.verdict else []
        if self.failure is not None:
            found.append(UNAVAILABLE)
        return found + [f.reason for f in self.findings]

    @property
    def spans(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = (
            verdicts.to_record(self.verdict)["spans"] if self.verdict else []
        )
        for finding in self.findings:
            found.extend(finding.spans)
        return sorted(found, key=lambda s: (s["start"], s["end"], s["rule"]))

    @property
    def scores(self) -> dict[str, float]:
        return verdicts.to_record(self.verdict)["scores"] if self.verdict else {}


def decide(verdict: Verdict | None, findings: list[Finding], failure: str | None) -> Outcome:
    decision = verdict.decision if verdict is not None else Decision.HOLD
    for finding in findings:
        if finding.decision.severity > decision.severity:
            decision = finding.decision
    return Outcome(decision, verdict, tuple(findings), failure)


def status_reason(outcome: Outcome, *, confirmed: bool) -> str | None:
    """The one line the author and moderators see for why the comment is not (yet) public."""
    if outcome.decision is Decision.PUBLISH:
        return None
    if outcome.failure is not None and not outcome.findings:
        return UNAVAILABLE
    severest = [f for f in outcome.findings if f.decision is outcome.decision]
    if severest:
        return severest[0].reason
    if outcome.decision is Decision.NUDGE and confirmed:
        return CONFIRMED
    return outcome.reasons[0] if outcome.reasons else None


def record(outcome: Outcome, *, confirmed: bool, trust_level: int) -> dict[str, Any]:
    base: dict[str, Any] = (
        verdicts.to_record(outcome.verdict)
        if outcome.verdict is not None
        else {"scores": {}, "flagged": {}, "max_score": 0.0, "spans": [], "reasons": []}
    )
    flagged = dict(base["flagged"])
    for finding in outcome.findings:
        if finding.rule is not None:
            # A listed word or a behaviour limit is certain evidence: the queue sorts it first.
            flagged[finding.rule.value] = max(flagged.get(finding.rule.value, 0.0), 1.0)
    return base | {
        "decision": outcome.decision.value,
        "model_decision": outcome.verdict.decision.value if outcome.verdict else None,
        "flagged": flagged,
        "max_score": max([base["max_score"], *flagged.values()]),
        "spans": outcome.spans,
        "reasons": outcome.reasons,
        "checks": [
            {"check": f.check, "decision": f.decision.value, "reason": f.reason}
            for f in outcome.findings
        ],
        "status_reason": status_reason(outcome, confirmed=confirmed),
        "confirmed": confirmed,
        "trust_level": trust_level,
        "failure": outcome.failure,
    }


def nudge_payload(outcome: Outcome) -> dict[str, Any]:
    """What the widget shows the writer before anything is posted."""
    spans = [
        {"start": s["start"], "end": s["end"], "rule": s["rule"], "text": s["text"]}
        for s in outcome.spans
    ]
    flags = outcome.verdict.flags if outcome.verdict else ()
    return {"rules": [Rule(r).value for r in flags], "reasons": outcome.reasons, "spans": spans}
