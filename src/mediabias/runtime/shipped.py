"""The one interface of the shipped models: ``load(name)`` gives an object whose ``predict_proba(X)`` maps
features to a DataFrame of class probabilities, one column per label.

Three models are logistic regressions stored as JSON (``models/<name>.json``: scaler, coefficients,
thresholds), applied by :class:`LinearModel`; the target-sentiment network
(:class:`mediabias.sentiment.model.TargetSentimentModel`) has the same ``labels`` / ``predict_proba``
interface, its features being ``(sentences, target spans)``.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from importlib import resources

import numpy as np
import pandas as pd


@dataclasses.dataclass(frozen=True)
class LinearModel:
    """A logistic regression (one-vs-rest sigmoid, or multinomial softmax when ``params["kind"]`` says so).

    ``params`` holds ``mean``, ``scale`` (the standard scaler), ``coef``, ``intercept``, ``labels`` and whatever
    the trainer stored beside them (``thresholds``, ``threshold``, provenance).
    """

    params: dict

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.params["labels"])

    def get(self, key: str, default=None):
        """A stored value other than the weights (``thresholds``, ``threshold``, ...)."""
        return self.params.get(key, default)

    def predict_proba(self, X) -> pd.DataFrame:
        """Probabilities for each row of the feature matrix ``X``, one column per label."""
        m = self.params
        Z = (np.asarray(X, dtype=float) - np.asarray(m["mean"])) / np.asarray(m["scale"])
        logits = Z @ np.asarray(m["coef"]).T + np.asarray(m["intercept"])
        if m.get("kind") == "multinomial":
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
        else:
            p = 1.0 / (1.0 + np.exp(-logits))
        return pd.DataFrame(p, columns=list(m["labels"]))


@functools.lru_cache(maxsize=8)
def load(name: str) -> LinearModel:
    """The shipped linear model ``models/<name>.json`` (read once per process)."""
    try:
        text = resources.files("mediabias.models").joinpath(f"{name}.json").read_text("utf-8")
    except FileNotFoundError as exc:
        raise FileNotFoundError(f"no shipped model {name!r} in mediabias/models; retrain it with the script named "
                                f"in docs/architecture.md") from exc
    return LinearModel(json.loads(text))
