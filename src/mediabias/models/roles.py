"""The role classifier (``models/roles_lr.json``): training, export and loading.

A multinomial logistic regression over :func:`mediabias.framing.roles.role_features` (hero, victim, villain): a
single-choice model. C is chosen by inner cross-validation grouped by article. ``scripts/train_frame_model.py``
computes the features and calls :func:`train`; ``mediabias evaluate roles`` calls :func:`fit` in each fold.
It has no model card of its own: ``frames_lr.md`` and ``evaluation/roles.md`` describe it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from mediabias import paths
from mediabias.models import api
from mediabias.models.linear import SEED, export_logreg, pipeline

NAME = "roles_lr"
CARD = paths.MODELS_DIR / "frames_lr.md"  # a file name, not the stem: the pipeline reads stems as dependencies
CS = (0.003, 0.01, 0.03)
INNER_FOLDS = 5


def load() -> api.LinearModel:
    """The shipped role classifier."""
    return api.load(NAME)


def fit(X, y, groups, seed: int = SEED):
    """``(pipeline, C)``: C of best macro-F1 by inner ``StratifiedGroupKFold`` (grouped by ``groups``), refitted."""
    from sklearn.metrics import f1_score  # deferred: training only
    from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict

    def make(C):
        return pipeline(C, class_weight="balanced")

    inner = StratifiedGroupKFold(INNER_FOLDS, shuffle=True, random_state=seed)
    scores = [f1_score(y, cross_val_predict(make(C), X, y, groups=groups, cv=inner), average="macro") for C in CS]
    C = CS[int(np.argmax(scores))]
    return make(C).fit(X, y), C


def train(X, y, groups) -> dict:
    """The shipped model's parameters, fitted on all rows (``groups``: the article of each row)."""
    pipe, C = fit(X, y, groups, SEED)
    return export_logreg(
        pipe, list(pipe.steps[-1][1].classes_), kind="multinomial", C=C,
        features="roles.role_features: mention-sentence mean MiniLM vector (384), target sentiment toward the "
                 "actor (4), role cue rates (3); the actor's name is deliberately not a feature",
        trained_on=f"Narrative Frames (Frermann et al. 2023, MIT), {len(y)} (article, entity, role) rows",
        retrain="python scripts/train_frame_model.py --data ../shared/datasets/narrative-frames",
    )


def export(model: dict, out: Path | None = None) -> dict:
    """Write the parameters to ``out`` (default: the package's ``models/roles_lr.json``)."""
    return api.write(model, out or api.path(NAME))
