"""Retrain the sarcasm classifier committed as ``src/mediabias/models/sarcasm_lr.json``.

    python scripts/train_sarcasm.py --data ../shared/datasets/isarcasmeval

Reads iSarcasmEval ``train/train.En.csv`` (SemEval-2022 Task 6, MIT: 3,468 English tweets labelled sarcastic by
their authors; each sarcastic tweet has the author's literal rephrase), computes
:func:`mediabias.sentiment.sarcasm.sarcasm_features` (MiniLM sentence vector + VADER; cached under
``$MEDIABIAS_CACHE``) and fits a logistic regression. Chosen by stratified 5-fold cross-validation on the train
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

THRESHOLDS = np.round(np.arange(0.20, 0.91, 0.025), 3)
#: The per-sentence flag's threshold is the lowest at which the cross-validated precision reaches this: a flag
#: on a news sentence must be right more often than not, and the F1-best threshold flags most of what it sees.
FLAG_PRECISION = 0.5


def parse_args(argv=None):
    from mediabias import paths

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="the isarcasmeval folder (holding train/train.En.csv)")
    p.add_argument("--out", default=str(paths.MODELS_DIR / "sarcasm_lr.json"), help="where to write the model JSON")
    p.add_argument("--Cs", type=float, nargs="+", default=[0.0001, 0.0003, 0.001, 0.003, 0.01])
    p.add_argument("--folds", type=int, default=5)
    return p.parse_args(argv)


def make(C: float):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=C, class_weight="balanced", max_iter=5000))


def out_of_fold(X, y, Xr, has_r, C, augment, folds) -> np.ndarray:
    """Out-of-fold P(sarcastic) of the tweets; with ``augment`` the training folds' rephrases join as label 0."""
    prob = np.zeros(len(y))
    for tr, te in folds:
        Xtr, ytr = X[tr], y[tr]
        if augment:
            keep = tr[has_r[tr]]
            Xtr, ytr = np.vstack([Xtr, Xr[keep]]), np.concatenate([ytr, np.zeros(len(keep), dtype=int)])
        prob[te] = make(C).fit(Xtr, ytr).predict_proba(X[te])[:, 1]
    return prob


def precise_threshold(y, prob) -> tuple[float, list[float]]:
    """The lowest threshold whose pooled out-of-fold precision reaches :data:`FLAG_PRECISION`, and its
    precision, recall and F1."""
    from sklearn.metrics import precision_recall_fscore_support

    for thr in THRESHOLDS:
        p, r, f, _ = precision_recall_fscore_support(y, prob >= thr, average="binary", zero_division=0)
        if p >= FLAG_PRECISION:
            return float(thr), [round(float(p), 4), round(float(r), 4), round(float(f), 4)]
    raise ValueError(f"no threshold reaches a cross-validated precision of {FLAG_PRECISION}")


def main(argv=None) -> int:
    args = parse_args(argv)
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    from mediabias.evaluation.common import cache_dir, export_logreg, write_model
    from mediabias.evaluation.sarcasm import read_train
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
    grid, best = [], None
    for augment in (False, True):
        for C in args.Cs:
            prob = out_of_fold(X, y, Xr, has_r, C, augment, folds)
            f1s = [f1_score(y, prob >= thr, zero_division=0) for thr in THRESHOLDS]
            k = int(np.argmax(f1s))
            grid.append({"augment": augment, "C": C, "threshold": float(THRESHOLDS[k]), "cv_f1": round(f1s[k], 4)})
            print(grid[-1], flush=True)
            if best is None or f1s[k] > best["cv_f1"]:
                best, best_prob = grid[-1], prob
    flag_threshold, flag_scores = precise_threshold(y, best_prob)
    print(f"flag threshold {flag_threshold}: CV precision / recall / F1 {flag_scores}", flush=True)
    Xfit, yfit = X, y
    if best["augment"]:
        Xfit, yfit = np.vstack([X, Xr[has_r]]), np.concatenate([y, np.zeros(int(has_r.sum()), dtype=int)])
    pipe = make(best["C"]).fit(Xfit, yfit)
    model = export_logreg(pipe, ["not_sarcastic", "sarcastic"], kind="ovr")
    model["labels"] = ["sarcastic"]  # one sigmoid column: P(sarcastic)
    model.update({
        "threshold": best["threshold"], "flag_threshold": flag_threshold,
        "flag_cv_precision_recall_f1": flag_scores, "C": best["C"], "rephrases_added": best["augment"],
        "cv_f1_sarcastic": best["cv_f1"],
        "selection": f"{args.folds}-fold stratified CV on train.En.csv tweets, F1 of the sarcastic class: "
                     + "; ".join(f"{'aug' if g['augment'] else 'plain'} C={g['C']} t={g['threshold']} {g['cv_f1']}"
                                 for g in grid),
        "features": "mediabias.sentiment.sarcasm.sarcasm_features: MiniLM (all-MiniLM-L6-v2) sentence vector (384), "
                    "VADER neg/neu/pos/compound (4)",
        "base_sha256": base_sha256(),
        "train_file": "iSarcasmEval train/train.En.csv", "train_rows": int(len(yfit)),
    })
    write_model(model, Path(args.out), "sarcasm_lr.json")
    print(f"chosen {best}; wrote {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
