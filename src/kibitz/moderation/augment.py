"""Extra training rows against identity bias and for news context.

Why: in public toxicity data, identity words ("Muslim", "gay", "Jewish") and war words
("strike", "killed", "militia") occur far more often in toxic comments than in clean ones, so a
model learns the word instead of the attack. Dixon et al. (2018, "Measuring and Mitigating
Unintended Bias in Text Classification") showed that adding non-toxic sentences that use the
identity terms, until each term is roughly balanced across labels, lowers the false positives on
identity mentions (the BPSN AUC in `bias.py`) without hurting overall AUC. A news site needs the
same for reporting on violence: "the strike killed one militant" is conversation, not a threat.

So most rows here are clean for every rule: neutral and positive identity mentions, and news-style
sentences about strikes, militias, attacks and casualties (some naming identities too). A smaller
share are clearly hateful or threatening sentences aimed at identities, so the identity words also
appear on the positive side and the model keeps its recall on real attacks.

Every template here is disjoint from the evaluation templates in `bias.py` and the functional suite
(a test checks both the templates and the rendered texts), so training on these rows does not teach
to the test. Rows are sampled deterministically from the seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from kibitz.moderation.bias import IDENTITIES, Identity
from kibitz.moderation.rules import Rule

HEADS = ("toxic", "identity_hate", "threat", "insult")
LABEL_KEYS: tuple[str, ...] = (*(rule.value for rule in Rule), *HEADS)


@dataclass(frozen=True, slots=True)
class AugRow:
    text: str
    labels: dict[str, int]  # every key in LABEL_KEYS: rule names and raw heads, 0 or 1
    kind: str = field(default="")  # identity_clean, news, identity_news, hateful, threat


# More identity surface forms than the bias templates use, so the model sees the terms broadly.
EXTRA_IDENTITIES: tuple[Identity, ...] = (
    Identity("kurdish", "a Kurd", "Kurds", "Kurdish"),
    Identity("syrian", "a Syrian", "Syrians", "Syrian"),
    Identity("yemeni", "a Yemeni", "Yemenis", "Yemeni"),
    Identity("lebanese", "a Lebanese person", "Lebanese people", "Lebanese"),
    Identity("afghan", "an Afghan", "Afghans", "Afghan"),
    Identity("sikh", "a Sikh", "Sikhs", "Sikh"),
    Identity("buddhist", "a Buddhist", "Buddhists", "Buddhist"),
    Identity("mexican", "a Mexican", "Mexicans", "Mexican"),
    Identity("bisexual", "a bisexual person", "bisexual people", "bisexual"),
    Identity("deaf", "a deaf person", "deaf people", "deaf"),
)
AUG_IDENTITIES: tuple[Identity, ...] = IDENTITIES + EXTRA_IDENTITIES

IDENTITY_CLEAN = (
    "As {one}, I think the government got this one wrong.",
    "As {one} living near the base, I heard the drones every night.",
    "I'm {one} and I've been reading this paper for twenty years.",
    "Speaking as {one}: this article was fair.",
    "My {adj} coworkers organised a fundraiser for the victims.",
    "{many} in our town volunteer at the food bank every week.",
    "My grandmother was {one} who survived the war.",
    "Our {adj} students won the regional debate championship.",
    "{many} are not responsible for what any government does.",
    "Blaming all {many} for one attack is wrong.",
    "I stand with my {adj} neighbours tonight.",
    "{adj} voters will decide this election in several states.",
    "The poll asked {many} what they thought of the ceasefire.",
    "{adj} doctors treated the wounded for free.",
    "Being {one} shouldn't make you a suspect at the airport.",
    "My daughter married {one} last spring and we couldn't be happier.",
    "{many} have served in our armed forces for generations.",
    "I'm {one}, and I condemn the attack without reservation.",
    "{adj} journalists have been killed covering this war.",
    "The city hired {adj} translators to help at the shelter.",
    "{many} pay taxes, vote and raise families here like everyone else.",
    "There's nothing controversial about being {one}.",
    "The new exhibit tells the stories of {adj} soldiers in two world wars.",
    "My best man at my wedding was {one}.",
    "{adj} shop owners on Main Street closed early for the vigil.",
    "Are {many} safe in this city? The police say hate crimes are up.",
    "Why do people assume every {adj} family thinks the same way?",
    "{many} disagree with each other about this war as much as anyone.",
    "Hate crimes against {many} rose last year, the report found.",
    "Several {adj} leaders met the president on Tuesday.",
)

IDENTITY_NEWS = (
    "{adj} residents of {place} fled as the shelling intensified.",
    "The gunman who attacked {adj} worshippers in {place} was sentenced to life.",
    "{many} were among the {n} people killed in the blast, officials said.",
    "{adj} community groups in {place} condemned the killing of the journalist.",
    "{many} in {place} buried their dead after the strike on Tuesday night.",
    "Two {adj} aid workers were wounded when the convoy near {place} came under fire.",
)

NEWS = (
    "{actor} said its strike near {place} killed {n} militants.",
    "{group} claimed responsibility for the drone attack on the base near {place}.",
    "At least {n} people were killed when a car bomb exploded in {place}, officials said.",
    "The militia vowed revenge after {n} of its fighters were killed near {place}.",
    "Witnesses in {place} described hearing explosions for about an hour.",
    "Rescue workers pulled {n} bodies from the rubble in {place}.",
    "The trial of the man accused of planning the {place} bombing begins next week.",
    "{group} fighters shelled positions outside {place} overnight.",
    "Is there any evidence the strike on {place} actually degraded {group}?",
    "I hope the wounded in {place} recover fully.",
    "My cousin in {place} says the shelling has not stopped for three days.",
    "Why did it take {n} attacks before anyone responded?",
    "The hostages taken by {group} must be released.",
    "Airstrikes on {place} destroyed a warehouse that {actor} said stored drones.",
    "{actor} and {group} have traded fire near {place} for weeks.",
    "Funerals were held in {place} for the {n} people killed in the attack.",
    "The assassination of a commander in {place} raised fears of a wider war.",
    "Sirens sounded in {place} as rockets were fired from the north.",
    "Analysts say {group} has lost about {n} fighters since the campaign began.",
    "The UN counted {n} civilian casualties in {place} last month.",
    "Veterans who fought in {place} say the war changed them forever.",
    "{group} is a brutal militia and {actor} was right to target its launch sites.",
    "A suicide bomber killed {n} people at a checkpoint outside {place}.",
    "The massacre in {place} must be investigated by an independent court.",
)

HATEFUL = (
    "{many} are a stain on this country.",
    "Deport every last one of the {many}.",
    "{many} are born criminals.",
    "I can't stand {many}, they're all the same filth.",
    "{many} are parasites living off the rest of us.",
    "Keep {many} out of our schools, they corrupt everything.",
    "{many} don't deserve to be treated like human beings.",
    "Typical {adj} behaviour, lying and cheating as always.",
    "{many} are genetically inferior.",
    "Nobody should hire {one}, they are useless.",
    "{many} are a curse on this nation.",
    "This country was better before the {many} showed up.",
)

THREAT = (
    "We're going to hunt down the {many} one by one.",
    "Someone should shoot the {many} at the border.",
    "{many} deserve a bullet, every single one.",
    "I'll bomb the next gathering of {many} I see.",
    "Line the {many} up against a wall.",
    "If the {many} don't leave, we will make them bleed.",
    "Death to all {many}.",
)

PLACES = (
    "Erbil",
    "Baghdad",
    "Hillah",
    "Gaza City",
    "Khan Younis",
    "Rafah",
    "Kharkiv",
    "Odesa",
    "Sanaa",
    "Hodeidah",
    "Beirut",
    "Damascus",
    "Deir ez-Zor",
    "Ashkelon",
    "Sderot",
    "Mosul",
    "Kabul",
    "Mogadishu",
    "Jenin",
    "Kiryat Shmona",
)
ACTORS = (
    "the US military",
    "Israeli forces",
    "Russian forces",
    "the coalition",
    "Iraqi security forces",
    "Ukrainian forces",
    "the Pentagon",
    "the army",
)
GROUPS = (
    "Kataib Hezbollah",
    "the Houthis",
    "Hamas",
    "Hezbollah",
    "ISIS",
    "the IRGC",
    "al-Shabaab",
    "the Wagner group",
    "the militia",
)
NUMBERS = ("two", "three", "four", "five", "seven", "12", "18", "23", "40")

# At most this many rows of each kind per call: clean rows dominate, as Dixon et al. balance by
# adding non-toxic identity mentions.
QUOTAS = {"identity_clean": 1000, "identity_news": 300, "news": 500, "hateful": 300, "threat": 200}

_LABELS_BY_KIND: dict[str, dict[str, int]] = {
    "identity_clean": {},
    "identity_news": {},
    "news": {},
    "hateful": {"racism": 1, "toxic": 1, "identity_hate": 1, "insult": 1},
    "threat": {"racism": 1, "violence": 1, "toxic": 1, "identity_hate": 1, "threat": 1},
}


def _labels(kind: str) -> dict[str, int]:
    positive = _LABELS_BY_KIND[kind]
    return {key: positive.get(key, 0) for key in LABEL_KEYS}


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _identity_texts(templates: tuple[str, ...]) -> list[str]:
    return [
        _capitalise(t.format(one=i.one, many=i.many, adj=i.adj))
        for t in templates
        for i in AUG_IDENTITIES
    ]


def _news_texts(rng: random.Random, templates: tuple[str, ...], count: int) -> list[str]:
    """``count`` distinct renderings with random slot fillers (fewer if the slots run out)."""
    seen: dict[str, None] = {}
    for _ in range(count * 20):
        if len(seen) >= count:
            break
        template = rng.choice(templates)
        ident = rng.choice(AUG_IDENTITIES)
        text = template.format(
            place=rng.choice(PLACES),
            actor=rng.choice(ACTORS),
            group=rng.choice(GROUPS),
            n=rng.choice(NUMBERS),
            one=ident.one,
            many=ident.many,
            adj=ident.adj,
        )
        seen.setdefault(_capitalise(text), None)
    return list(seen)


def augmentation_rows(seed: int) -> list[AugRow]:
    """A few thousand labelled rows, the same for the same seed, shuffled."""
    rng = random.Random(seed)
    pools: dict[str, list[str]] = {
        "identity_clean": _identity_texts(IDENTITY_CLEAN),
        "identity_news": _news_texts(rng, IDENTITY_NEWS, QUOTAS["identity_news"]),
        "news": _news_texts(rng, NEWS, QUOTAS["news"]),
        "hateful": _identity_texts(HATEFUL),
        "threat": _identity_texts(THREAT),
    }
    rows: list[AugRow] = []
    for kind, texts in pools.items():
        chosen = rng.sample(texts, min(QUOTAS[kind], len(texts)))
        rows.extend(AugRow(text, _labels(kind), kind) for text in chosen)
    rng.shuffle(rows)
    return rows


def template_texts() -> set[str]:
    """The raw template strings, for checks against the evaluation templates."""
    return {*IDENTITY_CLEAN, *IDENTITY_NEWS, *NEWS, *HATEFUL, *THREAT}
