"""`kibitz users create|list`: accounts from the command line, the password from stdin."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kibitz.accounts import service as accounts
from kibitz.cli import app
from kibitz.config import get_settings
from kibitz.db import make_engine, make_session_factory, transaction

runner = CliRunner()
PASSWORD = "a long enough password"


@pytest.fixture()
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("KIBITZ_DATABASE_URL", url)
    monkeypatch.setenv("KIBITZ_SECRET_KEY", "cli-test-secret")
    get_settings.cache_clear()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(app, ["sites", "create", "dailynews"]).exit_code == 0
    yield url
    get_settings.cache_clear()


def test_create_and_list(database_url: str) -> None:
    made = runner.invoke(
        app, ["users", "create", "Mod@Daily.example", "--role", "moderator"], input=PASSWORD + "\n"
    )
    assert made.exit_code == 0, made.output
    assert "Created mod@daily.example (moderator on every site)" in made.output
    local = runner.invoke(
        app,
        ["users", "create", "local@daily.example", "--role", "admin", "--site", "dailynews",
         "--name", "Local Desk"],
        input=PASSWORD,
    )  # fmt: skip
    assert local.exit_code == 0, local.output
    listed = runner.invoke(app, ["users", "list"])
    assert listed.exit_code == 0
    assert listed.output.splitlines() == [
        "local@daily.example\treader\tdailynews:admin\tactive",
        "mod@daily.example\tmoderator\t-\tactive",
    ]
    engine = make_engine(database_url)
    with transaction(make_session_factory(engine)) as session:
        user = accounts.authenticate(session, email="mod@daily.example", password=PASSWORD)
        assert accounts.moderator_scope(user).all_sites
        local_user = accounts.authenticate(session, email="local@daily.example", password=PASSWORD)
        assert local_user.display_name == "Local Desk"
        assert not accounts.moderator_scope(local_user).all_sites
    engine.dispose()


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["bad-address"], PASSWORD, "not an e-mail address"),
        (["a@b.example", "--role", "emperor"], PASSWORD, "role must be one of"),
        (["a@b.example"], "short", "at least 10 characters"),
        (["a@b.example", "--site", "nowhere"], PASSWORD, "no site 'nowhere'"),
    ],
)
def test_create_refusals(database_url: str, args: list[str], password: str, message: str) -> None:
    result = runner.invoke(app, ["users", "create", *args], input=password + "\n")
    assert result.exit_code == 1
    assert message in result.output
    assert runner.invoke(app, ["users", "list"]).output == ""


def test_duplicate_user(database_url: str) -> None:
    first = runner.invoke(app, ["users", "create", "a@b.example"], input=PASSWORD)
    assert first.exit_code == 0
    again = runner.invoke(app, ["users", "create", "A@B.example"], input=PASSWORD)
    assert again.exit_code == 1
    assert "already exists" in again.output
