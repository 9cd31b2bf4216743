"""The patterns and word lists behind `doxing`: what PII, cue phrases and context look like.

`doxing` runs these detectors and weighs what they find. The log-odds live there, except each
cue phrase's own, which sits next to its pattern. Only `doxing` imports this module; import the
public API (`find_pii`, `doxing_score`, ...) from `doxing`.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# -- cheap gates -------------------------------------------------------------------------------
# Cheap gates (substring tests and first-character scans) decide which detectors can match, so
# a comment without digits, "@" or a cue word costs a few microseconds.
DIGIT = re.compile(r"\d")
DIGITS7 = re.compile(r"\d(?:[\s().\-/]{0,3}\d){6}")
UPPER_ID = re.compile(r"[A-Z]{2}\s?\d\d\s?\d\d|[A-Z]\d{4}[A-Z]")
CUE_WORDS = (
    "(at)", "[at]", "{at}", " dot ", "live", "living", "staying", "address", "work", "leave",
    "kids", "children", "daughter", "son", "visit", "park", "door", "where", "drive", "plate",
    "reg", "tag",
)  # fmt: skip
ID_WORDS = (
    "ssn", "social security", "national", "ni number", "id ", "identity", "passport", "aadha",
    "pan", "teudat", "licen", "codice", "dni", "nie", "personnummer", "bsn", "steuer", "iqama",
    "cnic", "melli",
)  # fmt: skip

# -- phone numbers and e-mail addresses --------------------------------------------------------
# Regions whose national formats a number without a country code is tried in.
REGIONS = ("US", "GB", "FR", "DE", "IQ", "IR", "IL", "IN", "AE", "SA", "EG")
PHONE = re.compile(r"(?<![\w+$€£¥.,/-])(?:\+|00)?\(?\d[\d\s().\-/]{5,20}\d(?![\w%]|[.,]\d)")
THOUSANDS = re.compile(r"\d{1,3}(?:[., ]\d{3})+")
DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
YEARS = re.compile(r"(?:1[89]|20)\d\d(?:\s*[-/–]\s*(?:1[89]|20)\d\d)+")
NOT_PHONE_BEFORE = re.compile(
    r"\b(?:isbn|page|pages|pp?\.|flight|unit|division|brigade|battalion|regiment|route|bus|"
    r"line|case|ref|reference|order|invoice|no\.|number of|population|budget|killed|dead|"
    r"injured|wounded|displaced|refugees|cost|worth|costs|spent|raised)\W{0,3}$",
    _I,
)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
EMAIL_OBFUSCATED = re.compile(
    r"\b[\w.+-]+(?:\s+dot\s+[\w+-]+)*\s*(?:\(at\)|\[at\]|\{at\}|\s+at\s+)\s*(?:[\w-]+\s*(?:\.|\(dot\)|\[dot\]|\s+dot\s+)"
    r"\s*){1,3}(?:com|org|net|edu|gov|uk|fr|de|il|in|ae|ir|io|me|info|ru|sa|iq|eg)\b",
    _I,
)

# -- street addresses, flats and postcodes -----------------------------------------------------
_CAP = r"(?:[A-Z][\w'’.-]*|\d+(?:st|nd|rd|th)|[NSEW]\.?)"
_STREET_TYPES = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|"
    r"Terrace|Way|Close|Crescent|Square|Sq|Highway|Hwy|Parkway|Pkwy|Circle|Trail|Row|Gardens|"
    r"Grove|Mews|Walk|Rise)"
)
ADDRESSES: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
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
UNIT = re.compile(
    r"\b(?:apt|apartment|flat|unit|suite)\.?\s*(?:no\.?\s*|#\s*)?\d{1,3}[A-Za-z]?\b", _I
)
POSTCODE = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[ADLN]|K[SY]|LA|"
    r"M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])\s+\d{5}(?:-\d{4})?)\b"
)

# -- national IDs, card numbers and licence plates ---------------------------------------------
SSN = re.compile(r"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b")
NINO = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b"
)
PAN = re.compile(r"\b[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z]\b")
ID_CUE = re.compile(
    r"\b(?:ssn|social security(?: number| no\.?)?|national (?:id|identity|insurance)(?: card)?"
    r"(?: number| no\.?)?|ni number|id (?:number|no\.?|card)|identity (?:number|card)|"
    r"passport(?: number| no\.?)?|aadhaa?r(?: number| no\.?)?|pan(?: card)?|teudat zehut|"
    r"driver['’]?s licen[cs]e(?: number| no\.?)?|licen[cs]e number|codice fiscale|dni|nie|"
    r"personnummer|bsn|steuer-?id|emirates id|iqama|cnic|national code|melli code)"
    r"(?:\s+(?:is|was|number))?\s*[:#=-]?\s*(?P<id>[A-Z0-9][A-Z0-9 ./-]{4,20}[A-Z0-9])",
    _I,
)
CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
CARD_PREFIX = re.compile(r"(?:4|5[1-5]|2[2-7]|3[47]|3[068]|6011|65|62|35|5[06-9]|6[0-9])")
PLATE = re.compile(
    r"\b(?:[Hh]is|[Hh]er|[Tt]heir|[A-Z][a-z]+['’]s)\s+(?:car['’]s\s+|van['’]s\s+|truck['’]s\s+)?"
    r"(?:licen[cs]e\s+|number\s+|registration\s+)?(?:plate|plates|reg|registration|tag|tags)"
    r"(?:\s+(?:number|no\.?))?\s*(?:is|are|reads|:|=|-)?\s*"
    r"(?P<plate>[A-Z0-9]{1,4}[- ]?[A-Z0-9]{1,4}(?:[- ]?[A-Z0-9]{1,3})?)\b"
)
BARE_PLATE = re.compile(
    r"\b(?:licen[cs]e\s+plate|number\s+plate|plate|registration|reg)(?:\s+(?:number|no\.?))?"
    r"\s*(?:is|reads|:|=|-)?\s*(?P<plate>[A-Z]{1,3}\d{1,4}\s?[A-Z]{2,3}|[A-Z]{2,3}[- ]?\d{3,4}|"
    r"\d[A-Z]{3}\d{3})\b"
)

# -- cue phrases -------------------------------------------------------------------------------
_WHOSE = r"(?:his|her|their)"
# (pattern, log-odds): explicit exposure is strong; everyday phrases only add up with others.
CUES: tuple[tuple[re.Pattern[str], float], ...] = tuple(
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
CUE_GATES: tuple[tuple[str, ...], ...] = (
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
WEAK_CUES = re.compile(r"\bworks?\s+(?:at|in\s+the)\b|\bdrives\s+a\b|\blives\s+(?:in|on)\b", _I)

# -- the comment's context: who, how private, what intent, public or the writer's own ----------
PERSON = re.compile(
    r"\b(?:he|she|his|her|him|hers|they|their|them)\b|\bmy\s+(?:neighbou?r|ex|boss|landlord|"
    r"teacher|colleague|coworker|stalker)\b|\b[A-Z][a-z]+['’]s\s+(?:number|address|phone|email|"
    r"house|home|flat|cell|mobile)\b",
    _I,
)
# A full name right before the details: "Tom Becker, 44 Elm St".
NAME_BEFORE = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+(?:['’]s)?\s*[,:(–-]?\s*$")
PRIVATE = re.compile(
    r"\b(?:home|house|flat|apartment|personal|private|cell|mobile|lives?|living|kids|children|"
    r"wife|husband|daughter|son|family|door|doorstep|neighbou?rs?)\b",
    _I,
)
INTENT = re.compile(
    r"\b(?:visit|show\s+up|go\s+round|call\s+(?:him|her|them)|text\s+(?:him|her|them)|"
    r"email\s+(?:him|her|them)|let\s+(?:him|her|them)\s+know|flood|harass|everyone|spam\s+"
    r"(?:him|her|them)|find\s+(?:him|her|them)|make\s+(?:him|her|them)\s+pay)\b",
    _I,
)
PUBLIC = re.compile(
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
SELF = re.compile(
    r"\b(?:call|text|email|e-mail|contact|reach|message|whatsapp|dm|ring)\s+me\b|\bmy\s+(?:number|"
    r"phone|cell|mobile|email|e-mail|address|whatsapp)\b",
    _I,
)

# -- whose mailbox: generic, institutional or free ---------------------------------------------
GENERIC_MAILBOX = re.compile(
    r"^(?:info|press|media|contact|support|tips?|help|news|office|admin|enquiries|inquiries|"
    r"hello|editor|letters|feedback|webmaster|no-?reply|sales|team|desk|newsdesk|comms|"
    r"communications|pr|hr|jobs|careers|service|services|complaints|secretariat|general|"
    r"reception|mail|postmaster|privacy|legal|abuse|security|donations?|volunteers?|events|"
    r"tickets|bookings|subscriptions|consular|visa|embassy)$",
    _I,
)
INSTITUTIONAL_DOMAIN = re.compile(
    r"(?:\.gov(?:\.[a-z]{2})?|\.gouv\.fr|\.mil|\.int|\.un\.org|europa\.eu|\.police\.uk|"
    r"\.nhs\.uk|\.gc\.ca|\.bund\.de|mfa\.[a-z.]+|\.parliament\.uk)$",
    _I,
)
FREEMAIL = re.compile(
    r"^(?:gmail|googlemail|yahoo|hotmail|outlook|live|msn|aol|icloud|me|protonmail|proton|gmx|"
    r"web|mail|yandex|qq|163|rediffmail|orange|free|wanadoo|btinternet|sky|comcast|verizon|"
    r"t-online|libero|walla|ymail)\.",
    _I,
)
