"""A small compositional analyser of hateful structure over normalised text.

Sparse n-grams see words, not who is attacked, whether the attack is negated, or whether it is
quoted to condemn it. This module finds those structures with precompiled patterns, clause by
clause: protected-identity mentions (vs governments, militias, armies, parties, clubs), hostile
predicates (dehumanising nouns, contempt, exclusion, elimination, first-person hatred, negated
positive qualities), threats against a person, negation scope, and counter-speech or reported
speech. `scoring.rule_scores` combines the result with the model (see `adjust`).

Pure Python and regex only: it runs on every comment, so it has to stay well under 0.1 ms.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from kibitz.moderation.hate_terms import (
    CONDEMN,
    CONTEMPT,
    DEHUMANISE,
    ELIMINATE,
    EXCLUDE,
    FIRST_PERSON,
    FRAMES,
    IDENTITIES,
    MISSPELLABLE,
    NEGATORS,
    NON_PROTECTED,
    PERSONS,
    POSITIVE,
    SLURS,
    STRONG_FRAMES,
    THREATS,
    misspellings,
)


def _alternation(terms: tuple[str, ...]) -> str:
    # Longest first, so "lowest form of life" wins over "lowest".
    return "|".join(sorted(terms, key=len, reverse=True))


def _words(terms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{_alternation(terms)})(?![\w-])")


_IDENTITY = re.compile(
    rf"(?<![\w-])(?:{_alternation(IDENTITIES + SLURS)})(?![\w-])"
    # An identity word that only modifies a non-protected noun ("Iranian regime", "Russian
    # army", "Palestinian leaders") names an institution, not a people.
    rf"(?!(?:\s+\w+)?\s+(?:{_alternation(NON_PROTECTED)})(?![\w-]))"
)
_NON_PROTECTED = _words(NON_PROTECTED)
_HOSTILE = _words(DEHUMANISE + CONTEMPT + EXCLUDE + ELIMINATE + FIRST_PERSON + SLURS)
_ELIMINATE = _words(ELIMINATE)
# Plain misspelt words are looked up per token: as a regex alternation they would cost 10x.
_MISSPELT = frozenset(misspellings(MISSPELLABLE))
_WORD = re.compile(r"[a-z]+")
_THREAT = _words(THREATS)
_POSITIVE = _words(POSITIVE)
_NEGATOR = _words(NEGATORS)
_FRAME = _words(FRAMES)
_STRONG_FRAME = _words(STRONG_FRAMES)
_PERSON = _words(PERSONS)
_CONDEMN = _words(CONDEMN)
_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]{3,}?)[\"“”«»]|(?<!\w)'([^']{3,}?)'(?!\w)")
_CLAUSES = re.compile(r"[.!?;:]+(?:\s|$)|,\s+(?:but|and|because)\s+|\bbut\b")
_RHETORICAL = re.compile(
    r"\s*(?:wouldn't|isn't|aren't|don't|doesn't|shouldn't|won't|can't|wasn't|weren't)\b"
)
NEGATION_WINDOW = 24  # characters before a cue in which a negator scopes over it


@dataclass(frozen=True, slots=True)
class HateAnalysis:
    """What the analyser found; `hostile` and `threat` already account for negation and quotes."""

    identity: bool = False  # a protected group is mentioned (not as an institution's modifier)
    hostile: bool = False  # a live hostile predicate aimed at a protected group
    threat: bool = False  # a live threat of harm against a person or group
    defused: bool = False  # hostility or a slur that is negated, quoted or condemned
    counter: bool = False  # counter-speech or reported speech frames the text

    @property
    def benign_mention(self) -> bool:
        """An identity is mentioned with no live hostile structure around it."""
        return self.identity and not (self.hostile or self.threat)


class _Clauses:
    """Clause boundaries of one text, so each pattern runs once and its hits map to clauses."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ends = [m.end() for m in _CLAUSES.finditer(text)]

    def of(self, position: int) -> int:
        return bisect_right(self.ends, position)

    def negated(self, position: int) -> bool:
        """A negator shortly before `position`, in the same clause, scopes over it."""
        index = self.of(position)
        begin = self.ends[index - 1] if index else 0
        end = self.ends[index] if index < len(self.ends) else len(self.text)
        if _RHETORICAL.match(self.text, begin) and self.text[begin:end].rstrip().endswith("?"):
            return False  # "Wouldn't the world be better without X?" asserts, not denies
        start = max(begin, position - NEGATION_WINDOW)
        return _NEGATOR.search(self.text, start, position) is not None

    def hits(self, pattern: re.Pattern[str]) -> list[tuple[int, bool]]:
        """(clause, negated) for every match of `pattern`."""
        return [(self.of(m.start()), self.negated(m.start())) for m in pattern.finditer(self.text)]

    def misspelt(self) -> list[tuple[int, bool]]:
        return [
            (self.of(m.start()), self.negated(m.start()))
            for m in _WORD.finditer(self.text)
            if m.group() in _MISSPELT
        ]


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


def _unquoted(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _is_counter(outside: str, quoted: bool) -> bool:
    """Counter-speech or reported speech: the text frames hostile words rather than uses them."""
    if _STRONG_FRAME.search(outside):
        return True
    framed = _FRAME.search(outside) is not None
    condemned = _CONDEMN.search(outside) is not None
    return ((framed or quoted) and condemned) or (framed and quoted)


def _aimed(clause: int, identities: set[int], institutions: set[int]) -> bool:
    """Is hostility in this clause aimed at a protected group (named here, or by a pronoun)?"""
    return clause in identities or (bool(identities) and clause not in institutions)


def _eliminationist(
    clauses: _Clauses, identities: set[int], institutions: set[int], identity: bool
) -> bool:
    """Elimination talk ("should be shot", "deserve to die") aimed at people, not institutions."""
    hits = [c for c, negated in clauses.hits(_ELIMINATE) if not negated]
    if not hits:
        return False
    persons = {c for c, _ in clauses.hits(_PERSON)}
    return any(
        c in identities or (c not in institutions and (identity or c in persons)) for c in hits
    )


def analyse(text: str) -> HateAnalysis:
    """Analyse normalised (lower-cased) text; see `HateAnalysis`."""
    quotes = _quoted_spans(text)
    outside = _unquoted(text, quotes) if quotes else text
    clauses = _Clauses(outside)
    identities = {c for c, _ in clauses.hits(_IDENTITY)}
    identity = bool(identities) or (bool(quotes) and _IDENTITY.search(text) is not None)
    institutions = {c for c, _ in clauses.hits(_NON_PROTECTED)}
    hostile = defused = False
    if identity:
        # With no group named there is no one for hostility to be hate against, and most
        # comments name none: skipping the cue scans keeps the analyser cheap.
        cues = clauses.hits(_HOSTILE) + clauses.misspelt()
        # Denying a group a good quality ("are never smart", "can't be trusted") is hostile.
        cues += [(c, False) for c, negated in clauses.hits(_POSITIVE) if negated]
        hostile = any(not negated and _aimed(c, identities, institutions) for c, negated in cues)
        defused = any(negated for _, negated in cues)
    threat = any(not negated for _, negated in clauses.hits(_THREAT)) or _eliminationist(
        clauses, identities, institutions, identity
    )
    counter = _is_counter(outside, bool(quotes))
    if counter:
        # "Saying X are vermin is racist": the hostile words are what is being condemned.
        defused = True
        hostile = threat = False
    return HateAnalysis(identity, hostile, threat, defused, counter)
