"""`kibitz moderation train` end to end: data -> model -> artifacts -> held-out figures -> card."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kibitz.moderation.datasets import LEXICON_PATH, Row, augmentation, load_all
from kibitz.moderation.evaluate import run_evaluation
from kibitz.moderation.lexicon import build_lexicon
from kibitz.moderation.modelcard import render_card
from kibitz.moderation.moderator import LEXICON_FILE, Moderator
from kibitz.moderation.rules import scores_json
from kibitz.moderation.scoring import prepare
from kibitz.moderation.training import (
    TrainConfig,
    published_thresholds,
    suggested_thresholds,
    train_model,
)

Progress = Callable[[str], None]
FIXTURE_FILE = "fixture_scores.json"
TRAINING_FILE = "training.json"

# Hand-written sentences (ours, in no dataset) whose scores are recorded at training time; a unit
# test checks that the committed artifacts still produce them.
FIXTURE_TEXTS = (
    "Thanks for the clear reporting on the budget vote, it answered my questions.",
    "The strikes killed one militant and injured 18, according to the ministry.",
    "As a Muslim I found the imam's comments in the article thoughtful.",
    "I will find where you live and make you pay for this, I promise.",
    "Those dirty immigrants are animals and should all be thrown out.",
    "What the f*ck is this sh1t, the council is a joke.",
    "Send me nudes and I'll show you my huge cock.",
    "You are a pathetic idiot and nobody here wants to read your garbage.",
    "WIN a FREE iPhone now!!! Click www.cheap-prizes.biz and claim your prize today",
    "Her number is 555-867-5309 and she lives at 12 Oak Street, go tell her what you think.",
)


def record_fixtures(moderator: Moderator, directory: Path) -> None:
    verdicts = moderator.assess_many(list(FIXTURE_TEXTS))
    payload = [
        {"text": text, "scores": scores_json(v.scores), "decision": v.decision.value}
        for text, v in zip(FIXTURE_TEXTS, verdicts, strict=True)
    ]
    (directory / FIXTURE_FILE).write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")


def training_rows(data_dir: Path, seed: int, extra: Sequence[Row] = ()) -> list[Row]:
    """Every row training sees: the public sets, our augmentation, then any extra sources."""
    return load_all(data_dir) + augmentation(seed) + list(extra)


def run_training(
    data_dir: Path,
    out_dir: Path,
    config: TrainConfig,
    progress: Progress = lambda _: None,
    *,
    with_peers: bool = True,
    extra_rows: Sequence[Row] = (),
) -> dict[str, Any]:
    """`extra_rows`: more training sources (the site's moderators' decisions), each row naming
    its source, so the card's data table lists it beside the public sets."""
    started = dt.datetime.now(dt.UTC)
    out_dir.mkdir(parents=True, exist_ok=True)
    progress("lexicon")
    lexicon = build_lexicon(data_dir / LEXICON_PATH)
    lexicon.save(out_dir / LEXICON_FILE)
    progress("loading datasets")
    rows = training_rows(data_dir, config.seed, extra_rows)
    progress(f"normalising {len(rows):,} texts")
    prepared = [prepare(row.text, lexicon) for row in rows]
    result = train_model(rows, prepared, config, progress)
    result.model.save(out_dir)
    sources: dict[str, dict[str, int]] = {}
    for row in rows:
        counts = sources.setdefault(row.source, {"train": 0, "test": 0})
        counts[row.split] += 1
    meta: dict[str, Any] = {
        "date": started.strftime("%Y-%m-%d"),
        "seed": config.seed,
        "config": config.as_dict(),
        "minutes": round((dt.datetime.now(dt.UTC) - started).total_seconds() / 60, 1),
        "sources": sources,
        "heads": {h: {"rows": n, "positives": p} for h, (n, p) in result.counts.items()},
        "features": {
            "words": result.model.space.words.size,
            "chars": result.model.space.chars.size,
            "extras": list(result.model.space.extra_names),
        },
        "suggested_thresholds": suggested_thresholds(result),
        "published_thresholds": published_thresholds(result),
    }
    return write_card(meta, data_dir, out_dir, progress, with_peers=with_peers)


def write_card(
    meta: dict[str, Any],
    data_dir: Path,
    out_dir: Path,
    progress: Progress = lambda _: None,
    *,
    with_peers: bool = True,
) -> dict[str, Any]:
    """Fixture scores, held-out evaluation and the card, from the artifacts as stored."""
    moderator = Moderator.load(out_dir, stage="sparse")  # this card is the sparse model's
    record_fixtures(moderator, out_dir)
    meta["evaluation"] = run_evaluation(
        moderator,
        data_dir,
        with_peers=with_peers,
        progress=progress,
        published_bars=meta.get("published_thresholds", {}),
    )
    (out_dir / TRAINING_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    (out_dir / "MODEL_CARD.md").write_text(render_card(meta), encoding="utf-8")
    return meta


def refresh_card(
    data_dir: Path, out_dir: Path, progress: Progress = lambda _: None, *, with_peers: bool = True
) -> dict[str, Any]:
    """Re-measure and rewrite the card without retraining (after the default policy changed)."""
    meta: dict[str, Any] = json.loads((out_dir / TRAINING_FILE).read_text(encoding="utf-8"))
    return write_card(meta, data_dir, out_dir, progress, with_peers=with_peers)
