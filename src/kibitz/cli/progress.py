"""The progress display the long CLI commands share."""

from __future__ import annotations

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


def spinner(console: Console) -> Progress:
    """A spinner, what is being done, and the time it has taken (work of unknown length)."""
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
    )
