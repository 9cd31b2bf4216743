"""The profanity, vulgarity and slur lexicon, matched on word boundaries of the folded text.

Built from Surge AI's "Obscenity List" (``shared/data/lexicons/surge_profanity_en.csv.gz``):
every entry is folded with `normalize` (so "5h1t" and "sh1t" both become "shit"), words that are
ordinary in news prose are left out (`EXCLUDED`), and the categories become house rules:
racial/ethnic slurs and identity slurs about sexual orientation or gender -> ``racism``; sexual
anatomy/acts and bodily fluids/excrement -> ``vulgarity``; swearing -> ``profanity`` (every
non-racial term is also profanity). Those hand-written lists (`EXCLUDED`, `SUPPLEMENT`, the
category sets) live in `lexicon_terms`.

Matching is a set intersection of the comment's words with the lexicon's (C speed); only when
something may match does a second pass find positions, try the fall-backs that the normaliser's
flags call for (a squeezed run as one letter, "1" as "l", a stray joined "a"), expand masked
words ("f*ck", "c**t", "motherf***er") against terms of the same length and known letters, and
look for multi-word phrases. Word boundaries keep Scunthorpe, assassin, cocktail, Dickens,
therapist, Sussex and their kind clean.

Public API
----------
``build_lexicon(csv_path: Path) -> Lexicon``  read the CSV (plain or gzip) and fold it.
``Lexicon.save(path: Path)`` / ``Lexicon.load(path: Path) -> Lexicon``  JSON, no pickle.
``Lexicon.default() -> Lexicon``  the committed artifact ``artifacts/lexicon.json`` (cached).
``Lexicon.hits(normalized: Normalized) -> list[LexiconHit]``  matches in original offsets.
``Lexicon.find(normalized: Normalized) -> list[Span]``  one `Span` per hit and rule.
``lexicon_signals(hits: Sequence[LexiconHit]) -> dict[str, float]``  features per rule.
``LexiconEntry(term, severity, rules, canonical)``; ``LexiconHit(start, end, text, term,
severity, rules)``; severity is the source's mean rating, 1 (mild) to 3 (severe).
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kibitz.moderation.lexicon_terms import (
    CORE_STEMS,
    CORE_SUFFIXES,
    EXCLUDED,
    IDENTITY_SLURS,
    IDIOM_AFTER,
    MASK_PREFERENCE,
    NAME_LIKE,
    RACISM_CATEGORIES,
    SUPPLEMENT,
    VULGAR_CATEGORIES,
)
from kibitz.moderation.normalize import Normalized, normalize
from kibitz.moderation.rules import Rule, Span

__all__ = [
    "DEFAULT_PATH",
    "EXCLUDED",
    "Lexicon",
    "LexiconEntry",
    "LexiconHit",
    "build_lexicon",
    "lexicon_signals",
]

DEFAULT_PATH = Path(__file__).parent / "artifacts" / "lexicon.json"
FORMAT_VERSION = 1

_WORDS = re.compile(r"[a-z]+")
_TOKENS = re.compile(r"[a-z*#_]*[a-z][a-z*#_]*")
_MASK = re.compile(r"[*#_]")
_MASK_CHARS = "*#_"
_PHRASE_SEP = re.compile(r"[\s\-_]+")
_LEET_I = frozenset("1|!")
_SEVERITY_MIN, _SEVERITY_MAX = 1.0, 3.0


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    term: str  # folded form, words separated by one space
    severity: float  # 1 (mild) .. 3 (severe), the source's mean rating
    rules: tuple[Rule, ...]
    canonical: str


@dataclass(frozen=True, slots=True)
class LexiconHit:
    start: int  # original offsets
    end: int
    text: str  # as the reader typed it
    term: str
    severity: float
    rules: tuple[Rule, ...]


def _rules_for(categories: Iterable[str], canonicals: Iterable[str]) -> tuple[Rule, ...]:
    cats = set(categories)
    rules: list[Rule] = []
    slur = bool(cats & RACISM_CATEGORIES) or (
        "sexual orientation / gender" in cats and bool(set(canonicals) & IDENTITY_SLURS)
    )
    if slur:
        rules.append(Rule.RACISM)
    if not (cats <= RACISM_CATEGORIES) or not slur:
        rules.append(Rule.PROFANITY)
    if cats & VULGAR_CATEGORIES:
        rules.append(Rule.VULGARITY)
    return tuple(rules)


def _fold_term(raw: str) -> str:
    folded = normalize(raw.strip()).text
    return " ".join(_PHRASE_SEP.split(folded.replace("'", ""))).strip()


def _read_rows(csv_path: Path) -> list[dict[str, str]]:
    data = csv_path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def build_lexicon(csv_path: Path) -> Lexicon:
    """Fold the source list into a `Lexicon`, dropping `EXCLUDED` words."""
    merged: dict[str, LexiconEntry] = {}

    def add(raw: str, severity: float, categories: list[str], canonicals: list[str]) -> None:
        if raw.strip().lower() in EXCLUDED:
            return
        term = _fold_term(raw)
        if not term or term in EXCLUDED or not re.fullmatch(r"[a-z]+(?: [a-z]+)*", term):
            return
        rules = _rules_for(categories, canonicals)
        old = merged.get(term)
        if old is not None:
            rules = tuple(r for r in Rule if r in set(old.rules) | set(rules))
            severity = max(severity, old.severity)
        merged[term] = LexiconEntry(term, severity, rules, canonicals[0] if canonicals else term)

    for row in _read_rows(csv_path):
        categories = [row[k] for k in ("category_1", "category_2", "category_3") if row.get(k)]
        canonicals = [
            row[k].strip().lower()
            for k in ("canonical_form_1", "canonical_form_2", "canonical_form_3")
            if row.get(k)
        ]
        add(row["text"], float(row["severity_rating"] or 1.0), categories, canonicals)
    for raw, severity, category in SUPPLEMENT:
        add(raw, severity, [category], [raw])
    _add_inflections(merged)
    return Lexicon(merged.values())


def _add_inflections(merged: dict[str, LexiconEntry]) -> None:
    """Plurals of single words and compounds of the core stems, unless listed or excluded."""
    extra: dict[str, LexiconEntry] = {}
    for term, entry in merged.items():
        if " " in term or term.endswith(("s", "x", "z", "sh", "ch")) or len(term) < 3:
            continue
        extra[term + "s"] = LexiconEntry(term + "s", entry.severity, entry.rules, entry.canonical)
    for stem in CORE_STEMS:
        base = merged.get(stem)
        if base is None:
            continue
        for suffix in CORE_SUFFIXES:
            form = stem + suffix
            extra[form] = LexiconEntry(form, base.severity, base.rules, base.canonical)
    for term, entry in extra.items():
        if term not in merged and term not in EXCLUDED:
            merged[term] = entry


class Lexicon:
    """Folded terms with their severity and rules, indexed for one-pass matching."""

    def __init__(self, entries: Iterable[LexiconEntry]) -> None:
        self.entries: dict[str, LexiconEntry] = {e.term: e for e in entries}
        self._words: dict[str, LexiconEntry] = {}
        phrases: dict[str, LexiconEntry] = {}
        for term, entry in self.entries.items():
            if " " in term:
                phrases[term] = entry
            else:
                self._words[term] = entry
        self._word_keys = frozenset(self._words)
        # A phrase made only of single-word terms is already found word by word; keep the
        # others, keyed by their longest word so the phrase regex runs only when it can match.
        self._phrases: dict[str, LexiconEntry] = {}
        keys: set[str] = set()
        for term, entry in phrases.items():
            parts = term.split(" ")
            if any(p in self._words for p in parts) or max(map(len, parts)) < 4:
                continue
            self._phrases[term] = entry
            keys.add(max(parts, key=len))
        self._phrase_keys = frozenset(keys)
        self._phrase_re = _compile_phrases(self._phrases)
        # Newline-joined words per length, for matching masked words with one regex search.
        by_length: dict[int, list[str]] = {}
        rank = {w: i for i, w in enumerate(MASK_PREFERENCE)}
        for word in sorted(
            self._words,
            key=lambda w: (rank.get(w, len(rank)), self._words[w].canonical != w, w),
        ):
            by_length.setdefault(len(word), []).append(word)
        self._by_length = {n: "\n".join(ws) for n, ws in by_length.items()}

    def __len__(self) -> int:
        return len(self.entries)

    # -- persistence -------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        payload = {
            "format": FORMAT_VERSION,
            "source": "surge-ai/profanity profanity_en.csv, folded by kibitz.moderation.lexicon",
            "terms": [
                {"term": e.term, "severity": e.severity, "rules": [str(r) for r in e.rules],
                 "canonical": e.canonical}
                for e in sorted(self.entries.values(), key=lambda e: e.term)
            ],
        }  # fmt: skip
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(payload, indent=0, ensure_ascii=False) + "\n", "utf-8")

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        payload = json.loads(path.read_text("utf-8"))
        if payload.get("format") != FORMAT_VERSION:
            raise ValueError(f"{path}: unsupported lexicon format {payload.get('format')!r}")
        return cls(
            LexiconEntry(
                t["term"], float(t["severity"]), tuple(Rule(r) for r in t["rules"]), t["canonical"]
            )
            for t in payload["terms"]
        )

    @staticmethod
    def default() -> Lexicon:
        return _default_lexicon()

    # -- matching ----------------------------------------------------------------------------
    def find(self, normalized: Normalized) -> list[Span]:
        return [
            Span(h.start, h.end, rule, h.text, "lexicon")
            for h in self.hits(normalized)
            for rule in h.rules
        ]

    def hits(self, normalized: Normalized) -> list[LexiconHit]:
        text = normalized.text
        words = set(_WORDS.findall(text))
        tricky = (
            normalized.stretched
            or normalized.joined
            or normalized.leet
            or any(c in text for c in _MASK_CHARS)
        )
        need_phrases = not words.isdisjoint(self._phrase_keys)
        if words.isdisjoint(self._word_keys) and not need_phrases and not tricky:
            return []  # the common case: a clean comment costs one findall and one set test
        found: list[LexiconHit] = []
        for m in _TOKENS.finditer(text):
            match = self._match_token(normalized, m.start(), m.group())
            if match is not None:
                start, end, entry = match
                found.append(self._hit(normalized, start, end, entry))
        if need_phrases:
            for m in self._phrase_re.finditer(text):
                entry = self._phrases[" ".join(_PHRASE_SEP.split(m.group()))]
                found.append(self._hit(normalized, m.start(), m.end(), entry))
        found.sort(key=lambda h: (h.start, -h.end))
        return _drop_nested(found)

    def _hit(self, n: Normalized, start: int, end: int, entry: LexiconEntry) -> LexiconHit:
        lo, hi = n.span(start, end)
        return LexiconHit(lo, hi, n.original[lo:hi], entry.term, entry.severity, entry.rules)

    def _match_token(
        self, n: Normalized, start: int, token: str
    ) -> tuple[int, int, LexiconEntry] | None:
        end = start + len(token)
        if _MASK.search(token):
            return self._match_masked(start, token)
        entry = self._words.get(token)
        if entry is not None:
            if token in NAME_LIKE and _looks_like_name(n, start, end):
                return None
            idiom = IDIOM_AFTER.get(token)
            if idiom is not None and idiom.match(n.text, end):
                return None
            return start, end, entry
        if n.stretched:
            single = "".join(c for i, c in enumerate(token, start) if i not in n.squeezed)
            entry = self._words.get(single)
            if entry is not None:
                return start, end, entry
        if n.leet or n.joined:
            entry = self._words.get(_leet_l(n, start, token))
            if entry is not None:
                return start, end, entry
        if n.joined and len(token) > 3 and token[0] in "ai":
            # "a f u c k i n g idiot" joins the article too: "afucking".
            entry = self._words.get(token[1:])
            gap = n.offsets[start + 1] - n.offsets[start]
            if entry is not None and gap > 1:
                return start + 1, end, entry
        return None

    def _match_masked(self, start: int, token: str) -> tuple[int, int, LexiconEntry] | None:
        if token[0] in _MASK_CHARS and token[-1] in _MASK_CHARS:
            stripped = token.strip(_MASK_CHARS)  # "*really*" is emphasis, not a mask
            start += token.index(stripped)
            token = stripped
            if not _MASK.search(token):
                entry = self._words.get(token)
                return None if entry is None else (start, start + len(token), entry)
        letters = sum(c.isalpha() for c in token)
        if len(token) < 3 or letters < 1 or not token[0].isalpha() and letters < 2:
            return None
        pool = self._by_length.get(len(token))
        if pool is None:
            return None
        pattern = "^" + "".join("[a-z]" if c in _MASK_CHARS else c for c in token) + "$"
        m = re.search(pattern, pool, re.M)
        if m is None:
            return None
        return start, start + len(token), self._words[m.group()]


@functools.cache
def _default_lexicon() -> Lexicon:
    return Lexicon.load(DEFAULT_PATH)


def _compile_phrases(phrases: dict[str, LexiconEntry]) -> re.Pattern[str]:
    alternatives = []
    for term in sorted(phrases, key=len, reverse=True):
        parts = term.split(" ")
        # "a-hole" only with its hyphen: "a hole" is ordinary prose.
        sep = r"[\s\-_]+" if min(map(len, parts)) > 1 else "-"
        alternatives.append(sep.join(re.escape(p) for p in parts))
    body = "|".join(alternatives) or "(?!)"
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


def _leet_l(n: Normalized, start: int, token: str) -> str:
    """The token with every "i" that was typed as "1", "|" or "!" read as "l" instead."""
    original, offsets = n.original, n.offsets
    return "".join(
        "l" if c == "i" and original[offsets[i]] in _LEET_I else c
        for i, c in enumerate(token, start)
    )


def _looks_like_name(n: Normalized, start: int, end: int) -> bool:
    """A capitalised word next to another capitalised word: "Dick Cheney", "Moby Dick"."""
    lo, hi = n.span(start, end)
    word = n.original[lo:hi]
    if not word[:1].isupper():
        return False
    before = n.original[max(0, lo - 30) : lo].split()
    after = n.original[hi : hi + 30].split()
    near = (before[-1:] or [""])[0].strip(".,;:"), (after[:1] or [""])[0]
    return any(w[:1].isupper() for w in near) or n.original[hi : hi + 2] in ("'s", "’s")


def _drop_nested(hits: list[LexiconHit]) -> list[LexiconHit]:
    kept: list[LexiconHit] = []
    for hit in hits:
        if kept and hit.start >= kept[-1].start and hit.end <= kept[-1].end:
            continue
        kept.append(hit)
    return kept


def lexicon_signals(hits: Sequence[LexiconHit]) -> dict[str, float]:
    """Per rule: ``lexicon_<rule>`` (the worst severity scaled to [0, 1], 0 when absent) and
    ``lexicon_hits`` (how many matches)."""
    signals = {f"lexicon_{r}": 0.0 for r in (Rule.PROFANITY, Rule.VULGARITY, Rule.RACISM)}
    for hit in hits:
        scaled = 0.5 + 0.5 * (hit.severity - _SEVERITY_MIN) / (_SEVERITY_MAX - _SEVERITY_MIN)
        for rule in hit.rules:
            key = f"lexicon_{rule}"
            signals[key] = max(signals[key], scaled)
    signals["lexicon_hits"] = float(len(hits))
    return signals
