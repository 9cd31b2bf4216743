"""`kibitz users export|delete`, `kibitz sites sso|commenters`, `kibitz privacy purge`."""

from __future__ import annotations

import json
from datetime import timedelta

from typer.testing import CliRunner

from kibitz.accounts import service as accounts
from kibitz.cli import app
from kibitz.comments.models import Comment, Thread
from kibitz.db import make_engine, make_session_factory, transaction, utcnow
from kibitz.sites import service as sites_service
from tests.cli.test_users import PASSWORD, database_url

runner = CliRunner()
__all__ = ["database_url"]


def _seed(url: str) -> None:
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        user = accounts.create_user(session, email="r@daily.example", password=PASSWORD)
        site = sites_service.get_or_raise(session, key="dailynews")
        thread = Thread(site=site, key="a")
        session.add(thread)
        old = utcnow() - timedelta(days=40)
        for body, created in (("old words", old), ("new words", utcnow())):
            session.add(
                Comment(
                    thread=thread,
                    body=body,
                    html=body,
                    user_id=user.id,
                    ip_hash="f" * 64,
                    created_at=created,
                )
            )
    engine.dispose()


def test_export_purge_and_delete(database_url: str) -> None:
    _seed(database_url)
    exported = runner.invoke(app, ["users", "export", "r@daily.example"])
    assert exported.exit_code == 0, exported.output
    data = json.loads(exported.output)
    assert data["account"]["email"] == "r@daily.example"
    assert [c["body"] for c in data["comments"]] == ["old words", "new words"]
    purged = runner.invoke(app, ["privacy", "purge", "--days", "30"])
    assert "of 1 comments" in purged.output, purged.output
    deleted = runner.invoke(app, ["users", "delete", "r@daily.example", "--comments", "anonymise"])
    assert deleted.exit_code == 0 and "2 comments anonymised" in deleted.output, deleted.output
    missing = runner.invoke(app, ["users", "export", "r@daily.example"])
    assert missing.exit_code != 0


def test_sso_keys_and_commenters(database_url: str) -> None:
    made = runner.invoke(app, ["sites", "sso", "dailynews", "--secret", "generate"])
    assert made.exit_code == 0 and "accepts sign-on tokens: HS256" in made.output, made.output
    short = runner.invoke(app, ["sites", "sso", "dailynews", "--secret", "short"])
    assert short.exit_code != 0
    who = runner.invoke(app, ["sites", "commenters", "dailynews", "sso,accounts"])
    assert "sso,accounts may comment" in who.output, who.output
    assert runner.invoke(app, ["sites", "commenters", "dailynews", "robots"]).exit_code != 0
