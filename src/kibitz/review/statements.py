"""Statements of reasons (EU DSA art. 17): what the author of a comment is owed when a moderator
acts on it.

One is issued, in the decision's transaction, when a moderator removes or restricts a comment
(reject, suspend, ban, shadow-ban), and for any judging action on a comment that carries an open
`illegal` notice (`Report.statement_of_reasons_due`), since the notifier's allegation was then
decided on. The document says what was decided, the facts and circumstances, the ground (a house
rule, or the alleged illegality), whether automated means were used (read from the stored
verdict: the machine may have *detected* it, but a person *decided*) and the redress open to the
author. It is kept as issued: a later decision issues a new one, the author sees the latest.

The reporters' notes are not copied in: they may name the notifier, whom the author is not owed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kibitz.accounts import service as accounts
from kibitz.accounts.models import User
from kibitz.comments.models import Comment
from kibitz.errors import NotFound
from kibitz.reports.models import ILLEGAL, Report
from kibitz.review.models import Statement

REMOVING = ("reject", "suspend", "ban", "shadow_ban")
JUDGING = (*REMOVING, "approve", "edit_approve", "feature")

# The house rules as the author is told them (DESIGN.md's vocabulary).
RULE_TEXTS = {
    "violence": "no threats, incitement or wishing harm on anyone",
    "racism": "no attacks on people for their race, religion, ethnicity, nationality or identity",
    "profanity": "no swearing",
    "vulgarity": "no sexually explicit or crude content",
    "doxing": "no private personal information about anyone",
    "discourtesy": "no insults, name-calling or contempt toward other commenters",
    "spam": "no advertising, scams, link farms or repeated posts",
    "other": "the site's terms of participation",
}

_DECIDED = {
    "reject": "Your comment was removed: it is no longer shown to other readers.",
    "shadow_ban": "The visibility of your comments on this site was restricted: "
    "this comment and later ones are not shown to other readers.",
    "suspend": "Your comment was removed and you may not comment on this site for {days} days.",
    "ban": "Your comment was removed and you may no longer comment on this site.",
    "approve": "Your comment was reviewed and kept: no violation was found.",
    "edit_approve": "Your comment was edited by a moderator and published in its edited form.",
    "feature": "Your comment was reviewed, kept and featured.",
}
_RESTRICTION = {
    "reject": "removal",
    "shadow_ban": "visibility",
    "suspend": "removal_and_suspension",
    "ban": "removal_and_termination",
    "edit_approve": "edit",
}


class StatementNotFound(NotFound):
    code = "statement_not_found"


@dataclass(frozen=True, slots=True)
class Circumstances:
    """What the moderator decided and what lay before them when they did (pure input)."""

    action: str
    rule: str | None
    note: str | None
    days: int | None
    status_before: str
    verdict: Mapping[str, Any] | None
    notices: int  # open `illegal` reports
    reports: Mapping[str, int]  # open reports per reason, notices included
    appealable: bool  # the author may still appeal after this decision


def due(action: str, notices: int) -> bool:
    return action in REMOVING or (action in JUDGING and notices > 0)


def compose(facts: Circumstances) -> dict[str, Any]:
    """The statement's document (pure): every field the author and an auditor read."""
    ground = _ground(facts)
    return {
        "action": facts.action,
        "restriction": _RESTRICTION.get(facts.action, "none"),
        "decision": _DECIDED[facts.action].format(days=facts.days or 0),
        "facts": _facts(facts),
        "ground": ground,
        "automated": _automated(facts.verdict),
        "redress": _redress(facts),
    }


def _ground(facts: Circumstances) -> dict[str, Any]:
    if facts.rule == ILLEGAL or (facts.notices and facts.action not in REMOVING):
        kind = "illegal_content"
        if facts.action not in REMOVING:
            text = "A notice alleged that the comment is illegal content."
        else:
            text = "The comment was found to be illegal content" + (
                ", as a notice alleged." if facts.notices else "."
            )
        return {"kind": kind, "rule": facts.rule, "explanation": text}
    rule = facts.rule or "other"
    return {
        "kind": "house_rule",
        "rule": rule,
        "explanation": f"The house rule on {rule}: {RULE_TEXTS.get(rule, RULE_TEXTS['other'])}.",
    }


def _facts(facts: Circumstances) -> str:
    parts: list[str] = []
    if facts.notices:
        parts.append(f"{facts.notices} notice(s) from readers alleged that it is illegal content.")
    others = sum(facts.reports.values()) - facts.notices
    if others > 0:
        reasons = ", ".join(sorted(r for r in facts.reports if r != ILLEGAL))
        parts.append(f"{others} reader report(s) flagged it ({reasons}).")
    flagged = sorted((facts.verdict or {}).get("flagged") or {})
    if flagged:
        parts.append(f"Automatic moderation flagged it for: {', '.join(flagged)}.")
    if facts.status_before == "pending":
        parts.append("It was awaiting review when a moderator decided.")
    if facts.note:
        parts.append(f"The moderator noted: {facts.note}")
    return " ".join(parts) or "A moderator reviewed the comment."


def _automated(verdict: Mapping[str, Any] | None) -> dict[str, Any]:
    record = verdict or {}
    detected = bool(record.get("flagged")) or record.get("decision") in {"hold", "reject"}
    return {
        "detection": detected,
        "decision": False,  # a moderator took this decision
        "explanation": (
            "Automated means flagged the comment; a moderator took the decision."
            if detected
            else "No automated means were used; a moderator took the decision."
        ),
    }


def _redress(facts: Circumstances) -> list[dict[str, Any]]:
    options: list[dict[str, Any]] = []
    if facts.appealable:
        options.append(
            {
                "kind": "appeal",
                "explanation": "Appeal once, from the comment itself: a moderator looks again.",
            }
        )
    options.append(
        {
            "kind": "out_of_court",
            "explanation": "A certified out-of-court dispute settlement body (DSA art. 21).",
        }
    )
    options.append({"kind": "court", "explanation": "The courts, under the applicable law."})
    return options


def open_reports(session: Session, comment_id: int) -> dict[str, int]:
    """Unresolved reports on the comment, per reason (read before the decision resolves them)."""
    rows = session.execute(
        select(Report.reason, func.count())
        .where(Report.comment_id == comment_id, Report.resolved_at.is_(None))
        .group_by(Report.reason)
    )
    return {str(reason): int(count) for reason, count in rows}


def issue(
    session: Session, *, comment: Comment, decision_id: int, facts: Circumstances
) -> Statement | None:
    """Store the statement the decision owes, if any, and mark the comment as having one."""
    if not due(facts.action, facts.notices):
        return None
    statement = Statement(comment_id=comment.id, decision_id=decision_id, document=compose(facts))
    session.add(statement)
    session.flush()
    # A new dict, so the JSON column is seen as changed; the widget reads the flag.
    comment.moderation_scores = {**(comment.moderation_scores or {}), "statement": statement.id}
    session.flush()
    return statement


def latest(session: Session, *, comment_id: int) -> Statement | None:
    return session.scalars(
        select(Statement)
        .where(Statement.comment_id == comment_id)
        .order_by(Statement.id.desc())
        .limit(1)
    ).first()


def get_for(
    session: Session, *, comment_id: int, reader_hash: str | None, user: User | None
) -> tuple[Comment, Statement]:
    """The latest statement on the comment, for its author or a moderator of its site; to
    anyone else it does not exist."""
    comment = session.get(Comment, comment_id)
    if comment is None or not _may_read(comment, reader_hash, user):
        raise StatementNotFound(f"no statement of reasons for comment {comment_id}")
    statement = latest(session, comment_id=comment_id)
    if statement is None:
        raise StatementNotFound(f"no statement of reasons for comment {comment_id}")
    return comment, statement


def _may_read(comment: Comment, reader_hash: str | None, user: User | None) -> bool:
    if reader_hash is not None and comment.reader_hash == reader_hash:
        return True
    return user is not None and accounts.moderator_scope(user).covers(comment.thread.site_id)
