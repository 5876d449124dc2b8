"""The loaded-language model (``models/loaded_language_lr.json``, card ``loaded_language_lr.md``): training,
export and loading.

A logistic regression over :func:`mediabias.language.model.features` giving P(loaded): a detector with the stored
threshold 0.5 (balanced training classes). C is chosen by 3-fold cross-validation (log-loss) on the training
sentences. ``scripts/train_loaded_language.py`` draws the distant-labelled sentences, computes the features and
calls :func:`train` and :func:`export`.
"""

from __future__ import annotations

from pathlib import Path

from mediabias.models import api
from mediabias.models.linear import export_logreg, pipeline

NAME = "loaded_language_lr"
CARD = api.card(NAME)
CS = (0.001, 0.003, 0.01)


def load() -> api.LinearModel:
    """The shipped loaded-language model."""
    return api.load(NAME)


def train(X, y) -> tuple[object, float, dict[float, float]]:
    """``(pipeline fitted on all rows, C, inner-CV log-loss per C)``: C of least log-loss."""
    from sklearn.model_selection import StratifiedKFold, cross_val_score  # deferred: training only

    folds = StratifiedKFold(3, shuffle=True, random_state=0)
    losses = {C: -cross_val_score(pipeline(C), X, y, cv=folds, scoring="neg_log_loss").mean() for C in CS}
    C = min(losses, key=losses.get)
    return pipeline(C).fit(X, y), C, losses


def export(pipe, out: Path | None = None, *, C: float, feature_names: list[str], training: dict) -> dict:
    """Write the fitted model with its provenance to ``out`` (default: the package's ``models/loaded_language_lr.json``)."""
    model = export_logreg(pipe, ["loaded"], kind="ovr", C=C, threshold=0.5, features=feature_names,
                          training=training)
    return api.write(model, out or api.path(NAME))
