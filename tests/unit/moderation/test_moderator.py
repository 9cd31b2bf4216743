"""`Moderator` on the committed artifacts: clear cases per rule, civil news, spans, purity."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kibitz.moderation
from kibitz.moderation import Context, Decision, Moderator, Policy, Rule


@pytest.fixture(scope="module")
def moderator() -> Moderator:
    return Moderator.load()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("I know where you live and I will come and kill you and your family.", Rule.VIOLENCE),
        ("Go back to your country, you filthy n1gger.", Rule.RACISM),
        ("This is f*cking bullsh1t, what a sh*t show.", Rule.PROFANITY),
        ("Show us your tits and suck my dick.", Rule.VULGARITY),
        ("You are a moron and an idiot, nobody cares about your stupid opinion.", Rule.DISCOURTESY),
        ("Call +1 555 010 2030 now!!! WIN cash prizes, click www.win-free-cash.biz", Rule.SPAM),
        ("His cell is 415-555-2671 and he lives at 42 Elm Street, pay him a visit.", Rule.DOXING),
    ],
)
def test_clear_cases_are_flagged_with_spans(moderator: Moderator, text: str, rule: Rule) -> None:
    verdict = moderator.assess(text)
    assert rule in verdict.flags, verdict.scores
    assert verdict.decision is not Decision.PUBLISH
    assert any(r.startswith(rule.value) for r in verdict.reasons)
    spans = [s for s in verdict.spans if s.rule is rule]
    assert spans, "every flag is explained by at least one span"
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    "text",
    [
        "The strikes on Kataib Hezbollah killed one militant and injured 18, the ministry said.",
        "As a Muslim I found the interview with the imam thoughtful and fair.",
        "Jewish and Arab residents of the town held a joint vigil for the victims on Sunday.",
        "The militia claimed the attack; the army says it will respond within days.",
        "Scunthorpe fans drank a cocktail; the assassin in the film was a therapist.",
        "Thanks for the reporting. I disagree with the minister, but the piece is balanced.",
    ],
)
def test_civil_news_comments_publish(moderator: Moderator, text: str) -> None:
    verdict = moderator.assess(text)
    assert verdict.decision in (Decision.PUBLISH, Decision.NUDGE), verdict.scores
    assert not any(verdict.scores[r] >= (moderator.policy.thresholds[r].hold or 1.0) for r in Rule)


def test_scores_and_signals_are_complete_probabilities(moderator: Moderator) -> None:
    verdict = moderator.assess("some ordinary words about the weather")
    assert set(verdict.scores) == set(Rule)
    assert all(0.0 <= v <= 1.0 for v in verdict.scores.values())
    for head in ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"):
        assert 0.0 <= verdict.signals[head] <= 1.0


def test_assess_many_equals_assess(moderator: Moderator) -> None:
    texts = ["you idiot", "The vote is on Tuesday.", "free entry!!! text WIN to 80082", ""]
    batch = moderator.assess_many(texts)
    for text, verdict in zip(texts, batch, strict=True):
        single = moderator.assess(text)
        assert single.scores == pytest.approx(verdict.scores, abs=1e-6)
        assert single.flags == verdict.flags


def test_context_raises_spam_for_repeated_links_from_new_accounts(moderator: Moderator) -> None:
    text = "Great article! More at www.example-deals.com"
    quiet = moderator.assess(text)
    busy = moderator.assess(
        text,
        Context(author_age_days=0.01, recent_texts=(text, text, text), posts_last_hour=30,
                spam_reports=4),
    )  # fmt: skip
    assert busy.scores[Rule.SPAM] > quiet.scores[Rule.SPAM]


def test_a_site_policy_changes_the_decision_not_the_scores(moderator: Moderator) -> None:
    text = "You are a moron and an idiot, nobody cares about your stupid opinion."
    lenient = moderator.with_policy(
        Policy.from_dict({"discourtesy": {"nudge": None, "hold": None}})
    )
    assert lenient.assess(text).scores == moderator.assess(text).scores
    assert Rule.DISCOURTESY not in lenient.assess(text).flags


def test_assess_many_rejects_mismatched_contexts(moderator: Moderator) -> None:
    with pytest.raises(ValueError, match="differ in length"):
        moderator.assess_many(["a", "b"], [None])


FORBIDDEN = (
    "fastapi", "starlette", "sqlalchemy", "redis", "httpx", "uvicorn", "alembic", "psycopg",
    "requests", "urllib.request", "socket", "kibitz.web", "kibitz.db",
)  # fmt: skip


def test_core_imports_no_web_database_or_network_module() -> None:
    root = Path(kibitz.moderation.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []
