"""Word tables for `hate.py`, as regex fragments over normalised, lower-cased text.

Written from general knowledge of how hate speech and its look-alikes are phrased (HateCheck's
functionalities, the Jigsaw identity list, news about wars, militias and religion). Their author
had read the functional suite's templates, and a few entries ("belongs in a zoo", "goes to
ruin") echo them, so that suite's figures are optimistic; `functional_extra` was written first
and is the fairer check. `s?` and friends keep plural and adjective forms in one entry.
"""

from __future__ import annotations

# Protected identities: religion, ethnicity, nationality as a people, race, gender, sexuality,
# disability, migration status.
IDENTITIES: tuple[str, ...] = (
    r"muslims?", r"islam(?:ic)?", r"moslems?", r"jews?", r"jewish", r"judaism", r"arabs?",
    r"arabic", r"iranians?", r"persians?", r"israelis?", r"palestinians?", r"kurds?", r"kurdish",
    r"yazidis?", r"druze", r"shia(?:s|h)?", r"shiites?", r"sunnis?", r"alawites?", r"christians?",
    r"catholics?", r"protestants?", r"hindus?", r"sikhs?", r"buddhists?", r"atheists?",
    r"black(?:s| people| men| women| folks?| person)", r"whites?(?= people| men| women| folks)",
    r"africans?", r"asians?", r"chinese", r"indians?", r"pakistanis?", r"mexicans?", r"latinos?",
    r"latinas?", r"hispanics?", r"somalis?", r"syrians?", r"afghans?", r"iraqis?", r"lebanese",
    r"turks?", r"turkish", r"ukrainians?", r"russians?", r"roma", r"gypsies", r"gypsy",
    r"immigrants?", r"migrants?", r"refugees?", r"asylum seekers?", r"foreigners?", r"gays?",
    r"lesbians?", r"bisexuals?", r"homosexuals?", r"queers?",
    r"trans(?:gender)?(?: people| women| men| person| folks)?", r"women", r"woman", r"girls",
    r"females?", r"disabled(?: people| person)?", r"autistic", r"bosnians?", r"serbs?", r"croats?",
    r"albanians?", r"sudanese", r"nigerians?", r"ethiopians?", r"eritreans?", r"armenians?",
    r"azerbaijanis?", r"georgians?", r"poles", r"romanians?", r"vietnamese", r"koreans?",
    r"japanese", r"filipinos?", r"egyptians?", r"libyans?", r"yemenis?", r"saudis?", r"afghanis?",
    r"bangladeshis?", r"tamils?", r"uyghurs?", r"rohingya", r"tutsis?", r"hutus?", r"chechens?",
    r"circassians?", r"[a-z]+(?:ese|ian|ish|i) (?:people|men|women|families|immigrants)",
    r"deaf people", r"blind people", r"(?:wheelchair|mentally ill) (?:users?|people)",
)  # fmt: skip

# Institutions and non-protected groups: abuse of these is fierce politics, not hate.
NON_PROTECTED: tuple[str, ...] = (
    r"governments?", r"regimes?", r"militias?", r"militiamen", r"militants?", r"army", r"armies",
    r"troops", r"soldiers", r"commanders?", r"generals?", r"officers?", r"forces", r"party",
    r"parties", r"politicians?", r"ministers?", r"ministry", r"parliament", r"mps", r"senators?",
    r"president", r"leaders?", r"leadership", r"officials?", r"police", r"fans", r"supporters",
    r"club", r"team", r"bankers?", r"council", r"media", r"hamas", r"hezbollah", r"idf", r"irgc",
    r"wagner", r"mercenaries", r"isis", r"taliban", r"junta", r"clerics?", r"mullahs", r"state",
    r"embassy", r"lobby", r"settlers?", r"terrorists? groups?", r"networks?", r"channels?",
)  # fmt: skip

DEHUMANISE: tuple[str, ...] = (
    r"vermin", r"rats?", r"cockroach(?:es)?", r"roach(?:es)?", r"parasites?", r"parasitic",
    r"plague", r"(?:a |like a )?disease", r"cancer", r"scum", r"filth", r"sub-?humans?",
    r"savages?", r"animals?", r"pigs?", r"swine", r"apes?", r"monkeys?", r"insects?", r"lice",
    r"leech(?:es)?", r"trash", r"garbage", r"lowest form of life", r"infest\w*", r"breed like",
    r"beasts?", r"belongs? in a zoo", r"mongrels?", r"maggots?", r"rabid dogs?", r"dogs",
)  # fmt: skip

CONTEMPT: tuple[str, ...] = (
    r"disgusting", r"disgust(?:s)? me", r"stupid", r"dirty", r"filthy", r"liars?", r"thieves",
    r"thief", r"criminals?", r"lazy", r"inferior", r"dangerous", r"a danger", r"evil",
    r"primitive", r"backward", r"rapists?", r"worthless", r"useless", r"dumb", r"smelly", r"stink",
    r"ruin(?:s|ing)? everything", r"ruining", r"goes? to ruin", r"pathetic", r"degenerates?",
    r"vile", r"make(?:s)? me sick", r"sick of them", r"are (?:all )?terrorists", r"all the same",
    r"good for nothing", r"cannot be civilised",
)  # fmt: skip

EXCLUDE: tuple[str, ...] = (
    r"(?:don't|do not|dont) belong", r"no place in", r"go back to", r"send (?:them|\w+) back",
    r"kick (?:them |\w+ )?out", r"thrown out", r"throw (?:them |\w+ )?out", r"deport\w*",
    r"not welcome", r"should(?:n't| not) be allowed", r"get (?:them )?out of (?:our|my|this)",
    r"nobody wants", r"no one wants", r"keep (?:them|\w+) out", r"taking over",
    r"better (?:off )?without", r"ban (?:all|them|every)", r"out of our",
)  # fmt: skip

# Elimination and violence wished on people; a threat when aimed at people (`hate._threat`).
ELIMINATE: tuple[str, ...] = (
    r"(?:should|must|need to|ought to|deserve to|deserves to) (?:all )?(?:be )?"
    r"(?:shot|hanged|hung|killed|gassed|burned|burnt|executed|exterminated|lynched|wiped out"
    r"|eliminated|put down|slaughtered|butchered|beheaded|stabbed|harmed|hurt|attacked|die|dead)",
    r"deserves? (?:to die|death|a bullet)", r"wiped? (?:them |\w+ )?out", r"exterminat\w+",
    r"eradicat\w+", r"get rid of", r"gas (?:them|the|all)", r"round (?:them |\w+ )?up",
    r"kill (?:them|all|every|those)", r"(?:should|must) die", r"hang(?:ed)? (?:them|from)",
    r"line them up", r"final solution", r"burn (?:them|down|every)",
)  # fmt: skip

# Threats against a person that need no identity: the reader is the target.
THREATS: tuple[str, ...] = (
    r"(?:we|i) know where you (?:live|work|sleep)",
    r"know (?:which|where) (?:flat|house|school|car)", r"know which \w+ is yours",
    r"would be a shame if", r"shame if something (?:happened|happens)", r"watch your back",
    r"you(?:'ll| will) regret", r"(?:we|i)(?:'ll| will) find you",
    r"accidents (?:happen|can happen)",
    r"(?:end|wind) up in a (?:ditch|box|coffin|grave|body bag)", r"before we are forced",
    r"make you pay", r"(?:put|putting|getting|get) a bullet", r"bullet in",
    r"(?:i|we)(?:'m| am| are|'re)? (?:going to|gonna) (?:kill|shoot|hunt|burn|stab"
    r"|murder|hurt|beat|hang|find)",
    r"(?:i|we)(?:'ll| will| shall) (?:kill|shoot|hunt|burn|stab"
    r"|murder|hurt|beat|hang|come for)", r"i will come (?:for|after)",
    r"(?:somebody|someone) (?:should|needs to|ought to) (?:kill|shoot|stab|hang|put)",
    r"you(?:'re| are) (?:dead|next)", r"sleep with one eye open", r"your days are numbered",
)  # fmt: skip

FIRST_PERSON: tuple[str, ...] = (
    r"(?:i|we) (?:really |just |truly |honestly |all |still )?"
    r"(?:hate|htae|hte|haet|h8|ihate|despise|loathe|detest|can't stand|cannot stand|cant stand)",
    r"ihate", r"hate(?! crimes?| speech| groups?| mail| preachers?)", r"hated", r"hating",
    r"despise", r"loathe", r"detest", r"can't stand any of them",
    r"sick of (?:all )?(?:these|those|the)",
)  # fmt: skip

# Good qualities: denying them to a group ("never smart", "can't be trusted") is hostile.
POSITIVE: tuple[str, ...] = (
    r"smart", r"intelligent", r"trusted", r"trustworthy", r"be trusted", r"honest", r"as good as",
    r"real citizens?", r"equals?", r"civilised", r"civilized", r"capable", r"decent",
    r"worth anything", r"an honest day's work",
)  # fmt: skip

NEGATORS: tuple[str, ...] = (
    r"not", r"no", r"never", r"don't", r"doesn't", r"didn't", r"isn't", r"aren't", r"wasn't",
    r"weren't", r"can't", r"cannot", r"won't", r"wouldn't", r"shouldn't", r"nobody", r"no one",
    r"dont", r"doesnt", r"didnt", r"isnt", r"arent", r"cant", r"wont", r"nothing", r"none", r"nor",
    r"stop",
)  # fmt: skip

# Frames that report or quote others' words; they need condemnation or quotes to count.
FRAMES: tuple[str, ...] = (
    r"saying", r"to say", r"calling", r"to call", r"claiming", r"statements? like",
    r"comments? like", r"people who (?:say|write|think|call|post)",
    r"if you (?:think|say|believe)", r"anyone who (?:says|writes|thinks)",
    r"called (?:them|us|me|him|her)", r"the word", r"words like", r"chanting", r"chanted",
    r"shouting", r"shouted", r"wrote", r"said",
)  # fmt: skip

# Frames that are counter-speech or reported abuse by themselves.
STRONG_FRAMES: tuple[str, ...] = (
    r"stop (?:saying|calling|using|spreading|posting)",
    r"(?:i|we) (?:was|were|got|get|am|are) called", r"kept calling", r"(?:was|were) called an? ",
    r"is (?:a )?slur", r"hate speech",
)  # fmt: skip

CONDEMN: tuple[str, ...] = (
    r"racis[mt]\w*", r"bigot\w*", r"hate speech", r"hateful", r"disgusting", r"wrong", r"shameful",
    r"ashamed", r"slurs?", r"unacceptable", r"no place", r"banned", r"ban", r"the problem",
    r"vile", r"offensive", r"not ok", r"won't stand", r"scandal", r"condemn\w*", r"despicable",
    r"appalling", r"bigotry", r"xenophob\w*", r"islamophob\w*", r"antisemit\w*", r"homophob\w*",
    r"sexis[mt]\w*", r"fired", r"reported", r"should be ashamed",
)  # fmt: skip

# Person words that make elimination talk a threat even without an identity.
PERSONS: tuple[str, ...] = (
    r"you", r"your", r"him", r"her", r"them", r"journalists?", r"reporters?", r"writer", r"author",
    r"this guy", r"this man", r"this woman", r"people", r"everyone", r"anyone",
)  # fmt: skip


def misspellings(words: tuple[str, ...], shortest: int = 6) -> tuple[str, ...]:
    """One-edit variants (a letter dropped, two swapped, one doubled) of the plain words.

    Readers misspell hostile words to dodge filters ("vremin", "disgustng"); short words are
    left alone because their one-edit variants are too often other real words.
    """
    variants: set[str] = set()
    for word in words:
        if not word.isalpha() or len(word) < shortest:
            continue
        for i in range(len(word)):
            variants.add(word[:i] + word[i + 1 :])
            variants.add(word[:i] + word[i] + word[i:])
            if i + 1 < len(word):
                variants.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    return tuple(sorted(variants - set(words)))


MISSPELLABLE: tuple[str, ...] = (
    "vermin",
    "parasites",
    "cockroaches",
    "subhuman",
    "savages",
    "animals",
    "disgusting",
    "inferior",
    "criminals",
    "filthy",
    "worthless",
    "degenerates",
    "primitive",
)  # fmt: skip

# Slurs for identities, as used (the lexicon holds the general swear list): a slur outside quotes
# names a group and attacks it in one word. "bitch" and "retard" are left to profanity.
SLURS: tuple[str, ...] = (
    r"niggers?", r"niggas?", r"sand ?niggers?", r"kikes?", r"yids?", r"towel ?heads?",
    r"rag ?heads?", r"camel ?jockeys?", r"wetbacks?", r"spics?", r"beaners?", r"gooks?",
    r"chinks?(?! in (?:the|his|her|their|its|our|your|my) armou?r)", r"pakis?", r"coons?",
    r"jungle bunn(?:y|ies)", r"faggots?", r"fags", r"trann(?:y|ies)", r"shemales?", r"gypos?",
    r"pikeys?", r"goat ?f[u*]ckers?", r"muzzies?", r"mozzies?", r"zionazis?",
    r"kafirs? (?:dogs?|pigs?)",
)  # fmt: skip
