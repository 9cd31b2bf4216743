"""The statement of reasons' document, composed from the circumstances alone (no database)."""

from __future__ import annotations

from kibitz.review.statements import Circumstances, compose, due


def _facts(**changes: object) -> Circumstances:
    base: dict[str, object] = {
        "action": "reject",
        "rule": "spam",
        "note": None,
        "days": None,
        "status_before": "published",
        "verdict": None,
        "notices": 0,
        "reports": {},
        "appealable": True,
    }
    return Circumstances(**(base | changes))  # type: ignore[arg-type]


def test_which_decisions_owe_a_statement() -> None:
    assert due("reject", 0) and due("shadow_ban", 0) and due("suspend", 0)
    assert not due("approve", 0) and due("approve", 1)
    assert not due("close_thread", 1) and not due("unfeature", 1)


def test_a_suspension_on_reports_with_a_machine_flag() -> None:
    document = compose(
        _facts(
            action="suspend",
            days=3,
            status_before="pending",
            verdict={"decision": "hold", "flagged": {"spam": 0.8}},
            reports={"spam": 2},
        )
    )
    assert document["restriction"] == "removal_and_suspension"
    assert "for 3 days" in document["decision"]
    assert "2 reader report(s) flagged it (spam)." in document["facts"]
    assert "Automatic moderation flagged it for: spam." in document["facts"]
    assert document["automated"] == {
        "detection": True,
        "decision": False,
        "explanation": "Automated means flagged the comment; a moderator took the decision.",
    }
    assert document["ground"]["kind"] == "house_rule"


def test_a_kept_comment_after_a_notice_offers_no_appeal_it_does_not_need() -> None:
    document = compose(
        _facts(action="approve", rule=None, notices=1, reports={"illegal": 1}, appealable=False)
    )
    assert document["restriction"] == "none"
    assert document["ground"]["kind"] == "illegal_content"
    assert [r["kind"] for r in document["redress"]] == ["out_of_court", "court"]
    assert "reader report" not in document["facts"]  # the notice is not counted twice
