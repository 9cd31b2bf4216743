"""The lexicon: built from the source list, saved as JSON, matched on folded word boundaries."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kibitz.moderation.lexicon import (
    DEFAULT_PATH,
    Lexicon,
    LexiconEntry,
    build_lexicon,
    lexicon_signals,
)
from kibitz.moderation.normalize import normalize
from kibitz.moderation.rules import Rule

EVALSET = Path(__file__).parents[3] / "src/kibitz/moderation/evalsets/obfuscated.jsonl"
CSV_HEADER = (
    "text,canonical_form_1,canonical_form_2,canonical_form_3,category_1,category_2,category_3,"
    "severity_rating,severity_description\n"
)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.default()


def terms(lexicon: Lexicon, text: str) -> list[str]:
    return [h.term for h in lexicon.hits(normalize(text))]


@pytest.mark.parametrize(
    "word",
    "Scunthorpe assassin cocktail Dickens therapist Sussex shiitake grape class Essex Middlesex "
    "Hancock cockpit analysis butterfly passion document Penistone Arsenal shitake title button "
    "Hezbollah Kataib Lesbos Cumming Niger".split(),
)
def test_innocent_words_are_not_flagged(lexicon: Lexicon, word: str) -> None:
    assert terms(lexicon, f"We talked about {word} at length.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Dick Cheney was vice president.",
        "Moby Dick is a long book.",
        "They found a chink in the armour.",
        "There is a hole in the road.",
        "I was fed up with it.",
        "A cock pheasant crossed the road.",
        "18 injured, 2 dead in 2024.",
        "Swine flu and the Denver Nuggets.",
    ],
)
def test_everyday_prose_is_not_flagged(lexicon: Lexicon, sentence: str) -> None:
    assert terms(lexicon, sentence) == []


@pytest.mark.parametrize(
    ("typed", "term"),
    [
        ("f*ck", "fuck"),
        ("f**k", "fuck"),
        ("s**t", "shit"),
        ("c*nt", "cunt"),
        ("motherf***er", "motherfucker"),
        ("sh1t", "shit"),
        ("5h1t", "shit"),
        ("@ss", "ass"),
        ("a$$", "ass"),
        ("ƒuck", "fuck"),
        ("fսck", "fuck"),
        ("ｆｕｃｋ", "fuck"),
        ("f u c k", "fuck"),
        ("f.u.c.k", "fuck"),
        ("fuuuuck", "fuck"),
        ("sh!t", "shit"),
        ("b!tch", "bitch"),
        ("c0ck", "cock"),
        ("d1ck", "dick"),
        ("p0rn", "porn"),
        ("wh0re", "whore"),
        ("a-hole", "a hole"),
        ("assho1e", "asshole"),
        ("shitstorm", "shitstorm"),
    ],
)
def test_obfuscations_are_caught(lexicon: Lexicon, typed: str, term: str) -> None:
    assert terms(lexicon, f"well {typed} indeed") == [term]


def test_hit_spans_point_at_the_original(lexicon: Lexicon) -> None:
    text = "Oh f . u . c . k, that ƒuck-up"
    hits = lexicon.hits(normalize(text))
    assert [text[h.start : h.end] for h in hits] == [h.text for h in hits]
    assert [h.text for h in hits] == ["f . u . c . k", "ƒuck"]


def test_joined_article_is_split_off(lexicon: Lexicon) -> None:
    hits = lexicon.hits(normalize("you are a f u c k i n g idiot"))
    assert [(h.text, h.term) for h in hits] == [("f u c k i n g", "fucking")]


def test_rules_follow_categories(lexicon: Lexicon) -> None:
    by_term = {h.term: h for h in lexicon.hits(normalize("fuck bitch n1gger faggot damn"))}
    assert set(by_term["fuck"].rules) == {Rule.PROFANITY, Rule.VULGARITY}
    assert by_term["bitch"].rules == (Rule.PROFANITY,)
    assert by_term["nigger"].rules == (Rule.RACISM,)
    assert Rule.RACISM in by_term["faggot"].rules
    assert by_term["damn"].rules == (Rule.PROFANITY,)
    assert 1.0 <= by_term["damn"].severity < by_term["nigger"].severity <= 3.0


def test_find_gives_one_span_per_rule(lexicon: Lexicon) -> None:
    spans = lexicon.find(normalize("what the fuck"))
    assert {(s.rule, s.text, s.source) for s in spans} == {
        (Rule.PROFANITY, "fuck", "lexicon"),
        (Rule.VULGARITY, "fuck", "lexicon"),
    }


def test_phrases_match_across_separators(lexicon: Lexicon) -> None:
    assert terms(lexicon, "a total window-licker") == ["window licker"]
    assert terms(lexicon, "a total window licker") == ["window licker"]


def test_build_save_load_round_trip(tmp_path: Path) -> None:
    source = tmp_path / "list.csv.gz"
    rows = [
        "sh1t,shit,,,bodily fluids / excrement,,,1.2,Mild",
        "crow,crow,,,animal references,,,1.0,Mild",  # excluded: an everyday word
        "kike,kike,,,racial / ethnic slurs,,,3.0,Severe",
        "wanker,wank,,,sexual anatomy / sexual acts,other / general insult,,1.8,Strong",
    ]
    source.write_bytes(gzip.compress((CSV_HEADER + "\n".join(rows) + "\n").encode()))
    built = build_lexicon(source)
    assert "shit" in built.entries and "crow" not in built.entries
    assert built.entries["kike"].rules == (Rule.RACISM,)
    assert built.entries["kikes"].severity == 3.0  # plural added
    assert built.entries["shitstorm"].rules == built.entries["shit"].rules
    path = tmp_path / "lexicon.json"
    built.save(path)
    loaded = Lexicon.load(path)
    assert loaded.entries == built.entries
    assert json.loads(path.read_text())["format"] == 1
    assert [h.term for h in loaded.hits(normalize("you w@nker"))] == ["wanker"]


def test_load_rejects_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps({"format": 99, "terms": []}))
    with pytest.raises(ValueError, match="format"):
        Lexicon.load(path)


def test_committed_artifact_matches_the_source() -> None:
    # The checkout's sibling ../shared/data, where training reads it too.
    source = Path(__file__).resolve().parents[3].parent / "shared/data/lexicons"
    source = source / "surge_profanity_en.csv.gz"
    if not source.exists():
        pytest.skip("shared data not mounted")
    assert build_lexicon(source).entries == Lexicon.load(DEFAULT_PATH).entries


def test_signals_scale_severity() -> None:
    lexicon = Lexicon([LexiconEntry("heck", 3.0, (Rule.PROFANITY,), "heck")])
    signals = lexicon_signals(lexicon.hits(normalize("oh heck, heck")))
    assert signals["lexicon_profanity"] == 1.0
    assert signals["lexicon_racism"] == 0.0
    assert signals["lexicon_hits"] == 2.0


def test_evalset_precision_and_recall(lexicon: Lexicon) -> None:
    rows = [json.loads(line) for line in EVALSET.read_text("utf-8").splitlines()]
    positives = [r for r in rows if r["label"] == 1]
    negatives = [r for r in rows if r["label"] == 0]
    assert len(positives) >= 150 and len(negatives) >= 100
    tp = sum(bool(lexicon.hits(normalize(r["text"]))) for r in positives)
    fp = sum(bool(lexicon.hits(normalize(r["text"]))) for r in negatives)
    assert tp / len(positives) >= 0.95
    assert tp / (tp + fp) >= 0.95
