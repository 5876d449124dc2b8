"""The shipped loaded-language model: a sentence's probability of being written in loaded, opinionated language.

Features per sentence: the MiniLM sentence vector (384), the counts of the literature cue classes of
:mod:`mediabias.language.cues`, log(1 + words), and VADER's |compound|, pos, neg and neu. The weights
(``models/loaded_language_lr.json``) come from a logistic regression trained by
``scripts/train_loaded_language.py`` on distant labels (opinion/commentary vs straight-news sentences of the
Apache-2.0 AllSides collection; see ``resources/distant_labels.yaml``), never on MBIC: MBIC is only the yardstick
(``mediabias evaluate loaded-language``), because its AGPL-3.0 licence keeps it out of what we ship.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mediabias.language.cues import CUES, loaded_language
from mediabias.models import api
from mediabias.models import loaded_language as loaded_lr
from mediabias.runtime.encoder import encode_sentences
from mediabias.sentiment.tables import sentence_tone

MODEL = loaded_lr.NAME
VADER_FEATURES = ("vader_abs_compound", "vader_pos", "vader_neg", "vader_neu")


def features(sentences, *, cache_dir=None) -> np.ndarray:
    """The model's input matrix for ``sentences`` (a list of strings), one row per sentence."""
    if not isinstance(sentences, str):
        sentences = list(sentences)
    cues = loaded_language(sentences)  # rejects a bare string or non-strings, with the message to act on
    if not sentences:
        return np.zeros((0, 384 + len(CUES) + 1 + len(VADER_FEATURES)))
    tone = sentence_tone(sentences)
    vader = np.column_stack([tone["vader_compound"].abs(), tone["vader_pos"], tone["vader_neg"], tone["vader_neu"]])
    return np.hstack([encode_sentences(sentences, cache_dir=cache_dir), cues[list(CUES)].to_numpy(dtype=float),
                      np.log1p(cues[["n_words"]].to_numpy(dtype=float)), vader])


def feature_names() -> list[str]:
    return [f"minilm_{i}" for i in range(384)] + [f"cue_{c}" for c in CUES] + ["log1p_words", *VADER_FEATURES]


def probability(sentences, *, model: api.LinearModel | None = None, cache_dir=None) -> np.ndarray:
    """P(loaded) for each sentence under the shipped model (or ``model``, a :class:`~mediabias.models.api.LinearModel`)."""
    model = model or loaded_lr.load()
    X = features(sentences, cache_dir=cache_dir)
    if len(X) == 0:
        return np.zeros(0)
    return model.predict_proba(X)["loaded"].to_numpy()


def threshold(model: api.LinearModel | None = None) -> float:
    """The decision threshold stored with the model (0.5: the training classes are balanced)."""
    return (model or loaded_lr.load()).cutoffs()["loaded"]


def is_loaded(p, *, model: api.LinearModel | None = None) -> np.ndarray:
    """The model's decision on probabilities ``p`` of :func:`probability`: loaded or not, one bool per sentence.

    >>> is_loaded([0.2, 0.9]).tolist()
    [False, True]
    """
    probabilities = pd.DataFrame({"loaded": np.asarray(p, dtype=float)})
    return (model or loaded_lr.load()).decide(probabilities)["loaded"].to_numpy()
