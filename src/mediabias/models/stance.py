"""The stance reader's two models (``models/stance_paragraph.json``, ``stance_article.json``; card ``stance.md``):
export and loading.

Both are multinomial logistic regressions over negative / neutral / positive: single-choice models. They are
fitted by :mod:`mediabias.sentiment.stance_fit` (the article model's features are the reader's aggregate of
paragraph probabilities, :func:`mediabias.sentiment.stance.article_features`, so its fitting lives with the
reader); ``scripts/train_stance.py`` calls it and :func:`export`.
"""

from __future__ import annotations

from pathlib import Path

from mediabias.models import api
from mediabias.models.linear import export_logreg
from mediabias.models.target_sentiment import LABELS

PARAGRAPH, ARTICLE = "stance_paragraph", "stance_article"
CARD = api.card("stance")


def load(name: str = PARAGRAPH) -> api.LinearModel:
    """The shipped paragraph model (or ``name``: :data:`ARTICLE`)."""
    return api.load(name)


def export(name: str, pipe, out_dir: Path | None = None, *, training_rows: int, provenance: dict) -> dict:
    """Write one fitted model (rows in :data:`LABELS` order) with its provenance as ``<out_dir>/<name>.json``
    (default: the package's ``models/``)."""
    if list(pipe.steps[-1][1].classes_) != list(LABELS):
        raise ValueError(f"the {name} model's classes are {list(pipe.steps[-1][1].classes_)}, not {list(LABELS)}")
    params = export_logreg(pipe, LABELS, kind="multinomial", training_rows=training_rows, **provenance)
    return api.write(params, Path(out_dir) / f"{name}.json" if out_dir else api.path(name))
