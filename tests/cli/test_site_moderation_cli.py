"""`kibitz sites moderation`: show and change a site's moderation settings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kibitz.cli import app
from kibitz.config import get_settings
from kibitz.db import make_engine, make_session_factory
from kibitz.moderation import Rule
from kibitz.sites import moderation as site_moderation
from kibitz.sites import service as sites_service

runner = CliRunner()


@pytest.fixture()
def site_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("KIBITZ_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("KIBITZ_SECRET_KEY", "cli-test-secret")
    get_settings.cache_clear()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(app, ["sites", "create", "dailynews"]).exit_code == 0
    yield "dailynews"
    get_settings.cache_clear()


def _stored(key: str) -> site_moderation.ModerationSettings:
    engine = make_engine(get_settings().database_url)
    try:
        with make_session_factory(engine)() as session:
            return site_moderation.get(sites_service.get_or_raise(session, key=key))
    finally:
        engine.dispose()


def test_show_the_defaults(site_key: str) -> None:
    result = runner.invoke(app, ["sites", "moderation", site_key])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown["premoderate"] == ["flagged"]
    assert shown["report_threshold"] == 3.0
    assert shown["thresholds"]["spam"]["reject"] == 0.9


def test_change_modes_thresholds_and_words(site_key: str, tmp_path: Path) -> None:
    words = tmp_path / "banned.txt"
    words.write_text("# house list\ncrook\nswindler=discourtesy\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["sites", "moderation", site_key, "--premoderate", "first:2", "--premoderate", "links",
         "--threshold", "discourtesy=hold:0.8", "--threshold", "spam=reject:none",
         "--banned-file", str(words), "--suspect", "bribe=spam", "--rate-limit", "5/600"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    stored = _stored(site_key)
    assert stored.premoderation.first == 2 and stored.premoderation.links
    assert stored.policy.thresholds[Rule.DISCOURTESY].hold == 0.8
    assert stored.policy.thresholds[Rule.SPAM].reject is None
    assert [str(w) for w in stored.banned_words] == ["crook", "swindler=discourtesy"]
    assert [str(w) for w in stored.suspect_words] == ["bribe=spam"]
    assert stored.rate_limit == "5/600"
    # A later change keeps what was set before; --reset returns to the defaults.
    runner.invoke(app, ["sites", "moderation", site_key, "--banned", "scoundrel"])
    assert [w.term for w in _stored(site_key).banned_words] == ["crook", "swindler", "scoundrel"]
    assert runner.invoke(app, ["sites", "moderation", site_key, "--reset"]).exit_code == 0
    assert _stored(site_key).banned_words == ()


def test_bad_settings_are_refused_and_nothing_changes(site_key: str) -> None:
    for args in (
        ["--premoderate", "sometimes"],
        ["--threshold", "discourtesy=hold"],
        ["--threshold", "kindness=hold:0.5"],
        ["--threshold", "spam=nudge:0.95"],  # above its hold bar
        ["--rate-limit", "fast"],
        ["--json", "[1, 2]"],
    ):
        result = runner.invoke(app, ["sites", "moderation", site_key, *args])
        assert result.exit_code == 1, (args, result.output)
        assert "error:" in result.output
    assert _stored(site_key).premoderation.modes() == []
