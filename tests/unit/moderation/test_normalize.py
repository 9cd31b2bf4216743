"""Normalisation: what it folds, what it keeps, and that offsets always lead back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kibitz.moderation.normalize import normalize


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("F u c k you", "fuck you"),
        ("f.u.c.k", "fuck"),
        ("f-u-c-k", "fuck"),
        ("f_u_c_k", "fuck"),
        ("s h 1 t", "shit"),
        ("sh1t and 5h1t", "shit and shit"),
        ("@ss a$$", "ass ass"),
        ("sh!t", "shit"),
        ("b!tch", "bitch"),
        ("c0ck d1ck p0rn wh0re", "cock dick porn whore"),
        ("ƒuck", "fuck"),
        ("fսck", "fuck"),  # Armenian u
        ("ｆｕｃｋ", "fuck"),  # fullwidth
        ("Ⓕuck 𝐟𝐮𝐜𝐤", "fuck fuck"),
        ("fu\u200bck", "fuck"),  # zero-width space
        ("f\u0336u\u0336c\u0336k\u0336", "fuck"),  # combining strike-through
        ("сrаp", "crap"),  # Cyrillic s and a
        ("ΑΒΕ", "abe"),  # Greek capitals
        ("café", "cafe"),
    ],
)
def test_folds_tricks(typed: str, folded: str) -> None:
    assert normalize(typed).text == folded


@pytest.mark.parametrize(
    "prose",
    [
        "18 injured in 2024, at 5pm on the 3rd",
        "The F-16 and the A320, covid19 and the G7",
        "coffee, good, too, balloon, committee",
        "great!! really?",
        "the U.S. a lot",
        "options a, b, c",
        "$5bn and 10km and the 1990s",
    ],
)
def test_prose_survives(prose: str) -> None:
    assert normalize(prose).text == prose.lower()


def test_stretched_letters_are_squeezed_to_two_and_marked() -> None:
    n = normalize("fuuuuck sooooo good")
    assert n.text == "fuuck soo good"
    assert n.stretched
    assert [n.text[i] for i in sorted(n.squeezed)] == ["u", "o"]


def test_flags_record_tricks() -> None:
    assert normalize("sh1t").leet
    assert normalize("f u c k").joined
    plain = normalize("plain words only")
    assert not (plain.leet or plain.joined or plain.stretched)


def test_span_points_at_what_was_typed() -> None:
    n = normalize("oh f . u . c . k off")
    start = n.text.index("fuck")
    lo, hi = n.span(start, start + 4)
    assert n.original[lo:hi] == "f . u . c . k"


def test_span_covers_dropped_marks_after_the_last_letter() -> None:
    n = normalize("fuck\u0301\u200b!")
    lo, hi = n.span(0, 4)
    assert n.original[lo:hi] == "fuck\u0301\u200b"


def test_span_of_empty_and_out_of_range() -> None:
    n = normalize("abc")
    assert n.span(1, 1) == (1, 1)
    assert n.span(3, 3) == (3, 3)
    assert n.span(-5, 99) == (0, 3)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_offsets_are_monotone_and_valid(text: str) -> None:
    n = normalize(text)
    offsets = list(n.offsets)
    assert len(offsets) == len(n.text)
    assert all(0 <= o < len(text) for o in offsets)
    assert offsets == sorted(offsets)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.data())
def test_span_covers_the_original_characters(text: str, data: st.DataObject) -> None:
    n = normalize(text)
    if not n.text:
        assert n.span(0, 0) == (len(text), len(text))
        return
    start = data.draw(st.integers(0, len(n.text) - 1))
    end = data.draw(st.integers(start + 1, len(n.text)))
    lo, hi = n.span(start, end)
    assert 0 <= lo < hi <= len(text)
    assert lo <= n.offsets[start] and n.offsets[end - 1] < hi


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("fuck shit@$0134!|*._- \u200baаο")))
def test_tricky_alphabet_never_breaks_offsets(text: str) -> None:
    n = normalize(text)
    assert list(n.offsets) == sorted(n.offsets)
    assert all(0 <= o < len(text) for o in n.offsets)
