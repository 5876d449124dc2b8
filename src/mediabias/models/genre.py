"""The genre check (``models/genre_lr.json``, card ``genre_lr.md``): training, export and loading.

A logistic regression over the style features of :func:`mediabias.runtime.genre.features` giving P(opinion): a
detector with the stored threshold 0.5 (:meth:`~mediabias.models.api.LinearModel.decide`); the instruments read
the probability in bands (``resources/genre_trust.yaml``, :func:`mediabias.runtime.genre.band`). C is chosen by
5-fold cross-validation grouped by outlet. ``scripts/train_genre.py`` samples the articles, computes the
features and calls :func:`train` and :func:`export`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from mediabias.models import api
from mediabias.models.linear import export_logreg, pipeline

NAME = "genre_lr"
CARD = api.card(NAME)
CS = (0.01, 0.1, 1.0)


def load() -> api.LinearModel:
    """The shipped genre check."""
    return api.load(NAME)


def make(C: float):
    """The unfitted pipeline of the genre check."""
    return pipeline(C, max_iter=2000)


def held_out_predictions(X, y, make_model, folds) -> np.ndarray:
    """Each row predicted by a model fitted on the other folds (``make_model()`` gives an unfitted one)."""
    pred = np.zeros_like(y)
    for train_rows, test_rows in folds:
        pred[test_rows] = make_model().fit(X[train_rows], y[train_rows]).predict(X[test_rows])
    return pred


def train(X, y, folds) -> tuple[object, float, dict[float, float]]:
    """``(pipeline fitted on all rows, C, held-out macro-F1 per C)``: C of best macro-F1 on ``folds`` (the
    smaller C on a tie)."""
    from sklearn.metrics import f1_score  # deferred: training only

    results = {C: f1_score(y, held_out_predictions(X, y, lambda C=C: make(C), folds), average="macro") for C in CS}
    best = max(CS, key=lambda c: (results[c], -c))
    return make(best).fit(X, y), best, results


def export(pipe, out: Path | None = None, *, C: float, n_articles: int, scores: dict) -> dict:
    """Write the fitted genre check with its provenance to ``out`` (default: the package's ``models/genre_lr.json``;
    indented JSON, one column ``opinion``)."""
    model = export_logreg(pipe, ["opinion"], kind="ovr", threshold=0.5, C=C, features="mediabias.runtime.genre",
                          trained_on=f"AllSides (Baly et al. 2020), {n_articles} articles, distant opinion/news labels",
                          held_out_outlet_macro_f1=scores, retrain="python scripts/train_genre.py --data DIR")
    return api.write(model, out or api.path(NAME), indent=1)
