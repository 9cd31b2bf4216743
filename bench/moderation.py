"""Throughput, latency, load time and memory of the moderation core on one CPU core.

Typical comments (40-400 characters) are drawn from the held-out rows of the public sets, and the
same texts go through alt-profanity-check and better-profanity in the same run, so the ratios
compare like with like. The machine is shared, so absolute rates drift with its load: a fixed
reference pass (lower-case, tokenise, count; no Kibitz code) over the same texts, timed before and
after, gives a ratio that drifts much less and compares across runs.
Run: `python bench/moderation.py [--data PATH] [--count N] [--json] [--stage S]`.

With the transformer stage installed, the sparse model, the transformer alone and the cascade
are each measured in a fresh process of their own (so each peak RSS is its own), then printed
side by side with their ratio to the sparse model; `--stage` measures one in this process.
"""

from __future__ import annotations

import os

# One core, as the target says: pin BLAS threads before numpy is imported, then the process.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from kibitz.moderation import ARTIFACTS  # noqa: E402
from kibitz.moderation.cascade import STAGES, Stage  # noqa: E402
from kibitz.moderation.datasets import TEST, default_data_dir, load_all  # noqa: E402
from kibitz.moderation.moderator import Moderator  # noqa: E402
from kibitz.moderation.peers import PeerScorer, load_peers  # noqa: E402
from kibitz.moderation.transformer import DIRECTORY, available  # noqa: E402

BATCH = 256
_TOKEN = re.compile(r"\w+")


def typical_texts(data_dir: Path, count: int, seed: int = 0) -> list[str]:
    texts = sorted(
        {r.text for r in load_all(data_dir) if r.split == TEST and 40 <= len(r.text) <= 400}
    )
    return random.Random(seed).sample(texts, min(count, len(texts)))


def one_by_one(fn: Callable[[str], object], texts: Sequence[str]) -> dict[str, float]:
    latencies = []
    for text in texts:
        start = time.perf_counter()
        fn(text)
        latencies.append(time.perf_counter() - start)
    latencies.sort()
    return {
        "per_second": len(texts) / sum(latencies),
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
    }


def batched(fn: Callable[[list[str]], object], texts: Sequence[str]) -> dict[str, float]:
    start = time.perf_counter()
    for i in range(0, len(texts), BATCH):
        fn(list(texts[i : i + BATCH]))
    return {"per_second": len(texts) / (time.perf_counter() - start)}


def reference(texts: Sequence[str]) -> float:
    """Texts per second of a fixed Python + C pass that no Kibitz change touches."""
    start = time.perf_counter()
    for _ in range(3):
        for text in texts:
            Counter(_TOKEN.findall(text.lower()))
    return 3 * len(texts) / (time.perf_counter() - start)


def run(data_dir: Path, count: int, peer_count: int, stage: Stage | None = None) -> dict[str, Any]:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    texts = typical_texts(data_dir, count)
    start = time.perf_counter()
    moderator = Moderator.load(stage=stage)
    load_s = time.perf_counter() - start
    moderator.assess_many(texts[:50])  # warm caches, as a running server would be
    before = reference(texts)
    result: dict[str, Any] = {
        "texts": len(texts),
        "mean_chars": statistics.mean(len(t) for t in texts),
        "load_s": load_s,
        "kibitz": {
            "assess": one_by_one(moderator.assess, texts),
            "assess_many": batched(moderator.assess_many, texts),
        },
    }
    result["reference_per_second"] = (before + reference(texts)) / 2
    result["stage"] = moderator.stage
    if moderator.stage == "cascade":
        routed = [s.signals["transformer"] for s in moderator.score_many(texts)]
        result["transformer_share"] = sum(routed) / len(routed)
    peers, missing = load_peers() if peer_count else ({}, [])
    result["peers_missing"] = missing
    sample = texts[:peer_count]
    for name, scorer in peers.items():

        def single(text: str, scorer: PeerScorer = scorer) -> list[float]:
            return scorer([text])

        result[name] = {
            "one_by_one": one_by_one(single, sample),
            "batched": batched(scorer, sample),
        }
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def report(result: dict[str, Any]) -> None:
    ours = result["kibitz"]
    print(f"{result['texts']} texts, mean {result['mean_chars']:.0f} chars, one core")
    print(f"model load            {result['load_s'] * 1000:8.0f} ms   (target <= 1000)")
    a = ours["assess"]
    print(f"assess one by one     {a['per_second']:8.0f} /s   p50 {a['p50_ms']:.2f} ms  "
          f"p99 {a['p99_ms']:.2f} ms (target p99 <= 5)")  # fmt: skip
    print(
        f"assess_many ({BATCH})     {ours['assess_many']['per_second']:8.0f} /s   (target >= 2000)"
    )
    print(
        f"peak RSS              {result['peak_rss_mb']:8.0f} MB   (target <= 300; includes peers)"
    )
    ref = result["reference_per_second"]
    print(
        f"reference pass        {ref:8.0f} /s   Kibitz per 1,000 reference texts: "
        f"{1000 * a['per_second'] / ref:.1f} one by one, "
        f"{1000 * ours['assess_many']['per_second'] / ref:.1f} batched (same run)"
    )
    for name in ("alt-profanity-check", "better-profanity"):
        if name in result:
            peer = result[name]
            single, batch = peer["one_by_one"]["per_second"], peer["batched"]["per_second"]
            print(
                f"{name:21s} {single:8.0f} /s one by one, {batch:.0f} /s batched; Kibitz/peer "
                f"throughput {a['per_second'] / single:.2f}x one by one, "
                f"{ours['assess_many']['per_second'] / batch:.2f}x batched"
            )
    for note in result["peers_missing"]:
        print(note)


def run_stages(data_dir: Path, count: int, peer_count: int) -> dict[str, Any]:
    """Each stage in a fresh process (its own load time and peak RSS); peers with sparse only."""
    results: dict[str, Any] = {}
    for stage in STAGES:
        command = [sys.executable, __file__, "--json", "--stage", stage, "--data", str(data_dir)]
        command += [
            "--count",
            str(count),
            "--peer-count",
            str(peer_count if stage == "sparse" else 0),
        ]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        results[stage] = json.loads(done.stdout)
    return results


def report_stages(results: dict[str, Any]) -> None:
    sparse = results["sparse"]
    report(sparse)
    print()
    print(f"{'stage':12s} {'assess/s':>9s} {'ratio':>6s} {'p50 ms':>7s} {'p99 ms':>7s} "
          f"{'many/s':>8s} {'load ms':>8s} {'RSS MB':>7s} {'to transformer':>15s}")  # fmt: skip
    base = sparse["kibitz"]["assess"]["per_second"]
    for stage, r in results.items():
        a = r["kibitz"]["assess"]
        share = r.get("transformer_share", 1.0 if stage == "transformer" else 0.0)
        rss = r["peak_rss_mb"]
        many = r["kibitz"]["assess_many"]["per_second"]
        print(
            f"{stage:12s} {a['per_second']:9.0f} {a['per_second'] / base:6.2f} "
            f"{a['p50_ms']:7.2f} {a['p99_ms']:7.2f} {many:8.0f} "
            f"{r['load_s'] * 1000:8.0f} {rss:7.0f} {share:15.1%}"
        )
    print("targets (cascade): >= 500 /s one by one on one core, p99 <= 30 ms, peak RSS <= 600 MB")
    print("(the sparse row's RSS includes the peer libraries)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--peer-count", type=int, default=500, help="better-profanity is slow")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--stage", choices=STAGES, help="measure one stage in this process")
    args = parser.parse_args()
    if args.stage is None and available(ARTIFACTS / DIRECTORY):
        results = run_stages(args.data, args.count, args.peer_count)
        if args.json:
            print(json.dumps(results, indent=1))
        else:
            report_stages(results)
        return
    result = run(args.data, args.count, args.peer_count, args.stage)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        report(result)


if __name__ == "__main__":
    main()
