"""Fold a comment into a canonical form for matching and classifying, keeping a map back.

Readers dodge filters with look-alike letters (Cyrillic "а", fullwidth "ｆ", "ƒ"), invisible
characters, accents, leetspeak ("5h1t", "@ss", "a$$"), spaced or dotted letters ("f u c k",
"f.u.c.k") and stretched letters ("fuuuuck"). `normalize` undoes all of these in one pass per
trick and records, for every character of the folded text, the index of the original character
it came from, so a span found in the folded text points at what the reader typed.

Public API
----------
``normalize(text: str) -> Normalized``
    ``Normalized.text``      the folded text (lowercase, marks and zero-width removed, homoglyphs
                             and leetspeak folded, spaced letters joined, runs of 3+ letters
                             squeezed to 2)
    ``Normalized.original``  the text as typed
    ``Normalized.offsets``   ``offsets[i]`` is the original index of folded character ``i``;
                             non-decreasing and always a valid index into ``original``
    ``Normalized.span(start, end) -> tuple[int, int]``  the original span of a folded span
    ``Normalized.leet`` / ``.joined`` / ``.stretched``  which tricks were undone (the lexicon
                             uses them to decide which fall-backs are worth trying)
    ``Normalized.squeezed``  folded indices of the second letter of each squeezed run
``fold_leet(token: str) -> str``  the leet table applied to one token (used by the lexicon).

Digits are folded only inside tokens that also contain letters, and never in number-with-unit
tokens ("18", "2024", "5pm", "3rd", "10km" survive), so counts and dates in news prose stay.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Normalized", "fold_leet", "normalize"]

# Look-alikes that compatibility decomposition leaves alone, after casefolding: Cyrillic, Greek,
# Armenian, Latin extensions and small capitals that render like ASCII letters.
_CONFUSABLES: dict[str, str] = {
    # Cyrillic
    "а": "a", "б": "b", "в": "b", "г": "r", "е": "e", "ё": "e", "з": "3", "к": "k", "м": "m",
    "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ш": "w",
    "щ": "w", "ъ": "b", "ь": "b", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "ү": "y", "һ": "h", "ӏ": "l", "ɩ": "i",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v",
    "ο": "o", "π": "n", "ρ": "p", "σ": "o", "ς": "s", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
    "ϲ": "c", "ϳ": "j",
    # Armenian
    "ս": "u", "օ": "o", "ց": "g", "հ": "h", "ո": "n", "ա": "w", "զ": "q", "ք": "p", "ռ": "n",
    "յ": "j", "ե": "t",
    # Latin extensions and IPA
    "ƒ": "f", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g",
    "ɢ": "g", "ʀ": "r", "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ɪ": "i", "ᴊ": "j",
    "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v",
    "ᴡ": "w", "ʏ": "y", "ᴢ": "z", "ŧ": "t", "ƅ": "b", "ɓ": "b", "ɗ": "d", "ƙ": "k", "ƈ": "c",
    "ʋ": "v", "ɵ": "o", "ǝ": "e", "ə": "e", "ɛ": "e", "ɾ": "r", "ʃ": "s",
    # symbols that stand for letters
    "¡": "!", "€": "€", "×": "x",
}  # fmt: skip

# Leetspeak, applied only inside tokens that mix letters with these characters.
_LEET = {
    "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i",
    "|": "i", "+": "t", "€": "e", "¢": "c", "§": "s", "£": "l",
}  # fmt: skip
_LEET_TABLE = str.maketrans(_LEET)
_LEET_CLASS = "0-9@$!|+€¢§£"

_DROP_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Cc", "Cs", "Co", "Cn"})
_KEEP_CONTROLS = frozenset("\n\t\r")
_CHAR_CACHE: dict[str, str] = {}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CHAR_CACHE_LIMIT = 200_000

# A token that has a leet character next to a letter; the lookbehind anchors token starts.
_MIXED_TOKEN = re.compile(
    rf"(?<![^\s(\[\"'])(?=[^\s]*?(?:[a-z][{_LEET_CLASS}]|[{_LEET_CLASS}][a-z]))[^\s]+"
)
# Cheap first test: a leet character touching a letter, ignoring "word!" at a sentence end.
_LEET_GATE = re.compile(r"[a-z][0-9@$|+€¢§£]|[a-z]![a-z0-9]|[0-9@$!|+€¢§£][a-z]")
_EDGE_PUNCT = re.compile(r"^([(\[\"'“‘]*)(.*?)([.,;:!?)\]\"'”’]*)$", re.S)
# Numbers with units or ordinals ("5pm", "3rd", "$5bn", "10km", "1990s") are not leetspeak.
_NUMBER_WITH_UNIT = re.compile(
    r"[$€£#]?\d[\d.,:/]*(?:st|nd|rd|th|s|am|pm|k|m|bn|b|km|kg|kmh|mm|cm|ft|lb|lbs|mph|kph|mb|gb|tb"
    r"|hz|khz|mhz|ghz|mg|ml|g|l|kw|mw|gw|v|w|x|p|h|hr|hrs|min|yo|mins|secs|d|c|f|%)?(?:[x×]\d+)?"
)
# Weapon, aircraft and product codes ("f16", "a320", "mig29") hold digits that are no letters.
_MODEL_CODE = re.compile(r"[a-z]{1,5}-?\d*[2689]\d*|[a-z]{1,3}-?\d")
_SPLIT_LETTERS = re.compile(
    rf"(?<![a-z0-9'’])[a-z{_LEET_CLASS}]"
    rf"(?P<sep>[ \t]{{1,2}}|[ \t]?[.\-_*/~·•+][ \t]?)[a-z{_LEET_CLASS}]"
    rf"(?:(?P=sep)[a-z{_LEET_CLASS}])+(?![a-z0-9])"
)
_STRETCH = re.compile(r"([a-z])\1\1+")


@dataclass(frozen=True, slots=True)
class Normalized:
    """A folded text with the original index of each of its characters."""

    original: str
    text: str
    _offsets: tuple[int, ...] | None  # None: identity (nothing was inserted or removed)
    leet: bool = False
    joined: bool = False
    stretched: bool = False
    # Folded indices of the second letter of each squeezed run ("fuuuuck" -> "fuuck": the 2nd u),
    # so the lexicon can also try the run as a single letter without touching real doubles.
    squeezed: frozenset[int] = frozenset()

    @property
    def offsets(self) -> Sequence[int]:
        if self._offsets is None:
            return range(len(self.text))
        return self._offsets

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that folded characters ``start:end`` came from."""
        n = len(self.text)
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        offsets = self.offsets
        if start == end:
            at = offsets[start] if start < n else len(self.original)
            return at, at
        lo, hi = offsets[start], offsets[end - 1] + 1
        # Take in marks and invisibles that were dropped right after the last character.
        original = self.original
        while hi < len(original) and unicodedata.category(original[hi]) in _DROP_CATEGORIES:
            hi += 1
        return lo, hi


def fold_leet(token: str) -> str:
    return token.translate(_LEET_TABLE)


def _fold_char(ch: str) -> str:
    folded = _CHAR_CACHE.get(ch)
    if folded is not None:
        return folded
    parts: list[str] = []
    for c in unicodedata.normalize("NFKD", ch):
        category = unicodedata.category(c)
        if category in _DROP_CATEGORIES and c not in _KEEP_CONTROLS:
            continue
        if category.startswith("Z"):
            parts.append(" ")
            continue
        for lower in c.casefold():
            parts.append(_CONFUSABLES.get(lower, lower))
    folded = "".join(parts)
    if len(_CHAR_CACHE) < _CHAR_CACHE_LIMIT:
        _CHAR_CACHE[ch] = folded
    return folded


def _fold_unicode(text: str) -> tuple[str, list[int]]:
    """Per-character folding for non-ASCII text; one original index per output character."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        if len(folded) == 1:
            out.append(folded)
            offsets.append(i)
        elif folded:
            out.append(folded)
            offsets.extend([i] * len(folded))
    return "".join(out), offsets


def _fold_mostly_ascii(text: str) -> tuple[str, Sequence[int] | None]:
    """Curly quotes and accents are common in English comments; when every non-ASCII character
    folds to exactly one character, one translate keeps the offsets the identity."""
    table: dict[int, str] = {}
    for ch in set(_NON_ASCII.findall(text)):
        folded = _fold_char(ch)
        if len(folded) != 1:
            return _fold_unicode(text)
        table[ord(ch)] = folded
    result = text.translate(table).lower()
    if len(result) != len(text):  # a folded character that lower() expands again
        return _fold_unicode(text)
    return result, None


def _leet_token(match: re.Match[str]) -> str:
    token = match.group()
    edges = _EDGE_PUNCT.match(token)
    if edges is None:
        return token
    lead, core, trail = edges.groups()
    if (
        not core
        or _NUMBER_WITH_UNIT.fullmatch(core)
        or _MODEL_CODE.fullmatch(core)
        or "://" in core
        or "." in core
    ):
        return token  # numbers, model codes, links and e-mail addresses keep their digits
    return lead + core.translate(_LEET_TABLE) + trail


def _join_run(match: re.Match[str]) -> str:
    sep = match.group("sep")
    letters = match.group().replace(sep.strip() or sep, "").replace(" ", "")
    if sum(c.isalpha() for c in letters) < 2:
        return match.group()  # "1 2 3" or "a 1 2": a list, not a spelled word
    return letters.translate(_LEET_TABLE)


def _deletions_to_offsets(
    before: str, after_pieces: list[tuple[int, int, str]], offsets: Sequence[int]
) -> tuple[str, tuple[int, ...]]:
    """Rebuild text and offsets from (start, end, replacement) edits whose replacement characters
    are taken, in order, from the replaced stretch (so each keeps its own original index)."""
    text_parts: list[str] = []
    new_offsets: list[int] = []
    pos = 0
    for start, end, repl in after_pieces:
        text_parts.append(before[pos:start])
        new_offsets.extend(offsets[pos:start])
        # Map each kept character to the first unused position in the stretch holding it.
        j = start
        for c in repl:
            while j < end - 1 and _fold_leet_char(before[j]) != c:
                j += 1
            new_offsets.append(offsets[j])
            j += 1 if j < end - 1 else 0
        text_parts.append(repl)
        pos = end
    text_parts.append(before[pos:])
    new_offsets.extend(offsets[pos:])
    return "".join(text_parts), tuple(new_offsets)


def _fold_leet_char(c: str) -> str:
    return _LEET.get(c, c)


def _edits(pattern: re.Pattern[str], text: str, repl: object) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    for m in pattern.finditer(text):
        new = repl(m) if callable(repl) else m.expand(str(repl))
        if new != m.group():
            edits.append((m.start(), m.end(), new))
    return edits


def normalize(text: str) -> Normalized:
    """Fold ``text`` for matching; see the module docstring for what is undone."""
    offsets: Sequence[int] | None
    if text.isascii():
        folded, offsets = text.lower(), None
    else:
        folded, offsets = _fold_mostly_ascii(text)
    leet = joined = stretched = False

    # Leetspeak keeps lengths, so offsets are untouched.
    if _LEET_GATE.search(folded):
        new = _MIXED_TOKEN.sub(_leet_token, folded)
        leet = new != folded
        folded = new

    edits = _edits(_SPLIT_LETTERS, folded, _join_run)
    if edits:
        joined = True
        folded, offsets = _deletions_to_offsets(
            folded, edits, offsets if offsets is not None else range(len(folded))
        )

    squeezed: frozenset[int] = frozenset()
    edits = _edits(_STRETCH, folded, r"\1\1")
    if edits:
        stretched = True
        # Each run shrinks to two letters: the second lands at start + 1 minus what went before.
        removed, marks = 0, []
        for start, end, _ in edits:
            marks.append(start - removed + 1)
            removed += end - start - 2
        squeezed = frozenset(marks)
        folded, offsets = _deletions_to_offsets(
            folded, edits, offsets if offsets is not None else range(len(folded))
        )

    frozen = None if offsets is None else tuple(offsets)
    return Normalized(
        text, folded, frozen, leet=leet, joined=joined, stretched=stretched, squeezed=squeezed
    )
