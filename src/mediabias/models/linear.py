"""Training and export shared by the shipped logistic regressions (:class:`mediabias.models.api.LinearModel`).

:func:`pipeline` is the standardised logistic regression every family fits, :func:`fit_logreg` chooses its C,
feature-block weighting and decision threshold by inner cross-validation (frames), and :func:`export_logreg`
turns a fitted pipeline into the JSON-able parameters :class:`~mediabias.models.api.LinearModel` applies.
scikit-learn is imported inside the functions (deferred: it is heavy and only training needs it; applying a
shipped model needs numpy only).
"""

from __future__ import annotations

import numpy as np

SEED = 0


def pipeline(C: float, *, class_weight=None, max_iter: int = 5000, weights=None):
    """``StandardScaler`` (+ column ``weights``) + ``LogisticRegression(C, class_weight)``, unfitted."""
    from sklearn.linear_model import LogisticRegression  # deferred: training only
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    lr = LogisticRegression(C=C, class_weight=class_weight, max_iter=max_iter)
    if weights is None:
        return make_pipeline(StandardScaler(), lr)
    return make_pipeline(StandardScaler(), FunctionTransformer(weigh, kw_args={"w": weights}), lr)


def weigh(X, w):
    """Columns ``X`` times weights ``w`` (the pipeline step that loosens the L2 penalty on a feature block)."""
    return X * w


def fit_logreg(X, y, *, Cs=(0.003, 0.01, 0.03), class_weight="balanced", inner_folds=5, weight_grid=(None,)):
    """Choose C, a feature-block weighting and the F1-best decision threshold by inner stratified CV, then refit.

    Args:
        X, y: features and binary labels.
        Cs: L2 regularisation strengths to try.
        weight_grid: candidate column weights (arrays, or ``None`` for all ones). Weights multiply the
            standardised features before the regression, i.e. they loosen the L2 penalty on a feature block
            (here: let a few dozen hand-built features count beside 384 embedding dimensions).

    Returns:
        ``(pipeline, C, threshold)``; the weights sit in the pipeline (see :func:`export_logreg`).
    """
    from sklearn.metrics import f1_score  # deferred: training only
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    def make(C, w):
        w = np.ones(X.shape[1]) if w is None else np.asarray(w, dtype=float)
        return pipeline(C, class_weight=class_weight, weights=w)

    inner = StratifiedKFold(inner_folds, shuffle=True, random_state=SEED)
    grid = np.round(np.arange(0.10, 0.91, 0.025), 3)
    best = (-1.0, None, None, None)
    for w in weight_grid:
        for C in Cs:
            prob = cross_val_predict(make(C, w), X, y, cv=inner, method="predict_proba")[:, 1]
            f1s = [f1_score(y, prob >= t, zero_division=0) for t in grid]
            k = int(np.argmax(f1s))
            if f1s[k] > best[0]:
                best = (f1s[k], C, float(grid[k]), w)
    _, C, thr, w = best
    return make(C, w).fit(X, y), C, thr


def export_logreg(pipe, labels, *, thresholds=None, kind="ovr", **extra) -> dict:
    """A fitted StandardScaler (+ weights) + LogisticRegression pipeline as a JSON-able dict.

    The column weights are folded into the coefficients, so :class:`~mediabias.models.api.LinearModel` needs only
    ``mean``, ``scale``, ``coef`` and ``intercept``; numbers keep 6 significant digits.
    """
    scaler, lr = pipe.steps[0][1], pipe.steps[-1][1]
    w = pipe.steps[1][1].kw_args["w"] if len(pipe.steps) == 3 else np.ones_like(scaler.scale_)
    sig = lambda a: [float(f"{v:.6g}") for v in np.ravel(a)]  # noqa: E731
    coef = np.atleast_2d(lr.coef_)
    return {
        "kind": kind, "labels": list(labels),
        "mean": sig(scaler.mean_), "scale": sig(scaler.scale_),
        "coef": [sig(row * w) for row in coef], "intercept": sig(lr.intercept_),
        **({"thresholds": [float(t) for t in thresholds]} if thresholds is not None else {}),
        **extra,
    }


def in_label_order(model: dict, labels) -> dict:
    """``model`` (from :func:`export_logreg` of a multinomial fit) with its rows reordered to ``labels``."""
    order = [model["labels"].index(lab) for lab in labels]
    return {**model, "labels": list(labels), "coef": [model["coef"][i] for i in order],
            "intercept": [model["intercept"][i] for i in order]}
