"""The sentiment-holder classifier (``models/holder_lr.json``, card ``holder_lr.md``): training, export, loading.

A multinomial logistic regression over :func:`mediabias.sentiment.holder.pair_features` (none, positive or
negative from p to q or q to p): a single-choice model. C and the class weighting are chosen by stratified K-fold
cross-validation grouped by sentence (five-class macro-F1). ``scripts/train_holder.py`` reads DSA, computes the
features and calls :func:`train` and :func:`export`.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from mediabias.models import api
from mediabias.models.linear import export_logreg, in_label_order, pipeline

NAME = "holder_lr"
CARD = api.card(NAME)
LABELS = ("none", "positive_pq", "positive_qp", "negative_pq", "negative_qp")
CS = (0.003, 0.01, 0.03, 0.1)
WEIGHTS = ("balanced", "none")


def load() -> api.LinearModel:
    """The shipped holder classifier."""
    return api.load(NAME)


def make(C: float, weight: str):
    """The unfitted pipeline (``weight``: ``"balanced"`` or ``"none"``)."""
    return pipeline(C, class_weight=None if weight == "none" else weight, max_iter=3000)


def choose(X, y, groups, *, Cs=CS, weights=WEIGHTS, folds: int = 3, report=print) -> tuple[float, str, list[dict]]:
    """C and class weighting with the best cross-validated five-class macro-F1 (folds grouped by sentence)."""
    from sklearn.metrics import f1_score  # deferred: training only
    from sklearn.model_selection import StratifiedGroupKFold

    splits = list(StratifiedGroupKFold(folds, shuffle=True, random_state=0).split(X, y, groups))
    grid = []
    for weight in weights:
        for C in Cs:
            t = time.time()
            pred = np.empty(len(y), dtype=object)
            for tr, te in splits:
                pred[te] = make(C, weight).fit(X[tr], y[tr]).predict(X[te])
            f1 = f1_score(y, pred.astype(str), average="macro")
            grid.append({"C": C, "class_weight": weight, "cv_macro_f1": round(float(f1), 4)})
            report(f"C={C} weight={weight}: CV macro-F1 {f1:.4f} ({time.time() - t:.0f} s)")
    best = max(grid, key=lambda g: g["cv_macro_f1"])
    return best["C"], best["class_weight"], grid


def train(X, y, groups, **options) -> tuple[object, float, str, list[dict]]:
    """``(pipeline fitted on all rows, C, class weighting, grid)`` (options: those of :func:`choose`)."""
    C, weight, grid = choose(X, y, groups, **options)
    return make(C, weight).fit(X, y), C, weight, grid


def export(pipe, out: Path | None = None, *, C: float, weight: str, grid: list[dict], folds: int, base_sha256: str,
           train_file: str, train_pairs: int) -> dict:
    """Write the fitted classifier (rows in :data:`LABELS` order) with its provenance to ``out`` (default: the
    package's ``models/holder_lr.json``)."""
    model = in_label_order(export_logreg(pipe, pipe.classes_, kind="multinomial"), LABELS)
    model.update({
        "features": "mediabias.sentiment.holder.pair_features: MiniLM (all-MiniLM-L6-v2, frozen) mean of all tokens, "
                    "of p, of q, of the tokens between them (4 x 384), no-gap flag, log(1 + gap characters)",
        "base_sha256": base_sha256,
        "C": C, "class_weight": weight, "selection": f"{folds}-fold CV on train.txt grouped by sentence: "
        + "; ".join(f"C={g['C']} {g['class_weight']} {g['cv_macro_f1']}" for g in grid),
        "train_file": train_file,
        "train_pairs": int(train_pairs),
    })
    return api.write(model, out or api.path(NAME))
