"""The hand-written word lists behind `lexicon`: what it leaves out or adds, and how it reads hits.

`EXCLUDED` and `SUPPLEMENT` decide which terms `build_lexicon` keeps, `CORE_STEMS` and
`CORE_SUFFIXES` which compounds it adds, and the category sets how the source's categories map to
house rules; `NAME_LIKE`, `IDIOM_AFTER` and `MASK_PREFERENCE` are read while matching. Only
`lexicon` imports this module; `EXCLUDED` stays part of `kibitz.moderation.lexicon`'s API.
"""

from __future__ import annotations

import re

# Reviewed by hand: entries that are ordinary words or names in news prose, or whose folded form
# becomes one. Leaving them to the trained model is cheaper than a false flag on every article
# about swine flu, the Denver Nuggets, sperm whales, the Klan's history or Dick Van Dyke.
EXCLUDED: frozenset[str] = frozenset(
    {
        # numbers, abbreviations, names
        "69", "sixty-nine", "bbc", "bj", "abbie", "bates", "peter", "wang", "weiner", "dyke",
        "focker", "fick", "fuku", "cumming", "dix", "dong", "mong", "c0x", "cox", "l3itch",
        "l3itches", "leitch", "l3i+ch", "l3i + ch", "s_h_i_", "s_h_i_s", "s/h/i/t", "shi", "shis",
        "sh1s", "n1g3r", "niger", "nigers", "shylock", "sambo", "octopussy", "hustler", "nonce",
        # everyday words (tools, animals, food, clothes, places, verbs)
        "hoe", "hoes", "hoar", "coot", "crow", "crows", "swine", "nuggets", "buttermilk",
        "knickers", "knob", "sack", "sheet", "shet", "slag", "slit", "snatch", "tramp", "tart",
        "finger", "forked", "muff", "nip", "puss", "pussy cat", "jigger", "nicker", "spook",
        "spooks", "greaser", "mongrel", "cooties", "scut", "scummy", "dolt", "dipstick", "suck",
        "spunk", "booty", "bender", "flamer", "flamers", "sissy", "twink", "diddle", "cack",
        "ramrod", "pecker", "weenie", "groper", "bondage", "spanking", "loose woman",
        "nut butter", "axe wound", "double pen", "cotton picker", "jim crow", "klan", "kkk",
        "beat off", "go to hell", "mushroom tip", "bastinado", "crotch", "gayest", "gayness",
        # anatomy and medicine as reported in health news
        "anal", "anus", "rectum", "sphincter", "breasts", "sperm", "vulva", "molester",
        # identity words and historical terms that news quotes; the model judges their use
        "homo", "queers", "transvestite", "negro", "negroes", "negroid", "redskin", "cholo",
        "mongoloid", "m0ngoloid", "m0ng0l0id", "gyp", "china virus", "chinese virus",
        # folded variants that land on ordinary words: "f'ed" -> "fed", "4skin" -> "askin"
        "fed", "fer", "askin", "jerk", "sobs", "nobs", "craps", "lesbos",
    }
)  # fmt: skip

# Common swearing that the source list lacks as a bare word (it only has variants such as
# "d1ck" or "pissoff"): (term, severity, category).
SUPPLEMENT: tuple[tuple[str, float, str], ...] = (
    ("dick", 1.4, "sexual anatomy / sexual acts"),
    ("piss", 1.2, "bodily fluids / excrement"),
    ("pissed", 1.0, "bodily fluids / excrement"),
    ("pissing", 1.2, "bodily fluids / excrement"),
    ("crap", 1.0, "bodily fluids / excrement"),
    ("crappy", 1.0, "bodily fluids / excrement"),
    ("damn", 1.0, "religious offense"),
    ("damned", 1.0, "religious offense"),
    ("porn", 1.4, "sexual anatomy / sexual acts"),
    ("a-hole", 1.6, "other / general insult"),
    ("ahole", 1.6, "other / general insult"),
    ("wtf", 1.4, "other / general insult"),
    ("ffs", 1.2, "other / general insult"),
    ("turd", 1.2, "bodily fluids / excrement"),
    ("motherfucking", 2.8, "other / general insult"),
)

# Compounds readers build from the strongest stems ("fuckwits", "shitstorm"); the source list
# has only some of them, and none of these is an ordinary English word.
CORE_STEMS = ("fuck", "shit", "cunt", "twat", "wank", "piss", "bitch", "bullshit", "motherfuck")
CORE_SUFFIXES = (
    "s", "ed", "er", "ers", "ing", "in", "y", "wit", "wits", "head", "heads", "face", "faces",
    "hole", "holes", "stain", "stains", "bag", "bags", "show", "storm", "tard", "tards", "ty",
    "tier", "tiest", "es",
)  # fmt: skip

RACISM_CATEGORIES = frozenset({"racial / ethnic slurs", "political"})
VULGAR_CATEGORIES = frozenset({"sexual anatomy / sexual acts", "bodily fluids / excrement"})
# "sexual orientation / gender" also tags "bitch" and "slut"; only these canonical forms are
# slurs against an identity (the rest stay profanity and vulgarity).
IDENTITY_SLURS = frozenset(
    {
        "faggot", "dyke", "homosexual", "lesbian", "shemale", "tranny", "ladyboy", "queer",
        "fudge packer", "carpet muncher", "pillow biter", "flamer", "gay", "girlyboy",
        "peter puffer", "pedophile", "bender", "polesmoker",
    }
)  # fmt: skip
# Bare words that are also first names or surnames: "Dick Cheney", "Moby Dick".
NAME_LIKE = frozenset({"dick", "dicks"})
# Idioms that contain a slur's spelling: "a chink in the armour".
IDIOM_AFTER = {
    "chink": re.compile(r"s? in (?:the|his|her|their|its|our|your|my) armou?r"),
    "cock": re.compile(r" (?:pheasants?|sparrows?|robins?|birds?|fights?|fighting)\b"),
}

# Masked words ("s**t") fit several terms; readers mean the everyday ones, in this order.
MASK_PREFERENCE = (
    "fuck", "shit", "fucking", "fucker", "fucked", "motherfucker", "bullshit", "cunt", "bitch",
    "asshole", "ass", "dick", "cock", "piss", "crap", "damn", "whore", "slut", "twat", "prick",
    "bastard", "wanker", "pussy", "nigger", "faggot",
)  # fmt: skip
