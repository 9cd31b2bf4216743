"""The README is the newcomer's manual: its configuration table must list every setting."""

from __future__ import annotations

from pathlib import Path

from kibitz.config import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_lists_every_setting() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [
        f"KIBITZ_{name.upper()}"
        for name in Settings.model_fields
        if f"`KIBITZ_{name.upper()}`" not in text
    ]
    assert missing == []


def test_readme_names_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "make serve" in text
    assert "make test" in text
