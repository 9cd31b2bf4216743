"""A site's moderation settings: pre-moderation, thresholds, word lists, reports, new readers.

Stored as one JSON document on the site (`Site.moderation`); `None` or a missing key means the
default. `ModerationSettings.from_dict` is the only way in, so whatever the CLI, an import or a
hand-edited row stored is validated the same way, and a bad document is an `InvalidInput`, never
a crash at posting time.

Pre-moderation modes (any combination; none, the default, means "only flagged"):

    all        every comment waits for a moderator
    first:N    a reader's first N comments on this site wait
    links      comments containing a link wait
    new:D      comments from readers first seen less than D days ago wait
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from kibitz.errors import InvalidInput
from kibitz.moderation.rules import Policy, PolicyError, Rule
from kibitz.sites.models import Site

PREMODERATION_KINDS = ("all", "first", "links", "new")
MAX_WORDS = 10_000
MAX_WORD_CHARS = 100
DEFAULT_REPORT_THRESHOLD = 3.0
DEFAULT_WORD_RULE = Rule.PROFANITY


@dataclass(frozen=True, slots=True)
class Premoderation:
    all: bool = False
    first: int = 0  # a reader's first N comments
    links: bool = False
    new_days: float = 0.0  # readers first seen less than this many days ago

    @classmethod
    def parse(cls, modes: Sequence[str]) -> Premoderation:
        values: dict[str, Any] = {}
        for mode in modes:
            kind, _, arg = mode.strip().partition(":")
            if kind == "flagged" and not arg:
                continue
            if kind in ("all", "links") and not arg:
                values[kind] = True
            elif kind == "first" and arg.isdigit() and int(arg) > 0:
                values["first"] = int(arg)
            elif kind == "new" and _positive_number(arg):
                values["new_days"] = float(arg)
            else:
                raise InvalidInput(
                    f"unknown pre-moderation mode {mode!r}: use all, first:N, links, new:D "
                    "or flagged",
                    field="premoderate",
                )
        return cls(**values)

    def modes(self) -> list[str]:
        found = ["all"] if self.all else []
        found += [f"first:{self.first}"] if self.first else []
        found += ["links"] if self.links else []
        found += [f"new:{self.new_days:g}"] if self.new_days else []
        return found


@dataclass(frozen=True, slots=True)
class RateLimit:
    """At most `count` comments per `seconds` for readers at trust level 0."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> RateLimit | None:
        """`"3/600"`: three comments per ten minutes; `"off"` (or a count of 0): no limit."""
        if text.strip().lower() in {"off", "none", ""}:
            return None
        count, _, seconds = text.partition("/")
        if not (count.strip().isdigit() and seconds.strip().isdigit() and int(seconds) > 0):
            raise InvalidInput(
                f"a rate limit reads COUNT/SECONDS, not {text!r}", field="rate_limit"
            )
        return cls(int(count), int(seconds)) if int(count) > 0 else None

    def __str__(self) -> str:
        return f"{self.count}/{self.seconds}"


@dataclass(frozen=True, slots=True)
class WordEntry:
    """One banned or suspect word or phrase, and the rule a match is reported under."""

    term: str
    rule: Rule = DEFAULT_WORD_RULE

    @classmethod
    def parse(cls, text: str, *, field_name: str) -> WordEntry:
        """`"term"` or `"term=rule"` (the rule defaults to profanity)."""
        term, sep, rule = text.rpartition("=") if "=" in text else (text, "", "")
        term = term.strip()
        if not term or len(term) > MAX_WORD_CHARS:
            raise InvalidInput(f"a word is 1-{MAX_WORD_CHARS} characters", field=field_name)
        if not sep:
            return cls(term)
        try:
            return cls(term, Rule(rule.strip()))
        except ValueError as exc:
            raise InvalidInput(f"unknown rule {rule!r} for {term!r}", field=field_name) from exc

    def __str__(self) -> str:
        return self.term if self.rule is DEFAULT_WORD_RULE else f"{self.term}={self.rule.value}"


@dataclass(frozen=True, slots=True)
class ModerationSettings:
    premoderation: Premoderation = Premoderation()
    policy: Policy = field(default_factory=Policy)
    banned_words: tuple[WordEntry, ...] = ()  # a match rejects the comment
    suspect_words: tuple[WordEntry, ...] = ()  # a match holds it for a moderator
    report_threshold: float = DEFAULT_REPORT_THRESHOLD  # weighted reports that hide a comment
    link_limit: int | None = 1  # links a level-0 reader may post before the comment is held
    rate_limit: str | None = None  # "COUNT/SECONDS" or "off"; None: the server's default
    overrides: Mapping[str, Any] = field(default_factory=dict)  # the stored document

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> ModerationSettings:
        data = dict(data or {})
        unknown = set(data) - _KEYS
        if unknown:
            raise InvalidInput(f"unknown moderation settings {sorted(unknown)}", field="settings")
        try:
            policy = Policy.from_dict(data.get("thresholds") or {})
        except (PolicyError, AttributeError, TypeError) as exc:
            raise InvalidInput(f"thresholds: {exc}", field="thresholds") from exc
        threshold = data.get("report_threshold", DEFAULT_REPORT_THRESHOLD)
        if not _positive_number(str(threshold)):
            raise InvalidInput("report_threshold must be a positive number", field="threshold")
        link_limit = data.get("link_limit", 1)
        if link_limit is not None and (not isinstance(link_limit, int) or link_limit < 0):
            raise InvalidInput("link_limit must be a whole number or null", field="link_limit")
        rate = data.get("rate_limit")
        if rate is not None:
            RateLimit.parse(str(rate))  # validates
        return cls(
            premoderation=Premoderation.parse(_strings(data.get("premoderate"), "premoderate")),
            policy=policy,
            banned_words=_words(data.get("banned_words"), "banned_words"),
            suspect_words=_words(data.get("suspect_words"), "suspect_words"),
            report_threshold=float(threshold),
            link_limit=link_limit,
            rate_limit=str(rate) if rate is not None else None,
            overrides=data,
        )

    def to_dict(self) -> dict[str, Any]:
        """The full effective settings, defaults included (what `kibitz sites moderation` shows)."""
        return {
            "premoderate": self.premoderation.modes() or ["flagged"],
            "thresholds": self.policy.to_dict(),
            "banned_words": [str(w) for w in self.banned_words],
            "suspect_words": [str(w) for w in self.suspect_words],
            "report_threshold": self.report_threshold,
            "link_limit": self.link_limit,
            "rate_limit": self.rate_limit,
        }

    def rate_limit_for(self, server_default: str | None) -> RateLimit | None:
        """The limit for level-0 readers: the site's own, else the server's default."""
        chosen = self.rate_limit if self.rate_limit is not None else server_default
        return RateLimit.parse(chosen) if chosen else None


_KEYS = frozenset(
    {
        "premoderate",
        "thresholds",
        "banned_words",
        "suspect_words",
        "report_threshold",
        "link_limit",
        "rate_limit",
    }
)


def _positive_number(text: str) -> bool:
    try:
        return float(text) > 0
    except ValueError:
        return False


def _strings(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidInput(f"{name} must be a list of strings", field=name)
    return value


def _words(value: Any, name: str) -> tuple[WordEntry, ...]:
    items = _strings(value, name)
    if len(items) > MAX_WORDS:
        raise InvalidInput(f"{name} holds at most {MAX_WORDS:,} entries", field=name)
    return tuple(dict.fromkeys(WordEntry.parse(item, field_name=name) for item in items))


def get(site: Site) -> ModerationSettings:
    return ModerationSettings.from_dict(site.moderation)


def update(session: Session, *, site: Site, changes: Mapping[str, Any]) -> ModerationSettings:
    """Merge `changes` into the stored overrides (a key set to None returns to its default)."""
    merged = {**(site.moderation or {}), **changes}
    merged = {key: value for key, value in merged.items() if value is not None}
    settings = ModerationSettings.from_dict(merged)  # validates before anything is stored
    site.moderation = merged or None
    session.flush()
    return settings
