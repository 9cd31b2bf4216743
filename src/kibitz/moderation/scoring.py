"""What training, evaluation and serving share: preparing a text and turning heads into rule scores.

Keeping both steps here means the held-out figures in the model card are computed by exactly the
code that serves comments.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from kibitz.moderation.hate import HateAnalysis, analyse
from kibitz.moderation.normalize import Normalized, normalize
from kibitz.moderation.rules import Rule

# Lexicon hits become dense features: per rule, a log count per severity band.
LEXICON_RULES = (Rule.PROFANITY, Rule.VULGARITY, Rule.RACISM)
SEVERITIES = ("mild", "strong", "severe")
EXTRA_NAMES = tuple(f"lex:{rule.value}:{sev}" for rule in LEXICON_RULES for sev in SEVERITIES)

# The score a lexicon hit alone gives its rule, by severity band: a mild word ("damn", "hell")
# may nudge but never holds on its own, a strong one holds, a severe one is near certain. Set by
# hand from those bands' meaning; obfuscated-profanity recall and civil-news false positives in
# MODEL_CARD.md are measured with them.
SEVERITY_PRIOR = {"mild": 0.55, "strong": 0.9, "severe": 0.97}


class Hit(Protocol):
    """What the lexicon reports per match (`lexicon.LexiconHit`), offsets in the original."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def severity(self) -> float: ...  # 1 (mild) .. 3 (severe)
    @property
    def rules(self) -> tuple[Rule, ...]: ...


class Finder(Protocol):
    def hits(self, normalized: Normalized) -> Sequence[Hit]: ...


@dataclass(frozen=True, slots=True)
class Prepared:
    normalized: Normalized
    hits: tuple[Hit, ...]
    extras: tuple[float, ...]
    hate: HateAnalysis = HateAnalysis()


def severity_band(severity: float) -> str:
    """The source's bands over its mean 1-3 rating (Mild / Strong / Severe)."""
    return "mild" if severity < 1.5 else "strong" if severity < 2.5 else "severe"


_NO_EXTRAS = (0.0,) * len(EXTRA_NAMES)  # log1p(0) for every name: most comments hit nothing


def lexicon_extras(hits: Sequence[Hit]) -> tuple[float, ...]:
    if not hits:
        return _NO_EXTRAS
    counts = dict.fromkeys(EXTRA_NAMES, 0)
    for hit in hits:
        for rule in hit.rules:
            name = f"lex:{rule.value}:{severity_band(hit.severity)}"
            if name in counts:
                counts[name] += 1
    return tuple(math.log1p(counts[name]) for name in EXTRA_NAMES)


def prepare(text: str, lexicon: Finder) -> Prepared:
    normalized = normalize(text)
    hits = tuple(lexicon.hits(normalized))
    return Prepared(normalized, hits, lexicon_extras(hits), analyse(normalized.text))


def lexicon_prior(hits: Sequence[Hit], rule: Rule) -> float:
    priors = [SEVERITY_PRIOR[severity_band(h.severity)] for h in hits if rule in h.rules]
    return max(priors, default=0.0)


def rule_scores(
    heads: Mapping[str, float],
    hits: Sequence[Hit],
    doxing: float,
    spam: float,
    hate: HateAnalysis | None = None,
) -> dict[Rule, float]:
    """Model heads combined with detector evidence, one calibrated score per rule.

    Profanity and vulgarity take the larger of the model and the lexicon prior, because the
    lexicon (over normalised text) is what catches obfuscated swearing the model never saw.
    Racism takes a severe slur the same way: the model learned slurs mostly from tweets.
    Racism and violence are then adjusted by the structure `hate.analyse` found (`_structured`).
    """
    racism = max(heads["racism"], lexicon_prior(hits, Rule.RACISM))
    violence = heads["violence"]
    if hate is not None:
        slur = any(Rule.RACISM in h.rules for h in hits)
        racism, violence = _structured(hate, racism, violence, slur)
    return {
        Rule.VIOLENCE: violence,
        Rule.RACISM: racism,
        Rule.PROFANITY: max(heads["profanity"], lexicon_prior(hits, Rule.PROFANITY)),
        Rule.VULGARITY: max(heads["vulgarity"], lexicon_prior(hits, Rule.VULGARITY)),
        Rule.DOXING: doxing,
        Rule.DISCOURTESY: heads["discourtesy"],
        Rule.SPAM: spam,
    }


# How structure moves the model's racism and violence scores. Lifts sit just above the default
# hold bars (racism 0.6, violence 0.5), caps just below the nudge bars (0.45, 0.35), so a site
# that moves its bars moves with them only as far as it moves past these. Set by reasoning about
# the bars, checked on the functional suite's dev split and on civil news (MODEL_CARD.md).
LIFT = {"racism": 0.7, "violence": 0.75}
CAP = {"racism": 0.4, "violence": 0.3}
# An identity named with no hostile structure, no threat and no slur: the model's score is mostly
# the identity word itself (the bias the Jigsaw competition measured), so it is scaled down.
BENIGN_SCALE = 0.6


def _structured(
    hate: HateAnalysis, racism: float, violence: float, slur: bool
) -> tuple[float, float]:
    if hate.threat:
        violence = max(violence, LIFT["violence"])
        if hate.identity:
            racism = max(racism, LIFT["racism"])
    if hate.hostile:
        racism = max(racism, LIFT["racism"])
    if hate.hostile or hate.threat:
        return racism, violence
    if hate.counter or hate.defused:
        # Negated, quoted or condemned hostility (slurs included): counter-speech is welcome.
        return min(racism, CAP["racism"]), min(violence, CAP["violence"])
    if hate.benign_mention and not slur:
        return racism * BENIGN_SCALE, violence * BENIGN_SCALE
    return racism, violence
