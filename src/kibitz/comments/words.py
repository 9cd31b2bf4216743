"""A site's banned and suspect words, matched on the normalised text (pure, no database).

Both sides go through `kibitz.moderation.normalize`, so "f u c k", "ƒuck", "5h1t" and a
fullwidth spelling meet the listed term, and every match points back at what the reader typed.

Matching is a token-set lookup rather than one big regex alternation: the folded text is split
into word tokens once, and each run of 1..k tokens (k = the longest phrase) is looked up in a
dict, so a 2,000-entry list costs a few dict probes per word whatever its size
(`bench/site_words.py` measures it). A reader who stretches a word ("fuuuuck") is caught by a
second key with every doubled letter squeezed, tried only where normalisation squeezed a run, so
"good" never matches a listed "god".

`matcher(entries)` is cached on the list's content: every process builds a list's index once
and a settings change (a new tuple) builds a new one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kibitz.moderation.normalize import Normalized, normalize
from kibitz.moderation.rules import Rule

_TOKEN = re.compile(r"\w+")
_DOUBLES = re.compile(r"(.)\1+")
_ONE_LETTER_WORDS = frozenset("ai")


@dataclass(frozen=True, slots=True)
class WordHit:
    start: int  # offsets in the text as the reader typed it
    end: int
    text: str
    term: str  # the listed entry that matched
    rule: Rule


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(normalize(text).text))


def _squeeze(tokens: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_DOUBLES.sub(r"\1", token) for token in tokens)


class WordMatcher:
    """Finds listed words and phrases in a comment; built once per list."""

    def __init__(self, entries: Sequence[tuple[str, Rule]]) -> None:
        self.exact: dict[tuple[str, ...], tuple[str, Rule]] = {}
        self.squeezed: dict[tuple[str, ...], tuple[str, Rule]] = {}
        for term, rule in entries:
            tokens = _tokens(term)
            if tokens:
                self.exact.setdefault(tokens, (term, rule))
                self.squeezed.setdefault(_squeeze(tokens), (term, rule))
        self.longest = max((len(key) for key in self.exact), default=0)

    def __len__(self) -> int:
        return len(self.exact)

    def find(self, text: str, normalized: Normalized | None = None) -> list[WordHit]:
        if not self.exact:
            return []
        folded = normalized if normalized is not None else normalize(text)
        words = [
            _unglue(folded, m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded.text)
        ]
        stretched = set(folded.squeezed)
        hits: list[WordHit] = []
        i = 0
        while i < len(words):
            found = self._longest_at(words, i, stretched)
            if found is None:
                i += 1
                continue
            size, (term, rule) = found
            start, end = folded.span(words[i][1], words[i + size - 1][2])
            hits.append(WordHit(start, end, folded.original[start:end], term, rule))
            i += size
        return hits

    def _longest_at(
        self, words: list[tuple[str, int, int]], i: int, stretched: set[int]
    ) -> tuple[int, tuple[str, Rule]] | None:
        for size in range(min(self.longest, len(words) - i), 0, -1):
            run = words[i : i + size]
            key = tuple(word for word, _, _ in run)
            entry = self.exact.get(key)
            if entry is None and any(s in stretched for _, a, b in run for s in range(a, b)):
                entry = self.squeezed.get(_squeeze(key))
            if entry is not None:
                return size, entry
        return None


def _unglue(folded: Normalized, word: str, start: int, end: int) -> tuple[str, int, int]:
    """Spaced letters after "a" or "I" get joined to it ("a c r o o k" folds to "acrook"): drop
    the one-letter word again, so the spaced-out term can match."""
    if len(word) > 3 and word[0] in _ONE_LETTER_WORDS:
        first, second = folded.span(start, start + 1)[0], folded.span(start + 1, start + 2)[0]
        if folded.original[first + 1 : second].isspace():
            return word[1:], start + 1, end
    return word, start, end


@functools.lru_cache(maxsize=256)
def matcher(entries: tuple[tuple[str, Rule], ...]) -> WordMatcher:
    return WordMatcher(entries)
