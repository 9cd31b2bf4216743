"""Held-out evaluation: per public dataset, the published bars, our own sets, bias and peers.

Everything is computed through `Moderator.score_many`, the serving path, on rows that training
never saw (`datasets.TEST`: a fixed 20 % hold-out keyed on a hash of the text, pooled over a
dataset's train and official test files; rows from official test files are marked so the
published figures can be repeated on them). The result is a plain JSON-able dict; the CLI and
`modelcard.py` render it for people.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from kibitz.moderation import evalchecks
from kibitz.moderation.datasets import RULE_HEADS, TEST, Row, hash_split, load_all
from kibitz.moderation.metrics import auc, macro_f1, pr_auc, prf
from kibitz.moderation.moderator import Moderator, Scored
from kibitz.moderation.peers import PeerScorer, load_peers
from kibitz.moderation.rules import Rule

Progress = Callable[[str], None]
BATCH = 512
# The label each dataset is mainly about: the figure compared with the peer libraries.
MAIN_HEAD = {
    "jigsaw-toxic": "toxic",
    "civil-comments-toxic-spans": "discourtesy",
    "kaggle-insults": "discourtesy",
    "davidson": "offensive",
    "olid": "offensive",
    "stormfront-hate": "racism",
    "ethos": "racism",
    "surge-toxicity": "toxic",
    "youtube-spam": "spam",
    "sms-spam": "spam",
}


def score_texts(moderator: Moderator, texts: Sequence[str]) -> list[Scored]:
    scored: list[Scored] = []
    for start in range(0, len(texts), BATCH):
        scored.extend(moderator.score_many(texts[start : start + BATCH]))
    return scored


def head_score(scored: Scored, head: str) -> float:
    """A rule head is judged by the rule's final score, a raw head by its signal."""
    return scored.scores[Rule(head)] if head in RULE_HEADS else scored.signals[head]


def held(moderator: Moderator, rule: Rule, score: float) -> bool:
    bar = moderator.policy.thresholds[rule].hold
    return bar is not None and score >= bar


def _head_report(
    moderator: Moderator, head: str, labels: list[int], scores: list[float]
) -> dict[str, Any]:
    report: dict[str, Any] = {
        "rows": len(labels),
        "positives": int(sum(labels)),
        "auc": auc(labels, scores),
        "pr_auc": pr_auc(labels, scores),
    }
    if head in RULE_HEADS:
        report |= prf(labels, [held(moderator, Rule(head), s) for s in scores])
    return report


def _peer_report(
    rows: Sequence[Row], scored: Sequence[Scored], head: str, peers: dict[str, PeerScorer]
) -> dict[str, Any]:
    """Ours and the peers' AUC on the same texts (a fixed sample: better-profanity is slow)."""
    labels = [row.labels[head] for row in rows]
    report: dict[str, Any] = {"head": head, "rows": len(rows)}
    report["kibitz"] = auc(labels, [head_score(s, head) for s in scored])
    for name, scorer in peers.items():
        report[name] = auc(labels, scorer([row.text for row in rows]))
    return report


def evaluate_dataset(
    moderator: Moderator,
    rows: Sequence[Row],
    scored: Sequence[Scored],
    peers: dict[str, PeerScorer],
    peer_sample: int,
) -> dict[str, Any]:
    report: dict[str, Any] = {"rows": len(rows), "heads": {}}
    for head in sorted({h for row in rows for h in row.labels}):
        labelled = [(r, s) for r, s in zip(rows, scored, strict=True) if head in r.labels]
        report["heads"][head] = _head_report(
            moderator,
            head,
            [r.labels[head] for r, _ in labelled],
            [head_score(s, head) for _, s in labelled],
        )
    routed = [s.signals["transformer"] for s in scored if "transformer" in s.signals]
    if routed:  # the share of these comments the transformer stage judged
        report["transformer_share"] = sum(routed) / len(routed)
    main = MAIN_HEAD.get(rows[0].source) if rows else None
    if main is not None and peers:
        sample = [(r, s) for r, s in zip(rows, scored, strict=True) if main in r.labels]
        sample.sort(key=lambda pair: _sample_key(pair[0].text))
        sample = sample[:peer_sample]
        report["peers"] = _peer_report([r for r, _ in sample], [s for _, s in sample], main, peers)
    return report


def _sample_key(text: str) -> tuple[str, str]:
    """A fixed, content-keyed order, so every run draws the same peer sample."""
    return hash_split(text[::-1]), text


Scoredsets = dict[str, tuple[list[Row], list[Scored]]]


def published(
    moderator: Moderator,
    data: Scoredsets,
    peers: dict[str, PeerScorer],
    bars: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """The bars from the literature on our pooled hash hold-out, peers beside us where comparable.

    `bars` are thresholds chosen at training time on out-of-fold scores of each dataset's training
    rows (`training.published_thresholds`); without them F1 is taken at 0.5 / the hold bar only.
    `*_official` entries repeat a figure on the held-out rows that come from the dataset's
    official test file (a shifted distribution, fewer rows).
    """
    bars = bars or {}
    results: dict[str, Any] = {}
    for suffix, official in (("", False), ("_official", True)):
        picked = {name: _subset(rows, scored, official) for name, (rows, scored) in data.items()}
        if picked.get("olid") and picked["olid"][0]:
            entry = _olid_entry(*picked["olid"], peers, bars.get("olid_offensive"))
            results["olid_offensive_macro_f1" + suffix] = entry
        if picked.get("kaggle-insults") and picked["kaggle-insults"][0]:
            rows, scored = picked["kaggle-insults"]
            labels = [r.labels["discourtesy"] for r in rows]
            results["kaggle_insults_auc" + suffix] = {
                "value": auc(labels, [s.scores[Rule.DISCOURTESY] for s in scored]),
                "insult_head": auc(labels, [s.signals["insult"] for s in scored]),
                "bar": 0.90,
                "rows": len(rows),
            }
    for name in ("sms-spam", "youtube-spam"):
        if name in data:
            rows, scored = data[name]
            key = name.replace("-", "_")
            labels = [r.labels["spam"] for r in rows]
            flagged = [held(moderator, Rule.SPAM, s.scores[Rule.SPAM]) for s in scored]
            entry = {"value": prf(labels, flagged)["f1"], "bar": 0.96, "rows": len(rows)}
            if key in bars:
                content = [s.signals["spam_content"] >= bars[key] for s in scored]
                entry |= {"oof_bar": bars[key], "value_oof_bar": prf(labels, content)["f1"]}
            results[key + "_f1"] = entry
    return results


def _subset(
    rows: list[Row], scored: list[Scored], official: bool
) -> tuple[list[Row], list[Scored]]:
    if not official:
        return rows, scored
    pairs = [(r, s) for r, s in zip(rows, scored, strict=True) if r.official_test]
    return [r for r, _ in pairs], [s for _, s in pairs]


def _olid_entry(
    rows: list[Row], scored: list[Scored], peers: dict[str, PeerScorer], bar: float | None
) -> dict[str, Any]:
    labels = [r.labels["offensive"] for r in rows]
    ours = [s.signals["offensive"] >= 0.5 for s in scored]
    entry: dict[str, Any] = {"value": macro_f1(labels, ours), "bar": 0.83, "rows": len(rows)}
    if bar is not None:
        tuned = [s.signals["offensive"] >= bar for s in scored]
        entry |= {"oof_bar": bar, "value_oof_bar": macro_f1(labels, tuned)}
    for name, scorer in peers.items():
        entry[name] = macro_f1(labels, [p >= 0.5 for p in scorer([r.text for r in rows])])
    return entry


def pooled_rules(moderator: Moderator, data: Scoredsets) -> dict[str, Any]:
    """Per rule, all held-out rows that label it pooled: precision and recall at each bar."""
    report: dict[str, Any] = {}
    for head in RULE_HEADS:
        rule = Rule(head)
        pairs = [
            (row.labels[head], s.scores[rule])
            for rows, scored in data.values()
            for row, s in zip(rows, scored, strict=True)
            if head in row.labels
        ]
        labels = [y for y, _ in pairs]
        scores = [s for _, s in pairs]
        entry: dict[str, Any] = {
            "rows": len(pairs),
            "positives": sum(labels),
            "auc": auc(labels, scores),
        }
        bars = moderator.policy.thresholds[rule]
        for name, bar in (("nudge", bars.nudge), ("hold", bars.hold), ("reject", bars.reject)):
            if bar is not None:
                entry[name] = {"bar": bar, **prf(labels, [s >= bar for s in scores])}
        report[head] = entry
    return report


def run_evaluation(
    moderator: Moderator,
    data_dir: Path,
    *,
    with_peers: bool = True,
    peer_sample: int = 600,
    progress: Progress = lambda _: None,
    published_bars: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    progress("loading held-out rows")
    rows = [row for row in load_all(data_dir) if row.split == TEST]
    by_source: dict[str, list[Row]] = {}
    for row in rows:
        by_source.setdefault(row.source, []).append(row)
    peers, missing = load_peers() if with_peers else ({}, [])
    result: dict[str, Any] = {"datasets": {}, "peers_missing": missing}
    data: Scoredsets = {}
    for name, source_rows in by_source.items():
        progress(f"dataset {name}: {len(source_rows):,} held-out rows")
        scored = score_texts(moderator, [row.text for row in source_rows])
        data[name] = (source_rows, scored)
        result["datasets"][name] = evaluate_dataset(
            moderator, source_rows, scored, peers, peer_sample
        )
    result["rules"] = pooled_rules(moderator, data)
    progress("published bars")
    result["published"] = published(moderator, data, peers, published_bars)
    progress("our own evaluation sets and identity bias")
    result["evalsets"] = evalchecks.run_all(moderator, peers)
    result["thresholds"] = moderator.policy.to_dict()
    finite: dict[str, Any] = _finite(result)
    return finite


def _finite(value: Any) -> Any:
    """JSON has no NaN: undefined metrics become null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def run_stages(
    moderator: Moderator,
    data_dir: Path,
    *,
    with_peers: bool = True,
    peer_sample: int = 600,
    progress: Progress = lambda _: None,
    published_bars: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """The sparse model's evaluation (peers beside it) and, when the moderator has a transformer
    stage, the transformer alone and the cascade on the same held-out rows and sets, under
    `stages`, with `comparison`: the headline figures of the three side by side.

    The transformer scores each text once (`TransformerModel.memo`); the cascade reuses them.
    """
    result = run_evaluation(
        moderator.with_stage("sparse"),
        data_dir,
        with_peers=with_peers,
        peer_sample=peer_sample,
        progress=progress,
        published_bars=published_bars,
    )
    transformer = moderator.transformer
    if transformer is None:
        return result
    stages: dict[str, Any] = {"sparse": result}
    bars = transformer.meta.get("published_thresholds", {})
    transformer.memo = {}
    try:
        for stage in ("transformer", "cascade"):
            if stage == "cascade" and moderator.band is None:
                continue
            stages[stage] = run_evaluation(
                moderator.with_stage(stage),
                data_dir,
                with_peers=False,
                progress=_prefixed(progress, stage),
                published_bars=bars.get(stage, {}),
            )
    finally:
        transformer.memo = None
    result["stages"] = {k: v for k, v in stages.items() if k != "sparse"}
    result["comparison"] = compare_stages(stages)
    if moderator.band is not None:
        result["band"] = moderator.band.to_dict()
    finite: dict[str, Any] = _finite(result)
    return finite


def _prefixed(progress: Progress, prefix: str) -> Progress:
    return lambda message: progress(f"{prefix}: {message}")


def headline(result: Mapping[str, Any]) -> dict[str, float | None]:
    """The figures the issues set targets on, from one stage's evaluation."""
    published = result["published"]
    sets = result["evalsets"]
    out: dict[str, float | None] = {
        "olid offensive macro-F1": published.get("olid_offensive_macro_f1", {}).get("value"),
        "olid offensive macro-F1 at dev/OOF bar": published.get("olid_offensive_macro_f1", {}).get(
            "value_oof_bar"
        ),
        "kaggle insults AUC (discourtesy)": published.get("kaggle_insults_auc", {}).get("value"),
        "youtube spam F1": published.get("youtube_spam_f1", {}).get("value"),
        "sms spam F1": published.get("sms_spam_f1", {}).get("value"),
        "functional balanced acc (held)": sets["functional"].get("balanced_accuracy"),
        "functional balanced acc (flagged)": sets["functional"].get("balanced_accuracy_flag"),
        "functional_extra balanced acc (held)": sets["functional_extra"].get("balanced_accuracy"),
        "civil news FPR at hold": sets["civil_news"].get("false_positive_rate_hold"),
        "obfuscated profanity recall": sets["obfuscated"].get("recall_flag"),
        "identity bias final metric": sets["bias"].get("final_metric"),
    }
    for name, report in result["datasets"].items():
        main = MAIN_HEAD.get(name)
        for head, m in report["heads"].items():
            if head in RULE_HEADS or head == main:
                out[f"{name} {head} AUC"] = m.get("auc")
        if "transformer_share" in report:
            out[f"{name} share to transformer"] = report["transformer_share"]
    for head, entry in result["rules"].items():
        out[f"pooled {head} AUC"] = entry.get("auc")
    return out


def compare_stages(stages: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows {measure, sparse, transformer, cascade}: the headline figures side by side."""
    lines = {stage: headline(result) for stage, result in stages.items()}
    measures = list(dict.fromkeys(m for figures in lines.values() for m in figures))
    return [
        {"measure": m} | {stage: figures.get(m) for stage, figures in lines.items()}
        for m in measures
    ]
