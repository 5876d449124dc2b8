"""The sarcasm classifier (``models/sarcasm_lr.json``, card ``sarcasm_lr.md``): training, export and loading.

A logistic regression over :func:`mediabias.sentiment.sarcasm.sarcasm_features` giving P(sarcastic): a detector
with two stored cut-offs, ``threshold`` (F1-best in cross-validation; used by
:meth:`mediabias.models.api.LinearModel.decide` by default) and
``flag_threshold`` (the lowest whose cross-validated precision reaches :data:`FLAG_PRECISION`; the irony flag's,
``decide(p, cutoff="flag_threshold")``). ``scripts/train_sarcasm.py`` reads iSarcasmEval, computes the features
and calls :func:`train` and :func:`export`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from mediabias.models import api
from mediabias.models.linear import export_logreg, pipeline

NAME = "sarcasm_lr"
CARD = api.card(NAME)
THRESHOLDS = np.round(np.arange(0.20, 0.91, 0.025), 3)
#: The per-sentence flag's threshold is the lowest at which the cross-validated precision reaches this: a flag
#: on a news sentence must be right more often than not, and the F1-best threshold flags most of what it sees.
FLAG_PRECISION = 0.5
CS = (0.0001, 0.0003, 0.001, 0.003, 0.01)


def load() -> api.LinearModel:
    """The shipped sarcasm classifier."""
    return api.load(NAME)


def make(C: float):
    """The unfitted pipeline of the sarcasm classifier."""
    return pipeline(C, class_weight="balanced")


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
    from sklearn.metrics import precision_recall_fscore_support  # deferred: training only

    for thr in THRESHOLDS:
        p, r, f, _ = precision_recall_fscore_support(y, prob >= thr, average="binary", zero_division=0)
        if p >= FLAG_PRECISION:
            return float(thr), [round(float(p), 4), round(float(r), 4), round(float(f), 4)]
    raise ValueError(f"no threshold reaches a cross-validated precision of {FLAG_PRECISION}")


def train(X, y, Xr, has_r, folds, *, Cs=CS, report=print) -> dict:
    """Choose (rephrases added or not, C, threshold) by F1 of the sarcastic class on ``folds``, then refit.

    ``Xr`` holds the features of each tweet's rephrase where ``has_r``. Returns the fitted ``pipe``, the chosen
    ``best`` grid row, the whole ``grid``, ``flag_threshold`` with its ``flag_scores`` and ``train_rows``."""
    from sklearn.metrics import f1_score  # deferred: training only

    grid, best, best_prob = [], None, None
    for augment in (False, True):
        for C in Cs:
            prob = out_of_fold(X, y, Xr, has_r, C, augment, folds)
            f1s = [f1_score(y, prob >= thr, zero_division=0) for thr in THRESHOLDS]
            k = int(np.argmax(f1s))
            grid.append({"augment": augment, "C": C, "threshold": float(THRESHOLDS[k]), "cv_f1": round(f1s[k], 4)})
            report(grid[-1])
            if best is None or f1s[k] > best["cv_f1"]:
                best, best_prob = grid[-1], prob
    flag_threshold, flag_scores = precise_threshold(y, best_prob)
    Xfit, yfit = X, y
    if best["augment"]:
        Xfit, yfit = np.vstack([X, Xr[has_r]]), np.concatenate([y, np.zeros(int(has_r.sum()), dtype=int)])
    return {"pipe": make(best["C"]).fit(Xfit, yfit), "best": best, "grid": grid, "flag_threshold": flag_threshold,
            "flag_scores": flag_scores, "train_rows": int(len(yfit))}


def export(fitted: dict, out: Path | None = None, *, folds: int, base_sha256: str) -> dict:
    """Write a :func:`train` result with its provenance to ``out`` (default: the package's ``models/sarcasm_lr.json``)."""
    best, grid = fitted["best"], fitted["grid"]
    model = export_logreg(fitted["pipe"], ["not_sarcastic", "sarcastic"], kind="ovr")
    model["labels"] = ["sarcastic"]  # one sigmoid column: P(sarcastic)
    model.update({
        "threshold": best["threshold"], "flag_threshold": fitted["flag_threshold"],
        "flag_cv_precision_recall_f1": fitted["flag_scores"], "C": best["C"], "rephrases_added": best["augment"],
        "cv_f1_sarcastic": best["cv_f1"],
        "selection": f"{folds}-fold stratified CV on train.En.csv tweets, F1 of the sarcastic class: "
                     + "; ".join(f"{'aug' if g['augment'] else 'plain'} C={g['C']} t={g['threshold']} {g['cv_f1']}"
                                 for g in grid),
        "features": "mediabias.sentiment.sarcasm.sarcasm_features: MiniLM (all-MiniLM-L6-v2) sentence vector (384), "
                    "VADER neg/neu/pos/compound (4)",
        "base_sha256": base_sha256,
        "train_file": "iSarcasmEval train/train.En.csv", "train_rows": fitted["train_rows"],
    })
    return api.write(model, out or api.path(NAME))
