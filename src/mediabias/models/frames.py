"""The frame classifier (``models/frames_lr.json``, card ``frames_lr.md``): training, export and loading.

Five one-vs-rest logistic regressions over :func:`mediabias.framing.frames.frame_features`, one per Narrative
Frames code, each with the F1-best threshold of an inner cross-validation: a detector (a text can carry several
frames). ``scripts/train_frame_model.py`` computes the features and calls :func:`train`; ``mediabias evaluate
frames`` calls :func:`fit` in each fold.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from mediabias.models import api
from mediabias.models.linear import export_logreg, fit_logreg

NAME = "frames_lr"
CARD = api.card(NAME)
EMBEDDING_DIM = 384
BLOCK_WEIGHTS = (1.0, 2.0, 3.0)


def load() -> api.LinearModel:
    """The shipped frame classifier."""
    return api.load(NAME)


def weight_grid(n_features: int) -> list[np.ndarray]:
    """Candidate weights: embedding columns 1, hand-built columns (similarities, cue rates) 1, 2 or 3."""
    out = []
    for b in BLOCK_WEIGHTS:
        w = np.ones(n_features)
        w[EMBEDDING_DIM:] = b
        out.append(w)
    return out


def fit(X, y):
    """One frame's detector: ``(pipeline, C, threshold)`` chosen by inner CV (:func:`~mediabias.models.linear.fit_logreg`)."""
    return fit_logreg(X, y, weight_grid=weight_grid(X.shape[1]))


def train(X, Y: dict[str, np.ndarray], *, n_articles: int) -> dict:
    """The shipped model's parameters: one detector per frame of ``Y`` (frame name -> 0/1 per article)."""
    thresholds, Cs, models = [], [], {}
    for frame, y in Y.items():
        pipe, C, thr = fit(X, y)
        models[frame] = export_logreg(pipe, [frame])
        thresholds.append(thr)
        Cs.append(C)
    # all frames share the same scaler statistics (StandardScaler is fitted on the same X)
    first = next(iter(models.values()))
    return {
        "kind": "ovr", "labels": list(models), "mean": first["mean"], "scale": first["scale"],
        "coef": [m["coef"][0] for m in models.values()], "intercept": [m["intercept"][0] for m in models.values()],
        "thresholds": thresholds, "C": Cs,
        "features": "framing.frame_features: MiniLM mean (384), question and prototype similarity: top-3 mean (50) "
                    "and max (50), cue rates (6)",
        "trained_on": f"Narrative Frames (Frermann et al. 2023, MIT), {n_articles} articles, labels RE HI CO MO EC",
        "retrain": "python scripts/train_frame_model.py --data ../shared/datasets/narrative-frames",
    }


def export(model: dict, out: Path | None = None) -> dict:
    """Write the parameters to ``out`` (default: the package's ``models/frames_lr.json``)."""
    return api.write(model, out or api.path(NAME))
