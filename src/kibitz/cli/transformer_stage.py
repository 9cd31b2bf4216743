"""`kibitz moderation train --stage transformer|cascade` and `card --stage transformer`: the
transformer stage's training, the cascade's band and its model card, behind Rich progress.

torch is imported only where training needs it (the `transformer` extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from kibitz.cli.progress import spinner
from kibitz.moderation.datasets import default_data_dir

# The linear head learns this many times faster than the pre-trained encoder (1e-3 vs 8e-5).
HEAD_LR_RATIO = 12.5


def train_transformer_stage(
    data: Path | None, out: Path, work: Path, settings: dict[str, Any]
) -> None:
    try:
        import torch  # noqa: F401

        from kibitz.moderation.transformer_training import (
            TransformerConfig,
            run_transformer_training,
        )
    except ImportError as exc:
        raise typer.BadParameter(
            f"needs the transformer extra: pip install -e '.[transformer]' ({exc})",
            param_hint="--stage",
        ) from exc
    from rich.progress import BarColumn, MofNCompleteColumn, TimeRemainingColumn

    from kibitz.moderation.transformer import DIRECTORY as TRANSFORMER_DIRECTORY

    console = Console(stderr=True)
    config = TransformerConfig(**settings)
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("starting", total=None)

        def update(what: str, done: int, total: int) -> None:
            progress.update(task, description=what, completed=done, total=total)

        meta = run_transformer_training(
            data or default_data_dir(),
            out / TRANSFORMER_DIRECTORY,
            work,
            config,
            update,
            lambda message: progress.console.log(message),
        )
    console.print(
        f"[green]transformer stage written to {out}[/] ({meta['minutes']} min of fine-tuning)"
    )


def choose_cascade_band(data: Path | None, out: Path, work: Path, seed: int) -> None:
    from kibitz.moderation.transformer import DIRECTORY as TRANSFORMER_DIRECTORY
    from kibitz.moderation.transformer_calibration import choose_band, measure_and_write_card
    from kibitz.moderation.transformer_training import TransformerConfig

    console = Console(stderr=True)
    with spinner(console) as progress:
        task = progress.add_task("choosing the cascade's band", total=None)

        def log(message: str) -> None:
            progress.update(task, description=message)
            progress.console.log(message)

        folder = out / TRANSFORMER_DIRECTORY
        choose_band(data or default_data_dir(), folder, work, TransformerConfig(seed=seed), log)
        meta = measure_and_write_card(data or default_data_dir(), folder, log)
    console.print(f"[green]cascade band {meta['band']} written to {out}[/]")


def rewrite_transformer_card(data: Path, out: Path, console: Console) -> None:
    from kibitz.moderation.transformer import DIRECTORY as TRANSFORMER_DIRECTORY
    from kibitz.moderation.transformer import available
    from kibitz.moderation.transformer_calibration import measure_and_write_card

    folder = out / TRANSFORMER_DIRECTORY
    if not available(folder):
        console.print(
            f"[red]no transformer stage in {folder}[/]: train it with --stage transformer"
        )
        raise typer.Exit(2)
    with spinner(console) as progress:
        task = progress.add_task("starting", total=None)
        measure_and_write_card(data, folder, lambda m: progress.update(task, description=m))
    console.print(f"[green]transformer model card rewritten in {folder}[/]")
