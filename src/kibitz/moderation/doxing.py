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

from kibitz.moderation.rules import Rule, Span

__all__ = ["THRESHOLD", "PiiHit", "doxing_score", "evaluate_doxing", "find_pii"]

THRESHOLD = 0.5
_REGIONS = ("US", "GB", "FR", "DE", "IQ", "IR", "IL", "IN", "AE", "SA", "EG")
_I = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class PiiHit:
    start: int
    end: int
    kind: str
    text: str
    confidence: float


# -- detectors ---------------------------------------------------------------------------------
# Cheap gates (substring tests and first-character scans) decide which detectors can match, so
# a comment without digits, "@" or a cue word costs a few microseconds.
_DIGIT = re.compile(r"\d")
_DIGITS7 = re.compile(r"\d(?:[\s().\-/]{0,3}\d){6}")
_UPPER_ID = re.compile(r"[A-Z]{2}\s?\d\d\s?\d\d|[A-Z]\d{4}[A-Z]")
_CUE_WORDS = (
    "(at)", "[at]", "{at}", " dot ", "live", "living", "staying", "address", "work", "leave",
    "kids", "children", "daughter", "son", "visit", "park", "door", "where", "drive", "plate",
    "reg", "tag",
)  # fmt: skip
_ID_WORDS = (
    "ssn", "social security", "national", "ni number", "id ", "identity", "passport", "aadha",
    "pan", "teudat", "licen", "codice", "dni", "nie", "personnummer", "bsn", "steuer", "iqama",
    "cnic", "melli",
)  # fmt: skip
_PHONE = re.compile(r"(?<![\w+$€£¥.,/-])(?:\+|00)?\(?\d[\d\s().\-/]{5,20}\d(?![\w%]|[.,]\d)")
_THOUSANDS = re.compile(r"\d{1,3}(?:[., ]\d{3})+")
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_YEARS = re.compile(r"(?:1[89]|20)\d\d(?:\s*[-/–]\s*(?:1[89]|20)\d\d)+")
_NOT_PHONE_BEFORE = re.compile(
    r"\b(?:isbn|page|pages|pp?\.|flight|unit|division|brigade|battalion|regiment|route|bus|"
    r"line|case|ref|reference|order|invoice|no\.|number of|population|budget|killed|dead|"
    r"injured|wounded|displaced|refugees|cost|worth|costs|spent|raised)\W{0,3}$",
    _I,
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_EMAIL_OBFUSCATED = re.compile(
    r"\b[\w.+-]+(?:\s+dot\s+[\w+-]+)*\s*(?:\(at\)|\[at\]|\{at\}|\s+at\s+)\s*(?:[\w-]+\s*(?:\.|\(dot\)|\[dot\]|\s+dot\s+)"
    r"\s*){1,3}(?:com|org|net|edu|gov|uk|fr|de|il|in|ae|ir|io|me|info|ru|sa|iq|eg)\b",
    _I,
)
_CAP = r"(?:[A-Z][\w'’.-]*|\d+(?:st|nd|rd|th)|[NSEW]\.?)"
_STREET_TYPES = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|"
    r"Terrace|Way|Close|Crescent|Square|Sq|Highway|Hwy|Parkway|Pkwy|Circle|Trail|Row|Gardens|"
    r"Grove|Mews|Walk|Rise)"
)
_ADDRESSES: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    zip(
        (
            (),
            (),
            ("rue", "av", "boulevard", "bd", "place", "all", "chemin", "impasse", "quai", "cours",
             "route"),
            ("stra", "str.", "weg", "platz", "allee", "gasse", "damm", "straat", "laan", "gracht",
             "plein", "gata", "vej", "gade"),
            ("calle", "c/", "av", "paseo", "plaza", "carrer", "via", "piazza", "corso", "rua",
             "travessa", "largo", "rehov", "rechov", "sderot"),
            ("building", "bldg", "house", "villa", "no", "number", "#"),
            ("house", "villa", "building", "bldg", "plot", "no"),
        ),
        (
    re.compile(rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:{_CAP}\s+){{1,4}}{_STREET_TYPES}\b\.?"),
    re.compile(
        r"\b\d{1,5}[a-z]?\s+(?!(?:on|in|at|of|the|and|to|from|per)\b)[a-z]{3,15}\s+"
        r"(?:street|st|avenue|ave|road|rd|lane|drive|boulevard|blvd|close|crescent)\b",
        _I,
    ),
    re.compile(
        r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|allée|allee|"
        r"chemin|impasse|quai|cours|route)\s+(?:de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+|d['’])?"
        r"[A-ZÉÈa-zé][\w'’-]+",
        _I,
    ),
    re.compile(
        r"\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|damm|straat|laan|"
        r"gracht|plein|gatan|gata|vej|gade)\s+\d{1,4}[a-z]?\b"
    ),
    re.compile(
        r"\b(?:Calle|C/|Avenida|Avda\.?|Paseo|Plaza|Carrer|Via|Viale|Piazza|Corso|Rua|Travessa|"
        r"Largo|Rehov|Rechov|Sderot)\s+(?:de\s+la\s+|de\s+los\s+|del\s+|de\s+|da\s+|do\s+|dei\s+|"
        r"della\s+)?[A-ZÁÉÍÓÚ][\w'’-]+(?:\s+[A-Z][\w'’-]+)?,?\s*(?:n[ºo°]\.?\s*)?\d{1,4}\b"
    ),
    re.compile(
        r"\b(?:[A-Z][\w'’-]+\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave),?\s+(?:building|bldg|house|"
        r"villa|no\.?|number|#)\s*\d{1,5}[A-Za-z]?\b"
    ),
    re.compile(
        r"\b(?:house|villa|building|bldg|plot|h\.?\s?no)\.?\s*(?:is\s+|no\.?|number|#)?\s*[\d/-]{1,9}"
        r"[a-z]?,?\s*(?:street|st|road|rd|lane|block|sector|alley)\s*(?:no\.?\s*)?\d{1,4}\b",
        _I,
    ),
        ),
        strict=True,
    )
)  # fmt: skip
_UNIT = re.compile(
    r"\b(?:apt|apartment|flat|unit|suite)\.?\s*(?:no\.?\s*|#\s*)?\d{1,3}[A-Za-z]?\b", _I
)
_POSTCODE = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[ADLN]|K[SY]|LA|"
    r"M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])\s+\d{5}(?:-\d{4})?)\b"
)
_SSN = re.compile(r"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b")
_NINO = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b"
)
_PAN = re.compile(r"\b[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z]\b")
_ID_CUE = re.compile(
    r"\b(?:ssn|social security(?: number| no\.?)?|national (?:id|identity|insurance)(?: card)?"
    r"(?: number| no\.?)?|ni number|id (?:number|no\.?|card)|identity (?:number|card)|"
    r"passport(?: number| no\.?)?|aadhaa?r(?: number| no\.?)?|pan(?: card)?|teudat zehut|"
    r"driver['’]?s licen[cs]e(?: number| no\.?)?|licen[cs]e number|codice fiscale|dni|nie|"
    r"personnummer|bsn|steuer-?id|emirates id|iqama|cnic|national code|melli code)"
    r"(?:\s+(?:is|was|number))?\s*[:#=-]?\s*(?P<id>[A-Z0-9][A-Z0-9 ./-]{4,20}[A-Z0-9])",
    _I,
)
_CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
_PLATE = re.compile(
    r"\b(?:[Hh]is|[Hh]er|[Tt]heir|[A-Z][a-z]+['’]s)\s+(?:car['’]s\s+|van['’]s\s+|truck['’]s\s+)?"
    r"(?:licen[cs]e\s+|number\s+|registration\s+)?(?:plate|plates|reg|registration|tag|tags)"
    r"(?:\s+(?:number|no\.?))?\s*(?:is|are|reads|:|=|-)?\s*"
    r"(?P<plate>[A-Z0-9]{1,4}[- ]?[A-Z0-9]{1,4}(?:[- ]?[A-Z0-9]{1,3})?)\b"
)
_WHOSE = r"(?:his|her|their)"
_BARE_PLATE = re.compile(
    r"\b(?:licen[cs]e\s+plate|number\s+plate|plate|registration|reg)(?:\s+(?:number|no\.?))?"
    r"\s*(?:is|reads|:|=|-)?\s*(?P<plate>[A-Z]{1,3}\d{1,4}\s?[A-Z]{2,3}|[A-Z]{2,3}[- ]?\d{3,4}|"
    r"\d[A-Z]{3}\d{3})\b"
)
# (pattern, log-odds): explicit exposure is strong; everyday phrases only add up with others.
_CUES: tuple[tuple[re.Pattern[str], float], ...] = tuple(
    (re.compile(pattern, _I), weight)
    for pattern, weight in (
        (
            r"\b(?:home|house|personal|real|private)\s+address\b|\b(?:his|her|their)\s+address\s+is\b",
            -0.2,
        ),
        (rf"\bhere['’]?s\s+{_WHOSE}\s+(?:number|address|phone|cell|email|e-mail)\b", 0.2),
        (rf"\b{_WHOSE}\s+(?:cell|mobile|personal|private|home)\s+(?:number|phone|no)\b", -0.2),
        (
            rf"\b(?:{_WHOSE}|[a-z]+['’]s)\s+(?:kids?|children|daughters?|sons?)\s+(?:go(?:es)?|attends?)\s+"
            r"(?:to\s+)?",
            -0.2,
        ),
        (
            r"\b(?:he|she|they|[A-Z][a-z]+)\s+(?:usually\s+|always\s+)?leaves?\s+(?:home|"
            r"the\s+house|work|the\s+office|the\s+gym)?\s*(?:every\s+\w+\s+|each\s+\w+\s+)?"
            r"at\s+\d",
            -0.2,
        ),
        (
            r"\b(?:lives|living|staying)\s+(?:at|above|opposite|next\s+door\s+to)\s+(?!home\b|"
            r"risk\b|stake\b|the\s+(?:heart|centre|center|core|mercy|top|bottom|front)\b)",
            -0.2,
        ),
        (r"\bwhere\s+(?:he|she|they)\s+lives?\b", -0.6),
        (
            r"\b(?:pay|give)\s+(?:him|her|them)\s+a\s+visit\b|\bknock\s+on\s+"
            rf"{_WHOSE}\s+door\b|\bshow\s+up\s+at\s+{_WHOSE}\b",
            -0.2,
        ),
        (
            rf"\bparks?\s+{_WHOSE}\s+car\b|\b{_WHOSE}\s+(?:flat|apartment|house)\s+is\s+"
            r"(?:at|on|above|next)\b",
            -0.4,
        ),
    )
)
# Substrings without which each cue above cannot match (checked before running its regex).
_CUE_GATES: tuple[tuple[str, ...], ...] = (
    ("address",),
    ("here",),
    ("cell", "mobile", "personal", "private", "home"),
    ("kid", "child", "daughter", "son"),
    ("leave",),
    ("liv", "stay"),
    ("where",),
    ("visit", "knock", "show up"),
    ("park", "flat", "apartment", "house"),
)
# Everyday phrases that only support other evidence (kind "context"): "works at", "lives in".
_WEAK_CUES = re.compile(r"\bworks?\s+(?:at|in\s+the)\b|\bdrives\s+a\b|\blives\s+(?:in|on)\b", _I)
_PERSON = re.compile(
    r"\b(?:he|she|his|her|him|hers|they|their|them)\b|\bmy\s+(?:neighbou?r|ex|boss|landlord|"
    r"teacher|colleague|coworker|stalker)\b|\b[A-Z][a-z]+['’]s\s+(?:number|address|phone|email|"
    r"house|home|flat|cell|mobile)\b",
    _I,
)
_PRIVATE = re.compile(
    r"\b(?:home|house|flat|apartment|personal|private|cell|mobile|lives?|living|kids|children|"
    r"wife|husband|daughter|son|family|door|doorstep|neighbou?rs?)\b",
    _I,
)
_INTENT = re.compile(
    r"\b(?:visit|show\s+up|go\s+round|call\s+(?:him|her|them)|text\s+(?:him|her|them)|"
    r"email\s+(?:him|her|them)|let\s+(?:him|her|them)\s+know|flood|harass|everyone|spam\s+"
    r"(?:him|her|them)|find\s+(?:him|her|them)|make\s+(?:him|her|them)\s+pay)\b",
    _I,
)
_PUBLIC = re.compile(
    r"\b(?:ministry|minister['’]s\s+office|embassy|embassies|consulate|hotline|helpline|"
    r"lifeline|crisis|suicide|samaritans|emergency|press\s+(?:office|line|desk|team)|spokes\w+|"
    r"switchboard|government|department|agency|council|city\s+hall|town\s+hall|headquarters|"
    r"official|customer\s+(?:service|care)|toll[- ]free|freephone|box\s+office|tickets?|"
    r"bookings?|reservations?|donat\w+|charity|appeal|tip\s*line|crimestoppers|police|"
    r"newsroom|news\s*desk|editor|campaign|constituency\s+office|museum|library|hospital|clinic|"
    r"university|red\s+cross|unhcr|unicef|nhs|parliament|senate|congress|white\s+house|kremlin|"
    r"pentagon|downing\s+street|whitehall|élysée|elysee|capitol|palace|foundation|office\s+hours|"
    r"pennsylvania\s+ave(?:nue)?|official\s+residence|mansion\s+house|knesset|bundestag|"
    r"opening\s+hours|press\s+release|media\s+(?:office|enquiries|inquiries)|public|"
    r"press\s+(?:enquir\w+|inquir\w+)|enquiries|inquiries|treasury|majesty|(?:the|in)\s+court|"
    r"court\s+(?:documents|records|filings?)|undisclosed|statement|law\s+firm|"
    r"(?:law|press|head|lawyer['’]s|company|campaign|party)\s+offices?)\b",
    _I,
)
_SELF = re.compile(
    r"\b(?:call|text|email|e-mail|contact|reach|message|whatsapp|dm|ring)\s+me\b|\bmy\s+(?:number|"
    r"phone|cell|mobile|email|e-mail|address|whatsapp)\b",
    _I,
)
_GENERIC_MAILBOX = re.compile(
    r"^(?:info|press|media|contact|support|tips?|help|news|office|admin|enquiries|inquiries|"
    r"hello|editor|letters|feedback|webmaster|no-?reply|sales|team|desk|newsdesk|comms|"
    r"communications|pr|hr|jobs|careers|service|services|complaints|secretariat|general|"
    r"reception|mail|postmaster|privacy|legal|abuse|security|donations?|volunteers?|events|"
    r"tickets|bookings|subscriptions|consular|visa|embassy)$",
    _I,
)
_INSTITUTIONAL_DOMAIN = re.compile(
    r"(?:\.gov(?:\.[a-z]{2})?|\.gouv\.fr|\.mil|\.int|\.un\.org|europa\.eu|\.police\.uk|"
    r"\.nhs\.uk|\.gc\.ca|\.bund\.de|mfa\.[a-z.]+|\.parliament\.uk)$",
    _I,
)
_FREEMAIL = re.compile(
    r"^(?:gmail|googlemail|yahoo|hotmail|outlook|live|msn|aol|icloud|me|protonmail|proton|gmx|"
    r"web|mail|yandex|qq|163|rediffmail|orange|free|wanadoo|btinternet|sky|comcast|verizon|"
    r"t-online|libero|walla|ymail)\.",
    _I,
)
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
_NAME_BEFORE = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+(?:['’]s)?\s*[,:(–-]?\s*$")
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
        _THOUSANDS.fullmatch(spaced) or _DATE.fullmatch(spaced) or _YEARS.fullmatch(spaced)
    ):
        return None
    if not international and not re.search(r"[\s().\-/]", spaced) and not spaced.startswith("0"):
        return None  # a bare run of digits ("83000000") is a figure, not a number to dial
    candidate = "+" + spaced[2:] if spaced.startswith("00") else spaced
    regions: Iterable[str | None] = (None,) if international else _REGIONS
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


_CARD_PREFIX = re.compile(r"(?:4|5[1-5]|2[2-7]|3[47]|3[068]|6011|65|62|35|5[06-9]|6[0-9])")


def _card(raw: str) -> bool:
    digits = re.sub(r"\D", "", raw)
    return (
        13 <= len(digits) <= 19
        and len(set(digits)) > 1
        and _CARD_PREFIX.match(digits) is not None
        and _luhn(digits)
    )


def _email_logit(address: str) -> float:
    local, _, domain = address.replace(" ", "").rpartition("@")
    if _GENERIC_MAILBOX.match(local) or _INSTITUTIONAL_DOMAIN.search(domain):
        return _BASE_LOGIT["email"] - 2.0
    if _FREEMAIL.match(domain):
        return _BASE_LOGIT["email"] + 0.4
    return _BASE_LOGIT["email"]


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


def _any(lower: str, words: Iterable[str]) -> bool:
    return any(w in lower for w in words)


def _id_hits(text: str, lower: str, digits7: bool) -> list[tuple[int, int, str, float]]:
    found: list[tuple[int, int, str, float]] = []
    if _any(lower, _ID_WORDS):
        for m in _ID_CUE.finditer(text):
            if sum(c.isdigit() for c in m.group("id")) >= 4:
                found.append(
                    (m.start("id"), m.end("id"), "national_id", _BASE_LOGIT["national_id"])
                )
    patterns = ((_SSN,) if digits7 else ()) + ((_NINO, _PAN) if _UPPER_ID.search(text) else ())
    for pattern in patterns:
        for m in pattern.finditer(text):
            if not _overlaps(m.start(), m.end(), [(s, e) for s, e, _, _ in found]):
                found.append((m.start(), m.end(), "national_id", _BASE_LOGIT["national_id"]))
    for m in _CARD.finditer(text) if digits7 else ():
        if _card(m.group()) and not _overlaps(m.start(), m.end(), [(s, e) for s, e, _, _ in found]):
            found.append((m.start(), m.end(), "card_number", _BASE_LOGIT["card_number"]))
    plates = _any(lower, ("plate", "reg", "tag"))
    # A plate named as someone's is strong; a bare "plate AB12 CDE" needs a person in context.
    for pattern, base in ((_PLATE, 0.6), (_BARE_PLATE, -0.6)) if plates else ():
        for m in pattern.finditer(text):
            plate = m.group("plate")
            taken = [(s, e) for s, e, _, _ in found]
            if (
                any(c.isdigit() for c in plate)
                and (pattern is _PLATE or any(c.isalpha() for c in plate))
                and len(plate.replace(" ", "").replace("-", "")) >= 5
                and not _overlaps(m.start("plate"), m.end("plate"), taken)
            ):
                found.append((m.start("plate"), m.end("plate"), "licence_plate", base))
    return found


def _phone_hits(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str, float]]:
    found: list[tuple[int, int, str, float]] = []
    for m in _PHONE.finditer(text):
        start, end = m.start(), m.end()
        raw = m.group()
        if raw.startswith("(") and ")" not in raw:
            start, raw = start + 1, raw[1:]
        if _overlaps(start, end, taken) or _NOT_PHONE_BEFORE.search(
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
    for gate, pattern in _ADDRESSES:
        if gate and not _any(lower, gate):
            continue
        for m in pattern.finditer(text):
            if not _overlaps(m.start(), m.end(), spans):
                spans.append((m.start(), m.end()))
                found.append((m.start(), m.end(), "street_address", _BASE_LOGIT["street_address"]))
    bonus = 0.4 if found else 0.0  # a flat number or postcode next to a street pins a home
    for pattern, base in ((_UNIT, _BASE_LOGIT["unit"]), (_POSTCODE, _BASE_LOGIT["postcode"])):
        for m in pattern.finditer(text):
            if not _overlaps(m.start(), m.end(), spans):
                found.append((m.start(), m.end(), "street_address", base + bonus))
    return found


def _candidates(text: str, lower: str) -> list[tuple[int, int, str, float]]:
    """(start, end, kind, log-odds before context) for every PII candidate and cue."""
    digits = _DIGIT.search(text) is not None
    digits7 = digits and _DIGITS7.search(text) is not None
    found = _id_hits(text, lower, digits7)
    for m in _EMAIL.finditer(text) if "@" in text else ():
        found.append((m.start(), m.end(), "email", _email_logit(m.group())))
    obfuscated = _any(lower, ("(at)", "[at]", "{at}", " dot "))
    for m in _EMAIL_OBFUSCATED.finditer(text) if obfuscated else ():
        if not _overlaps(m.start(), m.end(), [(s, e) for s, e, _, _ in found]):
            address = re.sub(r"\s*(?:\(at\)|\[at\]|\{at\}|\s+at\s+)\s*", "@", m.group(), flags=_I)
            found.append((m.start(), m.end(), "email", _email_logit(address) + 0.3))
    if digits:
        found += _address_hits(text, lower)
    if digits7:
        found += _phone_hits(text, [(s, e) for s, e, _, _ in found])
    for (pattern, base), gate in zip(_CUES, _CUE_GATES, strict=True):
        for m in pattern.finditer(text) if _any(lower, gate) else ():
            found.append((m.start(), m.end(), "cue", base))
    for m in _WEAK_CUES.finditer(text) if _any(lower, ("work", "drive", "live")) else ():
        found.append((m.start(), m.end(), "context", -1.6))
    return found


def _window(text: str, start: int, end: int, pattern: re.Pattern[str], reach: int = 100) -> bool:
    return pattern.search(text, max(0, start - reach), min(len(text), end + reach)) is not None


def find_pii(text: str) -> list[PiiHit]:
    """Every PII candidate and doxing cue in ``text``, with a confidence that weighs its context."""
    lower = text.lower()
    if "@" not in text and not _DIGIT.search(text) and not _any(lower, _CUE_WORDS):
        return []  # no digit, no "@" and no cue word: nothing to find (the common case)
    candidates = _candidates(text, lower)
    if not candidates:
        return []
    person = _PERSON.search(text) is not None
    context = (
        _W_PERSON * person
        + _W_PRIVATE * (_PRIVATE.search(text) is not None)
        + _W_INTENT * (_INTENT.search(text) is not None)
    )
    hits = []
    for start, end, kind, base in sorted(candidates):
        z = base + context
        if _window(text, start, end, _PUBLIC):
            z += _W_PUBLIC
        if not person and _window(text, start, end, _SELF):
            z += _W_SELF
        if kind != "cue" and _NAME_BEFORE.search(text, max(0, start - 40), start):
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
