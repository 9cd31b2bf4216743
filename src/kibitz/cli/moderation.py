"""`kibitz moderation …`: train, evaluate, score and assess with the moderation core."""

from __future__ import annotations

import typer

app = typer.Typer(help="Train, evaluate and run the moderation models.", no_args_is_help=True)
