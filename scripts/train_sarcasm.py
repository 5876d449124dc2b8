"""Retrain the sarcasm classifier committed as ``src/mediabias/models/sarcasm_lr.json``.

    python scripts/train_sarcasm.py --data ../shared/datasets/isarcasmeval

Reads iSarcasmEval ``train/train.En.csv`` (SemEval-2022 Task 6, MIT: 3,468 English tweets labelled sarcastic by
their authors; each sarcastic tweet has the author's literal rephrase), computes
:func:`mediabias.sentiment.sarcasm.sarcasm_features` (MiniLM sentence vector + VADER; cached under
``$MEDIABIAS_CACHE``) and fits a logistic regression (:mod:`mediabias.models.sarcasm`). Chosen by stratified 5-fold cross-validation on the train
tweets (F1 of the sarcastic class on the original tweets; a tweet's rephrase stays in its tweet's fold and is
only ever a training row): whether the rephrases are added as non-sarcastic rows, C, and the decision threshold
(F1-best on the pooled out-of-fold probabilities). The test files are never read here: the task-A test labels are
used once, for the reported number, by ``mediabias evaluate sarcasm``. Deterministic.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np


def parse_args(argv=None):
    from mediabias import paths
    from mediabias.models.sarcasm import CS

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="the isarcasmeval folder (holding train/train.En.csv)")
    p.add_argument("--out", default=str(paths.MODELS_DIR / "sarcasm_lr.json"), help="where to write the model JSON")
    p.add_argument("--Cs", type=float, nargs="+", default=list(CS))
    p.add_argument("--folds", type=int, default=5)
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    from sklearn.model_selection import StratifiedKFold

    from mediabias.evaluation.common import cache_dir
    from mediabias.evaluation.sarcasm import read_train
    from mediabias.models import sarcasm as sarcasm_model
    from mediabias.runtime.encoder import base_sha256
    from mediabias.sentiment.sarcasm import sarcasm_features

    t = time.time()
    train = read_train(Path(args.data))
    y = train["sarcastic"].to_numpy()
    X = sarcasm_features(train["text"].tolist(), cache_dir=cache_dir())
    has_r = train["rephrase"].notna().to_numpy() & (y == 1)
    Xr = np.zeros_like(X)
    Xr[has_r] = sarcasm_features(train.loc[has_r, "rephrase"].tolist(), cache_dir=cache_dir())
    print(f"{len(train)} tweets, {int(has_r.sum())} rephrases; features in {time.time() - t:.0f} s", flush=True)
    folds = list(StratifiedKFold(args.folds, shuffle=True, random_state=0).split(X, y))
    fitted = sarcasm_model.train(X, y, Xr, has_r, folds, Cs=tuple(args.Cs), report=lambda row: print(row, flush=True))
    print(f"flag threshold {fitted['flag_threshold']}: CV precision / recall / F1 {fitted['flag_scores']}", flush=True)
    sarcasm_model.export(fitted, Path(args.out), folds=args.folds, base_sha256=base_sha256())
    print(f"chosen {fitted['best']}; wrote {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
