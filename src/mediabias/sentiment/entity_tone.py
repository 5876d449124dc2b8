"""Sentiment toward a named entity in plain texts, by voice, and its aggregation to one number per article.

The validation of outlet comparisons (``mediabias evaluate comparison`` on BASIL, ``mediabias evaluate
known-groups`` on AllSides) needs the tool's view of an article's stance toward an entity that the dataset
names (BASIL's "Barack_Obama", AllSides' Donald Trump), on texts that are not in the corpus. This module does
that with the same building blocks as :func:`mediabias.sentiment.actor_sentiment`, so the checks rerun
unchanged when those improve:

* the entity's mentions are found by :func:`entity_forms` (full name; surname; see
  ``resources/entity_forms.yaml``);
* only paragraphs that mention the entity are parsed; :func:`mediabias.sources.extract_attributions` gives the
  attributed content spans, and :func:`mediabias.sentiment.quoted_speakers` puts a mention inside one in the
  ``quoted`` voice (the rest is the ``author`` voice, the writer's own words);
* :func:`mediabias.sentiment.target_sentiment` scores each mention in its sentence; VADER scores the same
  sentence (the baseline).

:func:`aggregate` then turns mentions into one value per article and entity under an explicit
:class:`Aggregation` (which voices count, how mentions are weighted, the thresholds of the three classes):
the aggregation is part of the instrument and is chosen on data (``resources/aggregation.yaml``).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from importlib import resources

import numpy as np
import pandas as pd
import yaml

from mediabias.sentiment.tables import quoted_speakers, sentence_tone, target_sentiment
from mediabias.sources import extract_attributions
from mediabias.sources.syntax import parse

MENTION_COLUMNS = ["doc_id", "entity", "paragraph", "sentence", "mention", "start", "end", "voice", "speaker",
                   "label", "score", "p_negative", "p_neutral", "p_positive", "vader_compound"]


@functools.lru_cache(maxsize=1)
def _forms_config() -> dict:
    return yaml.safe_load(resources.files("mediabias.resources").joinpath("entity_forms.yaml").read_text("utf-8"))


def entity_forms(name: str) -> list[str]:
    """The strings that count as a mention of ``name`` (underscores read as spaces), longest first.

    Example:
        >>> entity_forms("Barack_Obama")
        ['President Obama', 'Barack Obama', 'Obama']
        >>> entity_forms("Senate_Republicans")
        ['Senate Republicans']
    """
    if not isinstance(name, str) or not name.strip("_ "):
        raise ValueError(f"an entity name must be a non-empty string, got {name!r}")
    cfg = _forms_config()
    full = " ".join(name.replace("_", " ").split())
    forms = {full, *cfg.get("extra", {}).get(full, [])}
    words = full.split()
    if len(words) >= 2 and all(w[:1].isupper() for w in words) and words[-1] not in set(cfg["not_a_surname"]):
        forms.add(words[-1])
    return sorted(forms, key=lambda f: (-len(f), f))


def _pattern(name: str) -> re.Pattern:
    forms = entity_forms(name)
    flags = re.IGNORECASE if name == name.lower() else 0
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms) + r")(?![\w-])", flags)


def find_mentions(text: str, name: str) -> list[tuple[int, int]]:
    """Non-overlapping ``(start, end)`` spans of the entity's forms in ``text`` (longest form wins)."""
    return [m.span() for m in _pattern(name).finditer(text)]


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain text: split on line breaks, stripped, empty ones dropped."""
    return [p.strip() for p in re.split(r"\n+", text) if p.strip()]


def entity_sentiment(docs: pd.DataFrame, *, nlp=None, model=None, batch_size: int = 64) -> pd.DataFrame:
    """Every mention of each document's entities, with its voice and the sentiment toward it.

    Args:
        docs: one row per (document, entity): ``doc_id``, ``entity`` (a name as :func:`entity_forms` reads it)
            and ``paragraphs`` (a list of paragraph strings; the same for every entity of a document).
        nlp: spaCy pipeline for the parse behind the attributions (default :func:`mediabias.runtime.nlp.load_nlp`).
        model: a loaded target-sentiment model (default: the committed one).

    Returns:
        Columns :data:`MENTION_COLUMNS`, one row per mention: ``paragraph`` (index), ``sentence`` (its text),
        ``start``/``end`` (the mention's offsets in the sentence), ``voice`` (author | quoted), ``speaker``
        (the quoted speaker, else None), the target model's ``label``/``score``/``p_*`` toward the mention and
        VADER's ``vader_compound`` of the sentence.
    """
    missing = {"doc_id", "entity", "paragraphs"} - set(docs.columns)
    if missing:
        raise ValueError(f"docs table lacks column(s) {sorted(missing)}")
    # which paragraphs mention which entity
    wanted: dict[tuple, list[str]] = {}
    texts: dict[tuple, str] = {}
    for doc_id, g in docs.groupby("doc_id", sort=True):
        paragraphs = g["paragraphs"].iloc[0]
        for i, para in enumerate(paragraphs):
            ents = [e for e in dict.fromkeys(g["entity"]) if find_mentions(para, e)]
            if ents:
                wanted[(doc_id, i)] = ents
                texts[(doc_id, i)] = para
    if not texts:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    keys = list(texts)
    rows = []
    for key, doc in zip(keys, parse([texts[k] for k in keys], nlp=nlp)):
        para = texts[key]
        atts = extract_attributions(para, doc=doc)
        sents = [(s.start_char, s.end_char) for s in doc.sents]
        for ent in wanted[key]:
            for a, b in find_mentions(para, ent):
                s0, s1 = next(((x, y) for x, y in sents if x <= a < y), (0, len(para)))
                sent = para[s0:s1]
                lead = len(sent) - len(sent.lstrip())
                sent = sent.strip()
                s0 += lead
                if not (0 <= a - s0 < b - s0 <= len(sent)):
                    continue
                rows.append({"doc_id": key[0], "entity": ent, "paragraph": key[1], "sentence": sent,
                             "mention": para[a:b], "start": a - s0, "end": b - s0, "_a": a, "_b": b,
                             "_atts": atts})
    if not rows:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    speakers = []
    for r in rows:
        m = pd.DataFrame({"article_id": [0], "mention_start": [r["_a"]], "mention_end": [r["_b"]]})
        att = r["_atts"].assign(article_id=0)
        speakers.append(quoted_speakers(m, att).iloc[0])
    table = pd.DataFrame([{k: v for k, v in r.items() if not k.startswith("_")} for r in rows])
    table["speaker"] = speakers
    table["voice"] = np.where(table["speaker"].notna(), "quoted", "author")
    pred = target_sentiment(list(table["sentence"]), list(zip(table["start"], table["end"])), model=model,
                            batch_size=batch_size)
    for col in ("label", "score", "p_negative", "p_neutral", "p_positive"):
        table[col] = pred[col].to_numpy()
    table["vader_compound"] = sentence_tone(list(table["sentence"]))["vader_compound"].to_numpy()
    return table[MENTION_COLUMNS].sort_values(["doc_id", "entity", "paragraph", "start"], kind="stable",
                                              ignore_index=True)


@dataclasses.dataclass(frozen=True)
class Aggregation:
    """How mentions become one value per (article, entity), and that value a class.

    Attributes:
        voices: which voices count (``("author",)``: the writer's own words; ``("author", "quoted")``: all).
        weighting: ``mention`` (every mention counts once) or ``sentence`` (mentions of one sentence are
            averaged first, so a sentence that names the entity three times counts once).
        negative, positive: the value is ``negative`` at or below ``negative``, ``positive`` at or above
            ``positive``, else ``neutral``; an article with no counted mention is ``neutral`` (no evidence).
        value: what is averaged: ``score`` (P(positive) − P(negative) of each mention) or ``vote`` (+1 for a
            mention labelled positive, −1 negative, 0 neutral: the share of positive minus negative mentions).
    """

    voices: tuple[str, ...] = ("author",)
    weighting: str = "mention"
    negative: float = -0.05
    positive: float = 0.05
    value: str = "score"

    def __post_init__(self):
        if self.value not in ("score", "vote"):
            raise ValueError(f"value must be 'score' or 'vote', got {self.value!r}")
        if self.weighting not in ("mention", "sentence"):
            raise ValueError(f"weighting must be 'mention' or 'sentence', got {self.weighting!r}")
        if not self.negative < self.positive:
            raise ValueError(f"need negative < positive thresholds, got {self.negative} and {self.positive}")
        bad = set(self.voices) - {"author", "quoted"}
        if bad or not self.voices:
            raise ValueError(f"voices must be a non-empty subset of ('author', 'quoted'), got {self.voices!r}")

    def label(self, values) -> np.ndarray:
        v = np.asarray(values, dtype=float)
        out = np.where(v <= self.negative, "negative", np.where(v >= self.positive, "positive", "neutral"))
        return np.where(np.isnan(v), "neutral", out)


@functools.lru_cache(maxsize=1)
def chosen_aggregation() -> Aggregation:
    """The aggregation committed in ``resources/aggregation.yaml`` (chosen on BASIL 2010-2012)."""
    cfg = yaml.safe_load(resources.files("mediabias.resources").joinpath("aggregation.yaml").read_text("utf-8"))
    a = cfg["entity_sentiment"]
    return Aggregation(tuple(a["voices"]), a["weighting"], float(a["negative"]), float(a["positive"]),
                       a.get("value", "score"))


def aggregate(mentions: pd.DataFrame, keys: pd.DataFrame, *, how: Aggregation, value: str | None = None) -> pd.DataFrame:
    """One value per row of ``keys`` (``doc_id, entity``): the weighted mean over counted mentions.

    Args:
        value: the mention column averaged; default ``how.value`` (``score``, or ``vote`` computed from
            ``label``); pass ``vader_compound`` for the VADER baseline.

    Returns:
        ``keys`` with ``n_mentions`` (counted), ``value`` (NaN when none) and ``label`` (see :class:`Aggregation`).
    """
    value = value or how.value
    m = mentions[mentions["voice"].isin(how.voices)]
    if value == "vote":
        m = m.assign(vote=m["label"].map({"negative": -1.0, "neutral": 0.0, "positive": 1.0}))
    if how.weighting == "sentence":
        m = m.groupby(["doc_id", "entity", "paragraph", "sentence"], sort=True).agg(v=(value, "mean"), n=(value, "size")).reset_index()
        per = m.groupby(["doc_id", "entity"]).agg(value=("v", "mean"), n_mentions=("n", "sum")).reset_index()
    else:
        per = m.groupby(["doc_id", "entity"]).agg(value=(value, "mean"), n_mentions=(value, "size")).reset_index()
    out = keys[["doc_id", "entity"]].merge(per, on=["doc_id", "entity"], how="left")
    out["n_mentions"] = out["n_mentions"].fillna(0).astype(int)
    out["label"] = how.label(out["value"])
    return out
