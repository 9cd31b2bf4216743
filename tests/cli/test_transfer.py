"""`kibitz import …` and `kibitz export` from the command line: summaries, exit codes, files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kibitz.cli import app
from kibitz.config import get_settings

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
runner = CliRunner()


@pytest.fixture()
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("KIBITZ_DATABASE_URL", url)
    monkeypatch.setenv("KIBITZ_SECRET_KEY", "cli-test-secret")
    get_settings.cache_clear()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    yield url
    get_settings.cache_clear()


def _import(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["import", *args])
    return result.exit_code, result.output


def test_help_for_every_format() -> None:
    for command in ("disqus", "wordpress", "isso", "remark42", "json"):
        result = runner.invoke(app, ["import", command, "--help"])
        assert result.exit_code == 0 and "--dry-run" in result.output
    assert "--format" in runner.invoke(app, ["export", "--help"]).output


def test_import_json_summary_then_idempotent(database: str) -> None:
    disqus = str(FIXTURES / "disqus.xml")
    code, output = _import("disqus", disqus, "--site", "news", "--create-site", "--json")
    assert code == 0, output
    summary = json.loads(output)
    assert (summary["comments"], summary["replies"], summary["orphans"]) == (10, 4, 1)
    code, output = _import("disqus", disqus, "--site", "news")
    assert code == 0 and "already imported" in output and "10" in output


def test_unknown_site_and_broken_file_exit_1(database: str) -> None:
    code, output = _import("disqus", str(FIXTURES / "disqus.xml"), "--site", "news")
    assert code == 1 and "no site 'news'" in output and "nothing was imported" in output
    broken = str(FIXTURES / "disqus_malformed.xml")
    code, output = _import("disqus", broken, "--site", "news", "--create-site")
    assert code == 1 and "line 60: malformed XML: mismatched tag" in output


def test_export_then_import_json(database: str, tmp_path: Path) -> None:
    _import("wordpress", str(FIXTURES / "wordpress.xml"), "--site", "news", "--create-site")
    out = tmp_path / "news.jsonl"
    result = runner.invoke(app, ["export", "--site", "news", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + 2 + 7
    code, output = _import("json", str(out), "--site", "copy", "--create-site", "--json")
    assert code == 0 and json.loads(output)["comments"] == 7
    xml = runner.invoke(app, ["export", "--site", "copy", "--format", "disqus"])
    assert xml.exit_code == 0 and xml.stdout.startswith("<?xml")
    assert runner.invoke(app, ["export", "--site", "nope"]).exit_code == 1
