"""`kibitz moderation …`: train, evaluate, score and assess with the moderation core."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kibitz.cli.progress import spinner
from kibitz.cli.transformer_stage import (
    HEAD_LR_RATIO,
    choose_cascade_band,
    rewrite_transformer_card,
    train_transformer_stage,
)
from kibitz.moderation import ARTIFACTS
from kibitz.moderation.datasets import Row, default_data_dir
from kibitz.moderation.modelcard import published_rows
from kibitz.moderation.rules import Verdict, scores_json

if TYPE_CHECKING:
    from kibitz.moderation.moderator import Moderator

app = typer.Typer(help="Train, evaluate and run the moderation models.", no_args_is_help=True)

DataOption = Annotated[
    Path | None, typer.Option("--data", help="Folder of the public datasets (../shared/data).")
]
ArtifactsOption = Annotated[
    Path | None, typer.Option("--artifacts", help="Artifacts folder (default: the committed one).")
]
SCORE_BATCH = 256


StageOption = Annotated[
    str,
    typer.Option(
        "--stage",
        help="auto (the cascade when the transformer stage is installed), sparse, transformer "
        "or cascade.",
    ),
]


def _moderator(artifacts: Path | None, stage: str = "auto") -> Moderator:
    # Imported here: numpy and scipy load only for the commands that score, not for every
    # `kibitz` invocation (the CLI imports this module at start-up).
    from kibitz.moderation.cascade import STAGES
    from kibitz.moderation.moderator import Moderator

    chosen = next((s for s in STAGES if s == stage), None)
    if chosen is None and stage != "auto":
        raise typer.BadParameter(
            f"expected auto or one of {', '.join(STAGES)}", param_hint="--stage"
        )
    try:
        return Moderator.load(artifacts, stage=chosen)
    except ValueError as exc:  # a stage whose artifacts are not installed
        raise typer.BadParameter(str(exc), param_hint="--stage") from exc


def _decision_rows(paths: list[Path], console: Console) -> list[Row]:
    """Read the decisions files before any training starts, so a bad file fails at once."""
    from kibitz.moderation.decisions import DecisionsFileError, load_decisions

    try:
        rows = load_decisions(paths)
    except (OSError, DecisionsFileError) as exc:
        console.print(f"[red]cannot read the decisions: {exc}[/]")
        raise typer.Exit(2) from exc
    if paths:
        console.print(f"{len(rows):,} moderators' decisions join the training data")
    return rows


@app.command()
def train(
    data: DataOption = None,
    out: Annotated[Path, typer.Option(help="Where to write the artifacts.")] = ARTIFACTS,
    seed: Annotated[int, typer.Option(help="Seed for folds, solvers and augmentation.")] = 0,
    peers: Annotated[bool, typer.Option(help="Score the peer libraries for the card.")] = True,
    decisions: Annotated[
        list[Path] | None,
        typer.Option(
            "--decisions",
            help="Moderators' decisions (from export-decisions) as an extra source; repeatable.",
        ),
    ] = None,
    stage: Annotated[
        str,
        typer.Option(
            help="sparse (the core model), transformer (the MiniLM stage) or cascade (its band)."
        ),
    ] = "sparse",
    work: Annotated[
        Path, typer.Option(help="Transformer stage: checkpoint and scratch folder.")
    ] = Path("var/transformer"),
    max_steps: Annotated[
        int, typer.Option(help="Transformer stage: stop after N steps (0: all; smoke runs).")
    ] = 0,
    epochs: Annotated[float, typer.Option(help="Transformer stage: passes over the data.")] = 2.0,
    max_minutes: Annotated[
        float, typer.Option(help="Transformer stage: stop fine-tuning after N minutes (0: none).")
    ] = 0.0,
    learning_rate: Annotated[
        float, typer.Option(help="Transformer stage: the encoder's peak learning rate.")
    ] = 8e-5,
    init_from: Annotated[
        Path | None,
        typer.Option(
            help="Transformer stage: start from this checkpoint's weights (fine-tune on)."
        ),
    ] = None,
) -> None:
    """Train on the training parts of the public sets (and the site's moderators' decisions,
    when given); write artifacts and MODEL_CARD.md.

    `--stage transformer` fine-tunes the MiniLM-L6 stage instead (needs the `transformer` extra),
    resuming from the checkpoint in `--work` when one is there, then chooses the cascade's band;
    `--stage cascade` only chooses the band again, for the stage already trained."""
    if stage == "transformer":
        settings: dict[str, Any] = {
            "seed": seed,
            "max_steps": max_steps,
            "epochs": epochs,
            "max_minutes": max_minutes,
            "learning_rate": learning_rate,
            "head_learning_rate": learning_rate * HEAD_LR_RATIO,
            "init_from": str(init_from) if init_from else "",
        }
        train_transformer_stage(data, out, work, settings)
        return
    if stage == "cascade":
        choose_cascade_band(data, out, work, seed)
        return
    if stage != "sparse":
        raise typer.BadParameter("expected sparse, transformer or cascade", param_hint="--stage")
    from kibitz.moderation.pipeline import run_training
    from kibitz.moderation.training import TrainConfig

    console = Console(stderr=True)
    extra = _decision_rows(decisions or [], console)
    with spinner(console) as progress:
        task = progress.add_task("starting", total=None)

        def step(message: str) -> None:
            progress.update(task, description=message)
            progress.console.log(message)

        meta = run_training(
            data or default_data_dir(),
            out,
            TrainConfig(seed=seed),
            step,
            with_peers=peers,
            extra_rows=extra,
        )
    console.print(f"[green]artifacts and model card written to {out}[/] ({meta['minutes']} min)")


@app.command()
def card(
    data: DataOption = None,
    out: Annotated[Path, typer.Option(help="The artifacts folder to re-measure.")] = ARTIFACTS,
    peers: Annotated[bool, typer.Option(help="Score the peer libraries for the card.")] = True,
    stage: Annotated[
        str, typer.Option(help="sparse (MODEL_CARD.md) or transformer (transformer/MODEL_CARD.md).")
    ] = "sparse",
) -> None:
    """Re-measure the stored artifacts and rewrite MODEL_CARD.md and the fixture scores."""
    from kibitz.moderation.pipeline import refresh_card

    console = Console(stderr=True)
    if stage == "transformer":
        rewrite_transformer_card(data or default_data_dir(), out, console)
        return
    if stage != "sparse":
        raise typer.BadParameter("expected sparse or transformer", param_hint="--stage")
    with spinner(console) as progress:
        task = progress.add_task("starting", total=None)
        refresh_card(
            data or default_data_dir(),
            out,
            lambda message: progress.update(task, description=message),
            with_peers=peers,
        )
    console.print(f"[green]model card rewritten in {out}[/]")


@app.command()
def evaluate(
    data: DataOption = None,
    artifacts: ArtifactsOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
    peers: Annotated[
        bool, typer.Option(help="Also score alt-profanity-check, better-profanity.")
    ] = True,
    peer_sample: Annotated[
        int, typer.Option(help="Held-out rows per dataset for the peers.")
    ] = 600,
) -> None:
    """Held-out metrics per dataset, the published bars, our sets, identity bias and peers.

    With the transformer stage present, the transformer alone and the cascade are judged on the
    same held-out rows in the same run, and their headline figures printed beside the sparse
    model's (JSON: `stages` and `comparison`)."""
    from kibitz.moderation.evaluate import run_stages

    console = Console(stderr=True)
    moderator = _moderator(artifacts)
    with spinner(console) as progress:
        task = progress.add_task("starting", total=None)
        result = run_stages(
            moderator,
            data or default_data_dir(),
            with_peers=peers,
            peer_sample=peer_sample,
            progress=lambda message: progress.update(task, description=message),
            published_bars=_published_bars(artifacts or ARTIFACTS),
        )
    if as_json:
        typer.echo(json.dumps(result, indent=1))
        return
    _print_report(Console(), result)


def _published_bars(directory: Path) -> dict[str, float]:
    """The F1 bars training chose on out-of-fold scores (`training.json`), if recorded."""
    path = directory / "training.json"
    if not path.is_file():
        return {}
    bars: dict[str, float] = json.loads(path.read_text(encoding="utf-8")).get(
        "published_thresholds", {}
    )
    return bars


def _fmt(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _print_report(console: Console, result: dict[str, Any]) -> None:
    table = Table(title="Held-out rows per dataset (rule score or raw head)")
    for column in (
        "dataset",
        "head",
        "rows",
        "pos",
        "AUC",
        "PR-AUC",
        "P@hold",
        "R@hold",
        "F1@hold",
    ):
        table.add_column(column, justify="left" if column in ("dataset", "head") else "right")
    for name, report in result["datasets"].items():
        for head, m in report["heads"].items():
            table.add_row(
                name, head, str(m["rows"]), str(m["positives"]),
                *(_fmt(m.get(k)) for k in ("auc", "pr_auc", "precision", "recall", "f1")),
            )  # fmt: skip
    console.print(table)
    peers = Table(title="Same texts, main label AUC: Kibitz vs peers")
    for column in ("dataset", "head", "rows", "kibitz", "alt-profanity-check", "better-profanity"):
        peers.add_column(column)
    for name, report in result["datasets"].items():
        p = report.get("peers")
        if p:
            peers.add_row(
                name, p["head"], str(p["rows"]),
                *(_fmt(p.get(k)) for k in ("kibitz", "alt-profanity-check", "better-profanity")),
            )  # fmt: skip
    console.print(peers)
    bars = Table(title="Published bars and our own sets")
    for column in ("measure", "value", "bar", "alt-profanity-check", "better-profanity"):
        bars.add_column(column)
    for row in published_rows(result["published"]):
        bars.add_row(row[0], *(_fmt(v) for v in row[1:]))
    sets = result["evalsets"]
    for label, value, bar in _evalset_rows(sets):
        bars.add_row(label, _fmt(value), bar, "", "")
    console.print(bars)
    for note in result.get("peers_missing", []):
        console.print(f"[yellow]{note}[/]")
    if "comparison" in result:
        _print_comparison(console, result)


def _print_comparison(console: Console, result: dict[str, Any]) -> None:
    stages = [k for k in ("sparse", "transformer", "cascade") if k in result["comparison"][0]]
    table = Table(
        title=f"Stages side by side, same held-out rows (cascade band {result.get('band')})"
    )
    table.add_column("measure")
    for stage in stages:
        table.add_column(stage, justify="right")
    for row in result["comparison"]:
        table.add_row(row["measure"], *(_fmt(row.get(stage)) for stage in stages))
    console.print(table)


def _evalset_rows(sets: dict[str, Any]) -> Iterator[tuple[str, Any, str]]:
    civil, functional, bias = sets["civil_news"], sets["functional"], sets["bias"]
    yield "civil news false positives at hold", civil["false_positive_rate_hold"], "<= 0.02"
    yield "civil news violations flagged", civil["violation_recall_flag"], ""
    yield (
        "functional suite (test) balanced accuracy, held",
        functional["balanced_accuracy"],
        ">= 0.80",
    )
    yield (
        "functional suite (test) balanced accuracy, flagged",
        functional.get("balanced_accuracy_flag"),
        ">= 0.80",
    )
    extra = sets.get("functional_extra", {})
    if "balanced_accuracy" in extra:
        yield "functional_extra balanced accuracy, held", extra["balanced_accuracy"], ""
        yield "functional_extra balanced accuracy, flagged", extra["balanced_accuracy_flag"], ""
    for key, label in (("doxing", "doxing"), ("obfuscated", "obfuscated profanity")):
        entry = sets[key]
        if "missing" in entry:
            yield f"{label}: {entry['missing']} missing", None, ""
        elif key == "doxing":
            yield "doxing precision", entry["precision"], ">= 0.95"
            yield "doxing recall", entry["recall"], ">= 0.95"
        else:
            yield "obfuscated profanity recall", entry["recall_flag"], ">= 0.95"
    yield "identity bias final metric", bias["final_metric"], ""
    yield "identity bias mean BPSN AUC", bias["mean_bpsn_auc"], ""


def _read_lines(handle: TextIO) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(handle, 1):
        if line.strip():
            yield number, line


def _parse(number: int, line: str) -> tuple[Any, str | None, str | None]:
    """(id, text, error) for one input line; never raises."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, None, f"line {number}: not JSON ({exc.msg})"
    if not isinstance(item, dict):
        return None, None, f"line {number}: expected an object with id and text"
    text = item.get("text")
    if not isinstance(text, str):
        return item.get("id"), None, f"line {number}: 'text' must be a string"
    return item.get("id"), text, None


def verdict_json(item_id: Any, verdict: Verdict) -> dict[str, Any]:
    """Exactly DESIGN.md's line: id, scores, signals, flags, decision."""
    return {
        "id": item_id,
        "scores": scores_json(verdict.scores),
        "signals": {k: round(v, 6) for k, v in verdict.signals.items()},
        "flags": [rule.value for rule in verdict.flags],
        "decision": verdict.decision.value,
    }


def _batches(lines: Iterable[tuple[int, str]]) -> Iterator[list[tuple[int, str]]]:
    batch: list[tuple[int, str]] = []
    for item in lines:
        batch.append(item)
        if len(batch) == SCORE_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _stage_verdicts(moderator: Moderator, texts: list[str]) -> list[dict[str, Any]]:
    """Per text {stage: {scores, flags, decision}} for the three stages; one transformer pass."""
    from kibitz.moderation.cascade import STAGES

    assert moderator.transformer is not None
    moderator.transformer.memo = {}
    try:
        per_stage = {
            stage: moderator.with_stage(stage).assess_many(texts)
            for stage in STAGES
            if stage != "cascade" or moderator.band is not None
        }
    finally:
        moderator.transformer.memo = None
    return [
        {
            stage: {
                "scores": scores_json(verdicts[i].scores),
                "flags": [rule.value for rule in verdicts[i].flags],
                "decision": verdicts[i].decision.value,
            }
            for stage, verdicts in per_stage.items()
        }
        for i in range(len(texts))
    ]


@app.command()
def score(
    file: Annotated[
        Path | None, typer.Argument(help="JSON lines {id, text}; stdin if absent.")
    ] = None,
    artifacts: ArtifactsOption = None,
    stage: StageOption = "auto",
    stages: Annotated[
        bool,
        typer.Option(
            "--stages",
            help="Add `stages`: scores, flags and decision of the sparse model, the transformer "
            "alone and the cascade, side by side (needs the transformer stage).",
        ),
    ] = False,
) -> None:
    """Score JSON lines {"id", "text"}; write one JSON line per input with scores and decision.

    A bad line gets an {"id", "error"} line in its place; the exit code is 1 if any line was bad.
    The top-level answer is the moderator's own stage: the cascade when the transformer stage is
    installed, the sparse model otherwise.
    """
    moderator = _moderator(artifacts, stage)
    if stages and moderator.transformer is None:
        typer.echo("--stages needs the transformer stage's artifacts", err=True)
        raise typer.Exit(2)
    errors = 0
    handle = file.open(encoding="utf-8") if file is not None else sys.stdin
    try:
        for batch in _batches(_read_lines(handle)):
            parsed = [_parse(number, line) for number, line in batch]
            texts = [text for _, text, error in parsed if error is None and text is not None]
            verdicts = iter(moderator.assess_many(texts))
            side = iter(_stage_verdicts(moderator, texts) if stages else [])
            for item_id, _, error in parsed:
                if error is not None:
                    errors += 1
                    out: dict[str, Any] = {"id": item_id, "error": error}
                else:
                    out = verdict_json(item_id, next(verdicts))
                    if stages:
                        out["stages"] = next(side)
                sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            sys.stdout.flush()
    finally:
        if file is not None:
            handle.close()
    if errors:
        typer.echo(f"{errors} input line(s) could not be scored", err=True)
        raise typer.Exit(1)


@app.command()
def assess(
    text: Annotated[str, typer.Argument(help="The comment to judge.")],
    artifacts: ArtifactsOption = None,
    stage: StageOption = "auto",
) -> None:
    """Judge one comment: scores per rule, the decision, reasons and highlighted spans."""
    verdict = _moderator(artifacts, stage).assess(text)
    console = Console()
    highlighted = Text(text)
    for span in verdict.spans:
        highlighted.stylize("bold reverse red", span.start, span.end)
    console.print(highlighted)
    table = Table(title=f"decision: {verdict.decision.value}")
    table.add_column("rule")
    table.add_column("score", justify="right")
    table.add_column("flag")
    table.add_column("evidence")
    for rule, value in verdict.scores.items():
        evidence = ", ".join(f"{s.text!r} ({s.source})" for s in verdict.spans if s.rule is rule)
        table.add_row(rule.value, f"{value:.3f}", "yes" if rule in verdict.flags else "", evidence)
    console.print(table)
    for reason in verdict.reasons:
        console.print(f"• {reason}")
