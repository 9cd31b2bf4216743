"""`kibitz moderation score` and `assess` through Typer's CliRunner on the committed artifacts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from kibitz.cli.moderation import app
from kibitz.moderation.rules import Decision, Rule

runner = CliRunner()
KEYS = {"id", "scores", "signals", "flags", "decision"}


def test_score_round_trip_from_stdin() -> None:
    lines = [
        {"id": 1, "text": "Thanks for the careful reporting on the ceasefire talks."},
        {"id": "b", "text": "You are a pathetic moron, shut up."},
    ]
    result = runner.invoke(app, ["score"], input="".join(json.dumps(x) + "\n" for x in lines))
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, "b"]
    for item in out:
        assert set(item) == KEYS
        assert set(item["scores"]) == {r.value for r in Rule}
        assert Decision(item["decision"])
        assert "toxic" in item["signals"]
    assert out[0]["decision"] == "publish"
    assert "discourtesy" in out[1]["flags"]


def test_score_reads_a_file_and_reports_bad_lines_in_place(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": 1, "text": "fine words"}\nnot json\n{"id": 3, "text": 42}\n\n'
        '{"id": 4, "text": "more fine words"}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["score", str(source)])
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("id") for o in out] == [1, None, 3, 4]
    assert "not JSON" in out[1]["error"]
    assert "'text' must be a string" in out[2]["error"]
    assert set(out[3]) == KEYS
    assert "2 input line(s) could not be scored" in result.stderr


def test_assess_prints_scores_and_decision() -> None:
    result = runner.invoke(app, ["assess", "This is f*cking bullsh1t."])
    assert result.exit_code == 0, result.output
    assert "profanity" in result.stdout
    assert "decision:" in result.stdout


def test_every_command_has_help() -> None:
    for command in ("train", "card", "evaluate", "score", "assess"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Usage" in result.stdout


STAGE_LINES = [
    {"id": 1, "text": "The ministry said the ceasefire talks resume on Monday."},
    {"id": 2, "text": "You are a pathetic moron, shut up."},
    {"id": 3, "text": "Anyone who disagrees is an idiot, frankly."},
]


def _score(*args: str) -> list[dict[str, Any]]:
    stdin = "".join(json.dumps(x) + "\n" for x in STAGE_LINES)
    result = runner.invoke(app, ["score", *args], input=stdin)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_score_answers_with_the_chosen_stage_and_all_three_side_by_side() -> None:
    default = _score()
    cascade = _score("--stage", "cascade")
    sparse = _score("--stage", "sparse")
    alone = _score("--stage", "transformer")
    assert default == cascade  # the committed transformer stage makes the cascade the default
    assert sparse != alone
    side = _score("--stages")
    for item, s, t, c in zip(side, sparse, alone, cascade, strict=True):
        stages = item.pop("stages")
        assert isinstance(stages, dict)
        assert item == c
        assert stages["sparse"]["scores"] == s["scores"]
        assert stages["transformer"]["scores"] == t["scores"]
        assert stages["cascade"]["decision"] == c["decision"]
    assert sparse[0]["decision"] == alone[0]["decision"] == "publish"
    assert "discourtesy" in alone[1]["flags"]


def test_score_refuses_an_unknown_stage() -> None:
    result = runner.invoke(app, ["score", "--stage", "bert"], input="")
    assert result.exit_code == 2
    assert "--stage" in result.output
