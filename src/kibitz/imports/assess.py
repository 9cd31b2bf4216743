"""`--assess`: run imported comments through the moderator, a batch at a time, and count.

Statuses change only with `--apply-verdicts`, and then only for comments imported as published:
a verdict that would hold one makes it pending, one that would reject it makes it rejected, and the
scores are stored with it as for a posted comment. Deleted and empty comments are not assessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import update
from sqlalchemy.orm import Session

from kibitz.comments.models import Comment
from kibitz.imports.summary import Summary
from kibitz.imports.writer import Written
from kibitz.moderation.rules import Decision, Verdict

STATUS_FOR = {Decision.HOLD: "pending", Decision.REJECT: "rejected"}


class Judge(Protocol):
    """What the assessment needs of `kibitz.moderation.Moderator`."""

    def assess_many(self, texts: Sequence[str]) -> list[Verdict]: ...


class ImportAssessor:
    def __init__(self, session: Session, *, judge: Judge, summary: Summary, apply: bool) -> None:
        self.session = session
        self.judge = judge
        self.summary = summary
        self.apply = apply

    def __call__(self, written: Sequence[Written]) -> None:
        assessed = [item for item in written if item.status != "deleted" and item.body]
        if not assessed:
            return
        verdicts = self.judge.assess_many([item.body for item in assessed])
        changes: list[dict[str, object]] = []
        for item, verdict in zip(assessed, verdicts, strict=True):
            self.summary.assessed += 1
            self.summary.decisions[verdict.decision.value] += 1
            for rule in verdict.flags:
                self.summary.flagged[rule.value] += 1
            new_status = STATUS_FOR.get(verdict.decision)
            if self.apply and item.status == "published" and new_status is not None:
                scores = {rule.value: round(score, 6) for rule, score in verdict.scores.items()}
                changes.append({"id": item.id, "status": new_status, "moderation_scores": scores})
        if changes:
            self.session.execute(update(Comment), changes)
            self.summary.status_changes += len(changes)
            for change in changes:
                self.summary.by_status["published"] -= 1
                self.summary.by_status[str(change["status"])] += 1
