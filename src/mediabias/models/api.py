"""The one interface of every shipped model: ``labels``, ``predict_proba(X)`` and ``decide(probabilities)``.

:class:`ShippedModel` declares it. Two classes implement it: :class:`LinearModel` (the logistic regressions stored
as JSON, ``models/<name>.json``: scaler, coefficients, cut-offs, provenance; read by :func:`load`) and the
target-sentiment network (:class:`mediabias.models.target_sentiment.TargetSentimentModel`, whose features ``X`` are
``(sentences, target spans)``).

A model's answer is its own decision, never the caller's: a *single-choice* model (softmax over its labels:
holder, stance, roles, target sentiment) answers the label of highest probability
(:func:`mediabias.models.decision.argmax`); a *detector* (independent sigmoids: frames, genre, loaded language,
sarcasm) answers, for each label, whether its probability reaches the cut-off stored with the model
(:func:`mediabias.models.decision.at_cutoffs`). Which one a model is, is stored with it
(``kind``: ``multinomial`` or ``ovr``). Each model family's training, export, loading and model card live in one
module beside its weights (``mediabias.models.genre``, ``.frames``, ...).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from importlib import resources
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
import pandas as pd

from mediabias import paths
from mediabias.models.decision import argmax, at_cutoffs


@runtime_checkable
class ShippedModel(Protocol):
    """What every shipped model offers its callers."""

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels, in the order of the probability columns."""

    def predict_proba(self, X) -> pd.DataFrame:
        """Probabilities for each row of ``X``, one column per label (a single-choice model's rows sum to 1)."""

    def decide(self, probabilities: pd.DataFrame):
        """The model's answers for rows of :meth:`predict_proba`: a Series of labels (single-choice model) or a
        DataFrame of booleans, one column per label (detector)."""


@dataclasses.dataclass(frozen=True)
class LinearModel:
    """A logistic regression (one-vs-rest sigmoids, or multinomial softmax when ``params["kind"]`` says so).

    ``params`` holds ``mean``, ``scale`` (the standard scaler), ``coef``, ``intercept``, ``labels`` and whatever
    the trainer stored beside them (``thresholds`` per label or one ``threshold``, provenance).
    """

    params: dict

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.params["labels"])

    @property
    def single_choice(self) -> bool:
        """Whether the model picks one label per row (softmax) rather than detecting each label (sigmoids)."""
        return self.params.get("kind") == "multinomial"

    def get(self, key: str, default=None):
        """A stored value other than the weights (``thresholds``, ``threshold``, provenance, ...)."""
        return self.params.get(key, default)

    def predict_proba(self, X) -> pd.DataFrame:
        """Probabilities for each row of the feature matrix ``X``, one column per label."""
        m = self.params
        Z = (np.asarray(X, dtype=float) - np.asarray(m["mean"])) / np.asarray(m["scale"])
        logits = Z @ np.asarray(m["coef"]).T + np.asarray(m["intercept"])
        if self.single_choice:
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
        else:
            p = 1.0 / (1.0 + np.exp(-logits))
        return pd.DataFrame(p, columns=list(m["labels"]))

    def cutoffs(self, cutoff: str | None = None) -> dict[str, float]:
        """A detector's cut-off per label: the stored ``thresholds`` (one per label), else the one ``threshold``
        (0.5 when none is stored); ``cutoff`` names another stored one (the sarcasm flag's ``flag_threshold``)."""
        if cutoff is not None:
            return dict.fromkeys(self.labels, float(self.params[cutoff]))
        if "thresholds" in self.params:
            return dict(zip(self.labels, map(float, self.params["thresholds"])))
        return dict.fromkeys(self.labels, float(self.params.get("threshold", 0.5)))

    def decide(self, probabilities: pd.DataFrame, *, cutoff: str | None = None):
        """The model's answers: the label of highest probability for a single-choice model
        (:func:`~mediabias.models.decision.argmax`), else whether each label reaches its cut-off of :meth:`cutoffs`
        (:func:`~mediabias.models.decision.at_cutoffs`; ``cutoff`` names a stored cut-off other than the default)."""
        if self.single_choice and cutoff is None:
            return argmax(probabilities, self.labels)
        return at_cutoffs(probabilities, self.cutoffs(cutoff))


def path(name: str) -> Path:
    """The weights file ``models/<name>.json`` (it may not exist)."""
    return paths.MODELS_DIR / f"{name}.json"


def card(name: str) -> Path:
    """The model card ``models/<name>.md`` (Markdown: data, licence, scores, how to retrain)."""
    return paths.MODELS_DIR / f"{name}.md"


@functools.lru_cache(maxsize=16)
def load(name: str) -> LinearModel:
    """The shipped linear model ``models/<name>.json`` (read once per process)."""
    try:
        text = resources.files("mediabias.models").joinpath(f"{name}.json").read_text("utf-8")
    except FileNotFoundError as exc:
        raise FileNotFoundError(f"no shipped model {name!r} in mediabias/models; retrain it with the script named "
                                f"in docs/architecture.md") from exc
    return LinearModel(json.loads(text))


def write(model: dict, out: Path, *, indent: int | None = None) -> dict:
    """Write a model's parameters as JSON to ``out``: compact (the default) or indented by ``indent``."""
    text = json.dumps(model, indent=indent) if indent else json.dumps(model, separators=(",", ":"))
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(text + "\n", "utf-8")
    return model
