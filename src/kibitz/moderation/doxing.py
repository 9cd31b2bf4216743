"""Doxing: private personal information about someone, told apart from public information.

Detectors find candidate PII with spans (phone numbers in any country format through
`phonenumbers`, e-mail addresses, street addresses in English, French, German, Spanish, Italian,
Hebrew and Arabic transliterated forms, flats and units, postcodes, SSN-like and national ID
numbers, card numbers that pass Luhn, licence plates tied to a person) and cue phrases ("lives
at", "leaves at 7", "his kids go to", "here's her number"). Each hit then gets a log-odds from
its kind and the comment's context: a person ("he", "her", "my neighbour"), private words
("home", "cell", "wife"), intent ("pay him a visit", "everyone call") raise it; a public
institution (ministry, embassy, hotline, press office, police appeal), the writer's own contact
("call me") and toll-free or shared-cost numbers lower it. Casualty counts, years, dates, times,
prices, percentages, flight and unit numbers never become phone candidates.

Public API
----------
``find_pii(text: str) -> list[PiiHit]``  every candidate with its own confidence in [0, 1].
``doxing_score(text: str) -> tuple[float, list[Span]]``  the comment's doxing probability and
    the spans (rule ``doxing``) of the hits that carry it.
``evaluate_doxing(rows, threshold=THRESHOLD) -> dict[str, float]``  precision, recall, F1 and
    counts over ``{"text", "label"}`` rows (``evalsets/doxing.jsonl``).
``PiiHit(start, end, kind, text, confidence)``; kinds: ``phone``, ``email``,
    ``street_address``, ``national_id``, ``card_number``, ``licence_plate``, ``cue`` and
    ``context`` (an everyday phrase such as "works at" that only supports other evidence).
``THRESHOLD``  the score at or above which a comment counts as doxing on our test set.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType

from kibitz.moderation.doxing_patterns import (
    ADDRESSES,
    BARE_PLATE,
    CARD,
    CARD_PREFIX,
    CUE_GATES,
    CUE_WORDS,
    CUES,
    DATE,
    DIGIT,
    DIGITS7,
    EMAIL,
    EMAIL_OBFUSCATED,
    FREEMAIL,
    GENERIC_MAILBOX,
    ID_CUE,
    ID_WORDS,
    INSTITUTIONAL_DOMAIN,
    INTENT,
    NAME_BEFORE,
    NINO,
    NOT_PHONE_BEFORE,
    PAN,
    PERSON,
    PHONE,
    PLATE,
    POSTCODE,
    PRIVATE,
    PUBLIC,
    REGIONS,
    SELF,
    SSN,
    THOUSANDS,
    UNIT,
    UPPER_ID,
    WEAK_CUES,
    YEARS,
)
from kibitz.moderation.rules import Rule, Span

__all__ = ["THRESHOLD", "PiiHit", "doxing_score", "evaluate_doxing", "find_pii"]

THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class PiiHit:
    start: int
    end: int
    kind: str
    text: str
    confidence: float


# Log-odds per kind of hit and per context signal; the patterns that find them are in
# `doxing_patterns`.
_PHONE_TYPE_LOGIT = {
    PhoneNumberType.MOBILE: 0.5,
    PhoneNumberType.PERSONAL_NUMBER: 0.5,
    PhoneNumberType.FIXED_LINE_OR_MOBILE: 0.3,
    PhoneNumberType.FIXED_LINE: 0.0,
    PhoneNumberType.VOIP: 0.0,
    PhoneNumberType.TOLL_FREE: -2.5,
    PhoneNumberType.PREMIUM_RATE: -1.5,
    PhoneNumberType.SHARED_COST: -1.5,
    PhoneNumberType.UAN: -1.5,
}
_BASE_LOGIT = {
    "phone": -0.9,
    "phone_possible": -1.8,
    "email": -0.8,
    "street_address": -0.6,
    "unit": -1.4,
    "postcode": -1.6,
    "national_id": 1.6,
    "card_number": 1.6,
    "licence_plate": 0.6,
}
_W_PERSON, _W_PRIVATE, _W_INTENT, _W_NAME = 1.2, 0.7, 0.8, 1.2
_W_PUBLIC, _W_SELF, _W_EXTRA_KIND = -2.6, -1.8, 0.6


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _phone_logit(raw: str) -> float | None:
    """Log-odds that a digit run is a personal phone number, or None if it is none at all."""
    digits = sum(c.isdigit() for c in raw)
    if digits < 7 or digits > 15:
        return None
    spaced = raw.strip()
    international = spaced.startswith(("+", "00"))
    if not international and (
        THOUSANDS.fullmatch(spaced) or DATE.fullmatch(spaced) or YEARS.fullmatch(spaced)
    ):
        return None
    if not international and not re.search(r"[\s().\-/]", spaced) and not spaced.startswith("0"):
        return None  # a bare run of digits ("83000000") is a figure, not a number to dial
    candidate = "+" + spaced[2:] if spaced.startswith("00") else spaced
    regions: Iterable[str | None] = (None,) if international else REGIONS
    possible = False
    for region in regions:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            kind = phonenumbers.number_type(number)
            return _BASE_LOGIT["phone"] + _PHONE_TYPE_LOGIT.get(kind, -0.5)
        possible = possible or phonenumbers.is_possible_number(number)
    return _BASE_LOGIT["phone_possible"] if possible else None


def _luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _card(raw: str) -> bool:
    digits = re.sub(r"\D", "", raw)
    return (
        13 <= len(digits) <= 19
        and len(set(digits)) > 1
        and CARD_PREFIX.match(digits) is not None
        and _luhn(digits)
    )


def _email_logit(address: str) -> float:
    local, _, domain = address.replace(" ", "").rpartition("@")
    if GENERIC_MAILBOX.match(local) or INSTITUTIONAL_DOMAIN.search(domain):
        return _BASE_LOGIT["email"] - 2.0
    if FREEMAIL.match(domain):
        return _BASE_LOGIT["email"] + 0.4
    return _BASE_LOGIT["email"]


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


def _any(lower: str, words: Iterable[str]) -> bool:
    return any(w in lower for w in words)


def _id_hits(text: str, lower: str, digits7: bool) -> list[tuple[int, int, str, float]]:
    found: list[tuple[int, int, str, float]] = []
    if _any(lower, ID_WORDS):
        for m in ID_CUE.finditer(text):
            if sum(c.isdigit() for c in m.group("id")) >= 4:
                found.append(
                    (m.start("id"), m.end("id"), "national_id", _BASE_LOGIT["national_id"])
                )
    patterns = ((SSN,) if digits7 else ()) + ((NINO, PAN) if UPPER_ID.search(text) else ())
    for pattern in patterns:
        for m in pattern.finditer(text):
            if not _overlaps(m.start(), m.end(), [(s, e) for s, e, _, _ in found]):
                found.append((m.start(), m.end(), "national_id", _BASE_LOGIT["national_id"]))
    for m in CARD.finditer(text) if digits7 else ():
        if _card(m.group()) and not _overlaps(m.start(), m.end(), [(s, e) for s, e, _, _ in found]):
            found.append((m.start(), m.end(), "card_number", _BASE_LOGIT["card_number"]))
    plates = _any(lower, ("plate", "reg", "tag"))
    # A plate named as someone's is strong; a bare "plate AB12 CDE" needs a person in context.
    for pattern, base in ((PLATE, 0.6), (BARE_PLATE, -0.6)) if plates else ():
        for m in pattern.finditer(text):
            plate = m.group("plate")
            taken = [(s, e) for s, e, _, _ in found]
            if (
                any(c.isdigit() for c in plate)
                and (pattern is PLATE or any(c.isalpha() for c in plate))
                and len(plate.replace(" ", "").replace("-", "")) >= 5
                and not _overlaps(m.start("plate"), m.end("plate"), taken)
            ):
                found.append((m.start("plate"), m.end("plate"), "licence_plate", base))
    return found


def _phone_hits(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str, float]]:
    found: list[tuple[int, int, str, float]] = []
    for m in PHONE.finditer(text):
        start, end = m.start(), m.end()
        raw = m.group()
        if raw.startswith("(") and ")" not in raw:
            start, raw = start + 1, raw[1:]
        if _overlaps(start, end, taken) or NOT_PHONE_BEFORE.search(
            text[max(0, start - 25) : start]
        ):
            continue
        z = _phone_logit(raw)
        if z is not None:
            found.append((start, end, "phone", z))
    return found


def _address_hits(text: str, lower: str) -> list[tuple[int, int, str, float]]:
    found: list[tuple[int, int, str, float]] = []
    spans: list[tuple[int, int]] = []
    for gate, pattern in ADDRESSES:
        if gate and not _any(lower, gate):
            continue
        for m in pattern.finditer(text):
            if not _overlaps(m.start(), m.end(), spans):
                spans.append((m.start(), m.end()))
                found.append((m.start(), m.end(), "street_address", _BASE_LOGIT["street_address"]))
    bonus = 0.4 if found else 0.0  # a flat number or postcode next to a street pins a home
    for pattern, base in ((UNIT, _BASE_LOGIT["unit"]), (POSTCODE, _BASE_LOGIT["postcode"])):
        for m in pattern.finditer(text):
            if not _overlaps(m.start(), m.end(), spans):
                found.append((m.start(), m.end(), "street_address", base + bonus))
    return found


def _candidates(text: str, lower: str) -> list[tuple[int, int, str, float]]:
    """(start, end, kind, log-odds before context) for every PII candidate and cue."""
    digits = DIGIT.search(text) is not None
    digits7 = digits and DIGITS7.search(text) is not None
    found = _id_hits(text, lower, digits7)
    for m in EMAIL.finditer(text) if "@" in text else ():
        found.append((m.start(), m.end(), "email", _email_logit(m.group())))
    obfuscated = _any(lower, ("(at)", "[at]", "{at}", " dot "))
    for m in EMAIL_OBFUSCATED.finditer(text) if obfuscated else ():
        if not _overlaps(m.start(), m.end(), [(s, e) for s, e, _, _ in found]):
            address = re.sub(
                r"\s*(?:\(at\)|\[at\]|\{at\}|\s+at\s+)\s*", "@", m.group(), flags=re.IGNORECASE
            )
            found.append((m.start(), m.end(), "email", _email_logit(address) + 0.3))
    if digits:
        found += _address_hits(text, lower)
    if digits7:
        found += _phone_hits(text, [(s, e) for s, e, _, _ in found])
    for (pattern, base), gate in zip(CUES, CUE_GATES, strict=True):
        for m in pattern.finditer(text) if _any(lower, gate) else ():
            found.append((m.start(), m.end(), "cue", base))
    for m in WEAK_CUES.finditer(text) if _any(lower, ("work", "drive", "live")) else ():
        found.append((m.start(), m.end(), "context", -1.6))
    return found


def _window(text: str, start: int, end: int, pattern: re.Pattern[str], reach: int = 100) -> bool:
    return pattern.search(text, max(0, start - reach), min(len(text), end + reach)) is not None


def find_pii(text: str) -> list[PiiHit]:
    """Every PII candidate and doxing cue in ``text``, with a confidence that weighs its context."""
    lower = text.lower()
    if "@" not in text and not DIGIT.search(text) and not _any(lower, CUE_WORDS):
        return []  # no digit, no "@" and no cue word: nothing to find (the common case)
    candidates = _candidates(text, lower)
    if not candidates:
        return []
    person = PERSON.search(text) is not None
    context = (
        _W_PERSON * person
        + _W_PRIVATE * (PRIVATE.search(text) is not None)
        + _W_INTENT * (INTENT.search(text) is not None)
    )
    hits = []
    for start, end, kind, base in sorted(candidates):
        z = base + context
        if _window(text, start, end, PUBLIC):
            z += _W_PUBLIC
        if not person and _window(text, start, end, SELF):
            z += _W_SELF
        if kind != "cue" and NAME_BEFORE.search(text, max(0, start - 40), start):
            z += _W_NAME  # "Tom Becker, 44 Elm St": a full name right before the details
        hits.append(PiiHit(start, end, kind, text[start:end], _sigmoid(z)))
    return hits


def doxing_score(text: str) -> tuple[float, list[Span]]:
    """The probability that ``text`` exposes someone's private information, with its spans."""
    hits = find_pii(text)
    leading = [h for h in hits if h.kind != "context"]
    if not leading:
        return 0.0, []
    best = max(leading, key=lambda h: h.confidence)
    extra_kinds = min(2, len({h.kind for h in hits}) - 1)
    z = math.log(best.confidence / (1.0 - best.confidence)) + _W_EXTRA_KIND * extra_kinds
    score = _sigmoid(z)
    if score < THRESHOLD / 2:
        return score, []
    spans = [Span(h.start, h.end, Rule.DOXING, h.text, h.kind) for h in leading]
    return score, spans


def evaluate_doxing(
    rows: Iterable[Mapping[str, object]], threshold: float = THRESHOLD
) -> dict[str, float]:
    """Precision, recall and F1 of ``doxing_score >= threshold`` on ``{"text", "label"}`` rows."""
    tp = fp = fn = tn = 0
    for row in rows:
        predicted = doxing_score(str(row["text"]))[0] >= threshold
        actual = bool(row["label"])
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
        tn += not actual and not predicted
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision, "recall": recall, "f1": f1, "threshold": threshold,
        "tp": float(tp), "fp": float(fp), "fn": float(fn), "tn": float(tn),
    }  # fmt: skip
