"""Moderators' decisions as a training source: the mapping onto rule heads, the file loader, the
`train --decisions` option, and the rows joining the training data (no training is run)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kibitz.cli.moderation import app
from kibitz.moderation.datasets import RULE_HEADS, SOURCES, TEST, TRAIN, hash_split
from kibitz.moderation.decisions import (
    SOURCE,
    DecisionsFileError,
    labels_for,
    load_decisions,
    rows_from_records,
)
from kibitz.moderation.pipeline import training_rows


def _decision(id_: int, text: str, action: str, rule: str | None = None) -> dict[str, Any]:
    """A row as `kibitz moderation export-decisions` writes it."""
    label = "keep" if action in ("approve", "edit_approve", "feature") else "remove"
    return {
        "id": id_,
        "text": text,
        "site": "news",
        "action": action,
        "rule": rule,
        "label": label,
        "decided_at": "2026-11-25T12:00:00+00:00",
        "machine_scores": {"spam": 0.4},
    }


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_removal_teaches_its_rule_and_an_approval_teaches_every_rule_negative() -> None:
    assert labels_for(_decision(1, "x", "reject", "discourtesy")) == {"discourtesy": 1}
    assert labels_for(_decision(2, "x", "ban", "spam")) == {"spam": 1}
    assert labels_for(_decision(3, "x", "approve")) == dict.fromkeys(RULE_HEADS, 0)
    assert labels_for(_decision(4, "x", "feature")) == dict.fromkeys(RULE_HEADS, 0)


@pytest.mark.parametrize(
    "record",
    [
        _decision(1, "x", "reject", "doxing"),  # a detector, not a head
        _decision(2, "x", "reject", "illegal"),
        _decision(3, "x", "reject", None),
        _decision(4, "x", "edit_approve"),  # the original text needed a correction
    ],
)
def test_decisions_that_teach_nothing_make_no_row(record: dict[str, Any]) -> None:
    assert labels_for(record) is None
    assert rows_from_records([record]) == []


def test_rows_name_their_source_and_are_split_like_the_public_sets() -> None:
    texts = [f"Comment number {i} about the council budget." for i in range(40)]
    rows = rows_from_records([_decision(i, t, "approve") for i, t in enumerate(texts)])
    assert {row.source for row in rows} == {SOURCE}
    assert [row.split for row in rows] == [hash_split(t) for t in texts]
    assert {TRAIN, TEST} <= {row.split for row in rows}


def test_files_load_in_order_and_a_comment_exported_twice_counts_once(tmp_path: Path) -> None:
    first = _write(
        tmp_path / "november.jsonl",
        [_decision(1, "Buy watches here", "reject", "spam"), _decision(2, "Fair point", "approve")],
    )
    second = _write(tmp_path / "december.jsonl", [_decision(1, "Buy watches here", "approve")])
    rows = load_decisions([first, second])
    assert [(row.text, row.labels.get("spam")) for row in rows] == [
        ("Fair point", 0),
        ("Buy watches here", 0),  # the later decision won
    ]


def test_a_bad_file_says_where(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(_decision(1, "ok", "approve")) + "\nnot json\n", encoding="utf-8")
    with pytest.raises(DecisionsFileError, match="bad.jsonl:2"):
        load_decisions([bad])
    unlabeled = _write(tmp_path / "unlabeled.jsonl", [{"id": 1, "text": "t", "label": "maybe"}])
    with pytest.raises(DecisionsFileError, match="label"):
        load_decisions([unlabeled])


def test_decision_rows_join_the_training_data(tmp_path: Path) -> None:
    # Every public set present but empty (a header only), so only augmentation and ours remain.
    for source in SOURCES:
        path = tmp_path / source.path
        path.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(source.text_column + "\n")
    ours = rows_from_records([_decision(1, "Click here for cheap pills", "reject", "spam")])
    rows = training_rows(tmp_path, 0, ours)
    assert rows[-1] == ours[0]
    assert {row.source for row in rows} == {"augment", SOURCE}


def test_train_accepts_decisions_and_refuses_a_bad_file_before_training(tmp_path: Path) -> None:
    help_text = CliRunner().invoke(app, ["train", "--help"], terminal_width=200).output
    assert "--decisions" in help_text
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    out = tmp_path / "artifacts"
    result = CliRunner().invoke(
        app, ["train", "--decisions", str(bad), "--out", str(out), "--data", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "cannot read the decisions" in result.output
    assert not out.exists()  # nothing was trained or written
