"""Spam behaviour signals and their combination with the content model's probability.

The content model (trained on the SMS and YouTube spam sets, see ``classifier.py``) judges the
words; these signals judge the behaviour the caller can see: links and where they point,
shouting, contact solicitation ("whatsapp me", "DM for", "earn $500"), the same or nearly the
same text posted again, posting velocity, a brand-new account and reader spam reports.

Near-duplicates are measured as the Jaccard similarity of character 4-gram sets (the quantity
MinHash estimates; with only a few recent texts at hand the exact value is cheaper than
hashing). Shingle sets of recent texts are cached, since the same author's history comes back
with every post.

Public API
----------
``behaviour_signals(text: str, context: Context | None) -> dict[str, float]`` with keys
    ``links``, ``link_domains``, ``suspicious_links``, ``link_share``, ``caps_ratio``,
    ``repeated_punctuation``, ``solicitation``, ``contact_info``, ``near_duplicate``,
    ``posts_last_hour``, ``new_account``, ``spam_reports``.
``combine_spam(content_probability: float, signals: Mapping[str, float]) -> float``
    logistic in the content model's logit plus non-negative weights on the signals, so the
    result never falls when any input rises (`WEIGHTS` documents each term).
``near_duplicate(text: str, recent: Iterable[str]) -> float``  max similarity in [0, 1].
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import urlsplit

from kibitz.moderation.rules import Context

__all__ = ["WEIGHTS", "behaviour_signals", "combine_spam", "near_duplicate"]

_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')\]]+|\b(?:[a-z0-9-]+\.)+(?:com|net|org|info|biz|xyz|top|club|"
    r"ru|cn|tk|ml|ga|cf|gq|io|co|ly|me|site|online|shop|store|click|link|win|bid|loan|pw|cc|ws|"
    r"icu|buzz|cam|rest|work|sbs|cfd|cyou|monster|live|vip)(?:/[^\s<>\"')\]]*)?",
    re.IGNORECASE,
)
_SHORTENERS = frozenset(
    {
        "bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "rebrand.ly",
        "cutt.ly", "shorturl.at", "tiny.cc", "rb.gy", "bl.ink", "s.id", "t.ly", "lnkd.in",
        "shorte.st", "adf.ly", "v.gd", "qr.ae", "tr.im", "clck.ru", "t.me", "wa.me",
    }
)  # fmt: skip
_SUSPICIOUS_TLDS = frozenset(
    "xyz top club tk ml ga cf gq click link win bid loan pw work rest cam buzz icu monster cyou "
    "sbs cfd online site vip".split()
)
# Substrings without which a pattern cannot match: checked first, so clean prose skips the regex.
_TLD_GATE = re.compile(
    r"\.(?:com|net|org|info|biz|xyz|top|club|ru|cn|tk|ml|ga|cf|gq|io|co|ly|me|site|online|shop|"
    r"store|click|link|win|bid|loan|pw|cc|ws|icu|buzz|cam|rest|work|sbs|cfd|cyou|monster|live|vip)"
    r"\b"
)
_CAPS_GATE = re.compile(r"[A-Z]{5}")
_SOLICITATION_WORDS = (
    "whats", "dm ", "inbox", " me", "call now", "telegram", "earn", "make", "$", "work from",
    "click", "check", "subscribe", "visit my", "buy now", "offer", "free ", "act now", "claim",
    " won", "guaranteed", "investment", "sign up", "per ", "a day", "a week",
)  # fmt: skip
_SOLICITATION = re.compile(
    r"\b(?:whats\s?app\s+(?:me|us|now)|dm\s+(?:me|for|us)|inbox\s+me|message\s+me|text\s+me|"
    r"call\s+now|call\s+me|contact\s+me|telegram\s*[:@]|earn\s+(?:\$|£|€|up\s+to|money|\d)|"
    r"make\s+(?:\$|£|€)\s?\d|\$\d[\d,]*\s*(?:per|a|/)\s*(?:day|week|hour|month)|work\s+from\s+home|"
    r"click\s+(?:here|the\s+link|my)|check\s+(?:out\s+)?my\s+(?:channel|page|profile|site|video)|"
    r"subscribe\s+to\s+my|visit\s+my|follow\s+me|buy\s+now|limited\s+offer|free\s+(?:money|gift|"
    r"iphone|bitcoin|crypto)|act\s+now|claim\s+your|you\s+(?:have\s+)?won|guaranteed\s+(?:profit|"
    r"income|returns?)|investment\s+(?:plan|opportunity)|sign\s+up\s+(?:now|here|today))",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.]+|(?:\+|\b00)\d[\d\s-]{7,}\d|\b\d{3,5}[\s-]\d{3}[\s-]?\d{3,4}\b"
)
_REPEATED = re.compile(r"([!?.$*#~])\1{2,}|([\U0001F300-\U0001FAFF\u2600-\u27BF])\2{2,}")
_SPACES = re.compile(r"\s+")
_DIGITS7 = re.compile(r"\d(?:[\s-]?\d){6}")
_LONG_WORD = re.compile(r"[^\W\d_]{5,}")
_MIN_DUPLICATE_CHARS = 24  # "Agreed." twice in a thread is a conversation, not spam

# Log-odds each signal adds to the content model's logit; all non-negative, hence monotone.
# signal name -> (weight, transform of the raw value into its evidence)
WEIGHTS: dict[str, tuple[float, Callable[[float], float]]] = {
    "links": (0.5, lambda v: min(v, 4.0)),
    "suspicious_links": (1.2, lambda v: min(v, 2.0)),
    "link_share": (1.5, lambda v: min(max(v, 0.0), 1.0)),
    "solicitation": (0.9, lambda v: min(v, 3.0)),
    "contact_info": (0.6, lambda v: min(v, 2.0)),
    "caps_ratio": (1.5, lambda v: max(0.0, v - 0.5)),
    "repeated_punctuation": (0.2, lambda v: min(v, 3.0)),
    # 0 below 0.5 similarity, 1 at 0.9, 1.25 for an exact copy: a re-post adds 4.5 to 5.6.
    "near_duplicate": (4.5, lambda v: min(max((v - 0.5) / 0.4, 0.0), 1.25)),
    "posts_last_hour": (1.0, lambda v: min(max(v - 5.0, 0.0) / 5.0, 2.0)),
    "new_account": (0.8, lambda v: min(max(v, 0.0), 1.0)),
    # three distinct readers add 4.8: a clean-looking comment (p = 0.05) ends near 0.87.
    "spam_reports": (1.6, lambda v: min(v, 5.0)),
}


def _domain(url: str) -> str:
    try:
        host = urlsplit(url if "://" in url else "http://" + url).hostname
    except ValueError:  # a malformed bracketed host ("http://[x")
        return ""
    return str(host or "").removeprefix("www.").lower()


def _link_signals(text: str, lower: str) -> dict[str, float]:
    gate = "http" in lower or "www." in lower or _TLD_GATE.search(lower) is not None
    urls: list[str] = _URL.findall(text) if gate else []
    domains = {_domain(u) for u in urls}
    domains.discard("")
    suspicious = sum(
        1 for d in domains if d in _SHORTENERS or d.rsplit(".", 1)[-1] in _SUSPICIOUS_TLDS
    )
    link_chars = sum(len(u) for u in urls)
    return {
        "links": float(len(urls)),
        "link_domains": float(len(domains)),
        "suspicious_links": float(suspicious),
        "link_share": link_chars / len(text) if text else 0.0,
    }


def _caps_ratio(text: str) -> float:
    """Share of the letters in words of five letters or more that stand in ALL-CAPS words, so
    acronyms ("NATO", "EU") and capitals at the start of a sentence are no evidence of shouting."""
    if text.isascii() and not _CAPS_GATE.search(text):
        return 0.0
    words: list[str] = _LONG_WORD.findall(text)
    letters = sum(len(w) for w in words)
    if letters < 10:
        return 0.0
    return sum(len(w) for w in words if w.isupper()) / letters


@functools.lru_cache(maxsize=4096)
def _shingles(text: str) -> frozenset[str]:
    folded = _SPACES.sub(" ", text.lower()).strip()
    if len(folded) < 4:
        return frozenset({folded}) if folded else frozenset()
    return frozenset(folded[i : i + 4] for i in range(len(folded) - 3))


def near_duplicate(text: str, recent: Iterable[str]) -> float:
    """The highest 4-gram Jaccard similarity between ``text`` and any of ``recent``.

    Texts whose lengths differ by more than a factor of three are skipped without shingling:
    their similarity can reach 0.5 only through heavy internal repetition.
    """
    size = len(text.strip())
    if size < _MIN_DUPLICATE_CHARS:
        return 0.0
    candidates = [o for o in recent if size / 3 <= len(o.strip()) <= size * 3]
    if not candidates:
        return 0.0
    mine = _shingles(text)
    best = 0.0
    for other in candidates:
        theirs = _shingles(other)
        if not mine or not theirs:
            continue
        common = len(mine & theirs)
        best = max(best, common / (len(mine) + len(theirs) - common))
        if best == 1.0:
            break
    return best


def behaviour_signals(text: str, context: Context | None) -> dict[str, float]:
    """Behaviour evidence for the spam rule; every value is a non-negative float."""
    lower = text.lower()
    signals = _link_signals(text, lower)
    signals["caps_ratio"] = _caps_ratio(text)
    repeats = not text.isascii() or any(c * 3 in text for c in "!?.$*#~")
    signals["repeated_punctuation"] = (
        float(sum(1 for _ in _REPEATED.finditer(text))) if repeats else 0.0
    )
    solicits = any(w in lower for w in _SOLICITATION_WORDS)
    signals["solicitation"] = float(len(_SOLICITATION.findall(text))) if solicits else 0.0
    contact = "@" in text or _DIGITS7.search(text) is not None
    signals["contact_info"] = float(len(_CONTACT.findall(text))) if contact else 0.0
    ctx = context or Context()
    signals["near_duplicate"] = near_duplicate(text, ctx.recent_texts)
    signals["posts_last_hour"] = float(ctx.posts_last_hour or 0)
    age = ctx.author_age_days
    # 1 for an account less than a day old, fading to 0 at a month; 0 when unknown.
    signals["new_account"] = 0.0 if age is None else min(1.0, max(0.0, (30.0 - age) / 29.0))
    signals["spam_reports"] = float(max(ctx.spam_reports, 0))
    return signals


def combine_spam(content_probability: float, signals: Mapping[str, float]) -> float:
    """Spam probability from the content model and behaviour: sigmoid(logit(p) + evidence)."""
    p = min(max(content_probability, 1e-6), 1.0 - 1e-6)
    z = math.log(p / (1.0 - p))
    for name, (weight, transform) in WEIGHTS.items():
        value = signals.get(name, 0.0)
        if value == value:  # NaN carries no evidence
            z += weight * transform(value)
    return 1.0 / (1.0 + math.exp(-z))
