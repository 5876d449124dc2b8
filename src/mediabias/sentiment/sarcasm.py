"""A per-sentence irony flag: a sarcasm classifier learned from data, combined with the irony cue rules.

The cue rules (:mod:`mediabias.sentiment.irony`, ``resources/irony_markers.yaml``) catch the marked forms of
irony ("indeed", scare quotes, a rhetorical question); they miss unmarked sarcasm, where the words are straight
and the intent is not ("Iran seems well positioned to do just about anything they wish in Iraq"). The classifier
(``models/sarcasm_lr.*``, ``scripts/train_sarcasm.py``) is a logistic regression over the MiniLM sentence vector
and VADER's four scores, trained on iSarcasmEval (SemEval-2022 Task 6; tweets labelled sarcastic by their own
authors, with the authors' literal rephrases as extra non-sarcastic rows). Tweets are not blog prose: read its
probability as a second opinion beside the cues, not as a measurement (``models/sarcasm_lr.md``, "Limits").

:func:`sentence_irony` combines the two by the rule in ``resources/irony_flag.yaml`` and says why each
sentence is flagged; :func:`irony_table` does it for the sentence rows of the pipeline's ``segments`` table.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources

import numpy as np
import pandas as pd
import yaml

from mediabias.models import api
from mediabias.models import sarcasm as sarcasm_model
from mediabias.runtime.encoder import encode_sentences
from mediabias.runtime.text import check_texts
from mediabias.sentiment.irony import sentence_markers
from mediabias.sentiment.tables import sentence_tone

MODEL_NAME = sarcasm_model.NAME
VADER_COLUMNS = ["vader_neg", "vader_neu", "vader_pos", "vader_compound"]

#: Columns of :func:`sentence_irony` (and, after the segment columns, of :func:`irony_table`).
IRONY_FLAG_COLUMNS = {
    "sarcasm_probability": "the classifier's P(sarcastic) for the sentence (models/sarcasm_lr.json)",
    "irony_cues": "the irony cues of the sentence (mediabias.sentiment.irony.sentence_markers), '; '-joined",
    "irony_flag": "True when a cue that flags alone fired, or the probability reached the model's flag threshold "
                  "(cross-validated precision 0.5 on iSarcasmEval train) in a sentence whose words read positive "
                  "(resources/irony_flag.yaml)",
    "irony_reason": "why: the cues that flagged, and/or 'model P(sarcastic) = 0.71 >= 0.65'; '' when not flagged",
}


def sarcasm_features(sentences: Sequence[str], *, cache_dir=None) -> np.ndarray:
    """MiniLM vector (384) and VADER's neg / neu / pos / compound (4) of each sentence."""
    sentences = check_texts(sentences, what="sentences")
    if not sentences:
        return np.zeros((0, 388), dtype=float)
    tone = sentence_tone(sentences)[VADER_COLUMNS].to_numpy(dtype=float)
    return np.hstack([encode_sentences(sentences, cache_dir=cache_dir).astype(float), tone])


@functools.lru_cache(maxsize=1)
def flag_rule() -> dict:
    """The combination rule of ``resources/irony_flag.yaml``."""
    return yaml.safe_load(resources.files("mediabias.resources").joinpath("irony_flag.yaml").read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def load_model() -> api.LinearModel:
    """The shipped sarcasm classifier (``models/sarcasm_lr.json``)."""
    return sarcasm_model.load()


def sarcasm_probability(sentences: Sequence[str], *, model=None, cache_dir=None) -> np.ndarray:
    """P(sarcastic) of each sentence from the shipped classifier (or ``model``)."""
    X = sarcasm_features(sentences, cache_dir=cache_dir)
    if not len(X):
        return np.zeros(0)
    return (model or load_model()).predict_proba(X)["sarcastic"].to_numpy()


def cue_kind(cue: str) -> str:
    """The kind of a :func:`sentence_markers` cue: ``phrase``, ``scare quotes``, ``rhetorical question`` or
    ``after the rhetorical question``."""
    for kind in ("phrase", "scare quotes", "after the rhetorical question", "rhetorical question"):
        if cue.startswith(kind):
            return kind
    return cue


def sentence_irony(sentences: Sequence[str], *, previous: Sequence[str | None] | None = None, model=None,
                   cache_dir=None) -> pd.DataFrame:
    """The irony flag of each sentence, with its reason.

    Args:
        sentences: the sentences.
        previous: the sentence before each one in its paragraph (``None`` for a first sentence), for the
            "after a short rhetorical question" cue.
        model: a :class:`~mediabias.models.api.LinearModel` with a ``sarcastic`` column (default :func:`load_model`);
            its decision at the stored ``flag_threshold`` (else its ``threshold``) is the model's part of the flag.

    Returns:
        One row per sentence, in input order: ``sentence`` and :data:`IRONY_FLAG_COLUMNS`.

    Example:
        >>> sentence_irony(["Smart power, indeed."])[["irony_flag", "irony_reason"]]  # doctest: +SKIP
           irony_flag                                   irony_reason
        0        True  cue: phrase “smart power”; phrase “indeed”
    """
    sentences = check_texts(sentences, what="sentences")
    previous = list(previous) if previous is not None else [None] * len(sentences)
    if len(previous) != len(sentences):
        raise ValueError(f"need one previous sentence (or None) per sentence: got {len(previous)} for "
                         f"{len(sentences)} sentences")
    model = model or load_model()
    cutoff = "flag_threshold" if model.get("flag_threshold") is not None else None
    threshold = model.cutoffs(cutoff)["sarcastic"]
    rule = flag_rule()
    X = sarcasm_features(sentences, cache_dir=cache_dir)
    proba = model.predict_proba(X) if len(X) else pd.DataFrame({"sarcastic": np.zeros(0)})
    probs, reached = proba["sarcastic"].to_numpy(), model.decide(proba, cutoff=cutoff)["sarcastic"].to_numpy()
    compound = X[:, -1] if len(X) else np.zeros(0)  # VADER compound: the last feature
    rows = []
    for sent, prev, p, at_cutoff, tone in zip(sentences, previous, probs, reached, compound):
        cues = sentence_markers(sent, previous=prev)
        alone = [c for c in cues if cue_kind(c) in rule["cues_that_flag_alone"]]
        reasons = [f"cue: {'; '.join(alone)}"] if alone else []
        if at_cutoff and tone >= rule["model_min_vader_compound"]:
            reasons.append(f"model P(sarcastic) = {p:.2f} >= {threshold:.2f} on positive words (VADER {tone:+.2f})")
        rows.append({"sentence": sent, "sarcasm_probability": float(p), "irony_cues": "; ".join(cues),
                     "irony_flag": bool(reasons), "irony_reason": "; ".join(reasons)})
    out = pd.DataFrame(rows, columns=["sentence", *IRONY_FLAG_COLUMNS])
    out["irony_flag"] = out["irony_flag"].astype(bool)
    return out


def irony_table(segments: pd.DataFrame, *, voice: str | None = None, model=None) -> pd.DataFrame:
    """The irony flag of every sentence of the pipeline's ``segments`` table (``load_results(...)["segments"]``).

    Args:
        segments: rows with ``article_id, segment_id, level, paragraph, start, voice, text`` (paragraph rows are
            ignored).
        voice: keep only sentences in this voice (``"author"``: the outlet's own words); default all.

    Returns:
        One row per sentence: ``article_id, segment_id, paragraph, voice, text`` and :data:`IRONY_FLAG_COLUMNS`,
        sorted by article and offset.
    """
    need = {"article_id", "segment_id", "level", "paragraph", "start", "voice", "text"}
    missing = need - set(segments.columns)
    if missing:
        raise ValueError(f"segments table lacks column(s) {sorted(missing)}: pass load_results(...)['segments']")
    sents = segments[segments["level"] == "sentence"].sort_values(["article_id", "start"], kind="stable")
    previous = sents.groupby(["article_id", "paragraph"], sort=False)["text"].shift(1)
    keep = sents["voice"].eq(voice) if voice else pd.Series(True, index=sents.index)
    sents, previous = sents[keep], previous[keep]
    flags = sentence_irony(sents["text"].tolist(), previous=[p if isinstance(p, str) else None for p in previous],
                           model=model)
    out = sents[["article_id", "segment_id", "paragraph", "voice", "text"]].reset_index(drop=True)
    for col in IRONY_FLAG_COLUMNS:
        out[col] = flags[col].to_numpy()
    return out
