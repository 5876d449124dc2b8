"""Helpers shared by the framing and language evaluation harnesses (results and model files, CV model selection)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from mediabias import __version__, paths

SEED = 0


def cache_dir() -> Path:
    """Where sentence vectors of gold datasets are cached (``$MEDIABIAS_CACHE`` or ``~/.cache/mediabias``).

    Only vectors are cached, outside the repository; nothing there is shipped.
    """
    return Path(os.environ.get("MEDIABIAS_CACHE", Path.home() / ".cache" / "mediabias")).expanduser()


def _round(obj):
    if isinstance(obj, float):
        return round(obj, 4)
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_round(v) for v in obj]
    return obj


def write_results(out_dir: Path | None, name: str, scores: pd.DataFrame, meta: dict, notes: str) -> None:
    """Write ``<name>.json`` and ``<name>.md`` (no timestamps: reruns are byte-identical)."""
    if out_dir is None:
        return

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    meta = {"instrument": name, "mediabias_version": __version__, **meta}
    records = json.loads(scores.to_json(orient="records", double_precision=4))
    payload = _round({**meta, "scores": records})
    (out_dir / f"{name}.json").write_text(json.dumps(payload, indent=2, sort_keys=False) + "\n", "utf-8")
    lines = [f"# Evaluation: {name}", ""]
    for key, value in meta.items():
        lines.append(f"- **{key}**: `{value}`" if key == "command" else f"- **{key}**: {value}")
    lines += ["", markdown_table(scores), "", notes.strip(), ""]
    (out_dir / f"{name}.md").write_text("\n".join(lines), "utf-8")


def write_run_results(out_dir: Path | None, name: str, scores: pd.DataFrame, meta: dict, notes: str, *,
                      data: str, limit: int | None) -> pd.DataFrame:
    """:func:`write_results` with the command that reproduces the run first in ``meta``; returns ``scores``.

    The command is ``mediabias evaluate NAME --data DATA``, plus ``--limit N`` when a limit was given.
    """
    command = f"mediabias evaluate {name} --data {data}" + (f" --limit {limit}" if limit else "")
    write_results(out_dir, name, scores, {"command": command, **meta}, notes)
    return scores


def write_document(out_dir: Path, name: str, doc: dict, markdown_text: str) -> None:
    """Write an evaluation's results document as ``NAME.json`` (indented, UTF-8) and its ``NAME.md`` to ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{name}.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    (out_dir / f"{name}.md").write_text(markdown_text)


def write_model(model: dict, out: Path | None, file_name: str) -> dict:
    """Write a fitted model as compact JSON to ``out`` (default: ``FILE_NAME`` in the package's ``models/``)."""
    out = Path(out) if out else paths.MODELS_DIR / file_name
    out.write_text(json.dumps(model, separators=(",", ":")) + "\n", "utf-8")
    return model

def markdown_table(df: pd.DataFrame) -> str:
    """A GitHub Markdown table of ``df`` (floats to 3 decimals; no tabulate dependency)."""
    def fmt(v):
        if isinstance(v, (float, np.floating)):
            return "" if np.isnan(v) else f"{v:.3f}"
        return str(v)

    head = "| " + " | ".join(map(str, df.columns)) + " |"
    rule = "|" + "|".join("---" for _ in df.columns) + "|"
    body = ["| " + " | ".join(fmt(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([head, rule, *body])


def _weigh(X, w):
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
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    def make(C, w):
        w = np.ones(X.shape[1]) if w is None else np.asarray(w, dtype=float)
        return make_pipeline(StandardScaler(), FunctionTransformer(_weigh, kw_args={"w": w}),
                             LogisticRegression(C=C, class_weight=class_weight, max_iter=5000))

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

    The column weights are folded into the coefficients, so :func:`mediabias.framing.predict_proba` needs only
    ``mean``, ``scale``, ``coef`` and ``intercept``.
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
