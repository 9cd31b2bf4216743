"""How fast a site's banned/suspect word lists are built and matched (comments/words.py).

    .venv/bin/python bench/site_words.py [--entries 2000] [--comments 2000]

Builds a list of N entries (single words and two-word phrases, as an operator's list looks),
then matches it against comments of news-comment length, clean and with disguised hits.
Prints the build time and the per-comment match time (median and p99).
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import time

from kibitz.comments.words import WordMatcher
from kibitz.moderation import Rule

PROSE = (
    "The strikes on the depot came after weeks of warnings from officials who said the "
    "ceasefire was fragile and that talks in the capital had stalled over the prisoner swap."
).split()


def entries(count: int, rng: random.Random) -> list[tuple[str, Rule]]:
    def word() -> str:
        return "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9)))

    found = [(word() if i % 4 else f"{word()} {word()}", Rule.PROFANITY) for i in range(count)]
    return found


def comments(count: int, listed: list[str], rng: random.Random) -> list[str]:
    texts = []
    for i in range(count):
        words = rng.choices(PROSE, k=rng.randint(20, 120))
        if i % 3 == 0:  # a third carry a listed term, disguised with spaces or leetspeak
            term = rng.choice(listed)
            words.insert(
                rng.randrange(len(words)), " ".join(term) if i % 2 else term.replace("o", "0")
            )
        texts.append(" ".join(words))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--comments", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(7)
    listed = entries(args.entries, rng)
    start = time.perf_counter()
    matcher = WordMatcher(listed)
    built = time.perf_counter() - start
    texts = comments(args.comments, [term for term, _ in listed], rng)
    timings, hits = [], 0
    for text in texts:
        start = time.perf_counter()
        hits += bool(matcher.find(text))
        timings.append(time.perf_counter() - start)
    timings.sort()
    print(f"entries: {len(matcher):,}  build: {built * 1000:.1f} ms")
    print(
        f"comments: {len(texts):,}  with a hit: {hits:,}  "
        f"match median: {statistics.median(timings) * 1e6:.0f} us  "
        f"p99: {timings[int(len(timings) * 0.99)] * 1e6:.0f} us"
    )


if __name__ == "__main__":
    main()
