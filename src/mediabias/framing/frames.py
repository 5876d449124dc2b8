"""News frames per paragraph and per article, and the hero / villain / victim roles of actors.

Frames follow the codebook in ``resources/frames_codebook.yaml`` (Semetko & Valkenburg 2000 generic frames
plus resolution from Frermann et al. 2023). Two detectors sit side by side:

* a keyword rule (codebook cue matches per 100 words against the frame's ``min_hits``), transparent and
  unvalidated beyond being the baseline of ``evaluation/frames.py``;
* a logistic-regression classifier over MiniLM sentence embeddings, the similarity of the text's sentences to
  the codebook questions and prototypes (top-3 mean and max) and the codebook cue rates, trained on
  the Narrative Frames corpus (MIT; see ``models/PROVENANCE.md``) and shipped as coefficients in
  ``models/frames_lr.json``. It covers the five frames that corpus labels (RE, HI, CO, MO, EC); the
  responsibility frame has cues only.

Roles (hero / villain / victim) are in :mod:`mediabias.framing.roles` and re-exported here.

Example:
    >>> df = paragraph_frames(["An escalating war of words between the two leaders."], model=False)
    >>> df.loc[df.frame == "conflict", "keyword_present"].item()
    True
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import numpy as np
import pandas as pd
import yaml

from mediabias.corpus.segment import segmented
from mediabias.corpus.words import count_words
from mediabias.models import frames as frames_model
from mediabias.runtime.encoder import encode_sentences
from mediabias.runtime.text import check_texts, split_sentences

FRAMES = ("resolution", "responsibility", "conflict", "economic", "human_interest", "morality")
ROLES = ("hero", "villain", "victim")


@functools.lru_cache(maxsize=1)
def load_codebook() -> dict:
    """The frame codebook (``resources/frames_codebook.yaml``) with cue patterns compiled under ``"regex"``."""
    text = resources.files("mediabias.resources").joinpath("frames_codebook.yaml").read_text("utf-8")
    book = yaml.safe_load(text)
    for section in ("frames", "roles"):
        for spec in book[section].values():
            spec["regex"] = re.compile("|".join(f"(?:{c})" for c in spec["cues"]), re.IGNORECASE)
    return book


def cue_matches(text: str, *, section: str = "frames") -> pd.DataFrame:
    """Every codebook cue match in ``text``.

    Returns:
        DataFrame with columns ``frame`` (or role, for ``section="roles"``), ``start``, ``end``, ``match``
        (``text[start:end]``), sorted by ``start``.
    """
    rows = []
    for name, spec in load_codebook()[section].items():
        for m in spec["regex"].finditer(text):
            rows.append((name, m.start(), m.end(), m.group(0)))
    df = pd.DataFrame(rows, columns=["frame", "start", "end", "match"])
    return df.sort_values(["start", "frame"], kind="stable").reset_index(drop=True)


def cue_rates(texts, *, section: str = "frames") -> pd.DataFrame:
    """Cue matches per 100 words for each text and frame (or role): one row per text, one column per name."""
    texts = check_texts(texts)
    book = load_codebook()[section]
    out = np.zeros((len(texts), len(book)))
    for i, t in enumerate(texts):
        words = max(count_words(t), 1)
        for j, spec in enumerate(book.values()):
            out[i, j] = 100.0 * len(spec["regex"].findall(t)) / words
    return pd.DataFrame(out, columns=list(book))


@functools.lru_cache(maxsize=1)
def _anchor_vectors() -> np.ndarray:
    """MiniLM vectors of the codebook questions, then of the prototype sentences (frames in codebook order)."""
    frames = load_codebook()["frames"].values()
    qs = [q.split(":", 1)[-1].strip() for spec in frames for q in spec["questions"]]
    return encode_sentences(qs + [p for spec in frames for p in spec["prototypes"]])


def frame_features(texts, *, cache_dir=None) -> np.ndarray:
    """Classifier input for each text, in this order:

    * the mean of its sentences' MiniLM vectors (384 columns);
    * for each codebook question, then each prototype sentence (frames in codebook order), the mean cosine
      similarity of the three sentences closest to it (fewer for short texts): a zero-shot "does the text
      answer this question / resemble this example" score;
    * the same anchors again, the cosine similarity of the single closest sentence (max-pooled: one
      sentence that clearly answers a question counts even when the next-closest ones do not);
    * the six codebook cue rates (matches per 100 words).

    With the shipped codebook that is 384 + 50 + 50 + 6 = 490 columns.
    """
    texts = check_texts(texts)
    sents, owner = [], []
    for i, t in enumerate(texts):
        parts = split_sentences(t) or [t or " "]
        sents += parts
        owner += [i] * len(parts)
    vecs = encode_sentences(sents, cache_dir=cache_dir)
    owner = np.asarray(owner)
    qv = _anchor_vectors()
    mean = np.zeros((len(texts), vecs.shape[1]))
    qtop = np.zeros((len(texts), len(qv)))
    qmax = np.zeros((len(texts), len(qv)))
    for i in range(len(texts)):
        v = vecs[owner == i]
        mean[i] = v.mean(axis=0)
        sims = np.sort(v @ qv.T, axis=0)
        qtop[i] = sims[-3:].mean(axis=0)
        qmax[i] = sims[-1]
    return np.hstack([mean, qtop, qmax, cue_rates(texts).to_numpy()])


def paragraph_frames(texts, *, model: bool = True) -> pd.DataFrame:
    """Frames of each text (a paragraph, or a whole article).

    Args:
        texts: list of strings.
        model: also apply the trained classifier (needs the MiniLM package); ``False`` gives cues only.

    Returns:
        One row per (text, frame), frames in codebook order. Columns: ``text_index``, ``frame``, ``code``
        (Narrative Frames code or ``None``), ``n_words``, ``cue_hits``, ``cue_rate`` (per 100 words),
        ``keyword_present`` (``cue_rate >= min_hits``), ``probability`` (classifier, NaN when not modelled),
        ``present`` (classifier decision at its cross-validated threshold; the keyword rule where there is no
        classifier), ``cues`` (matched strings, ``"; "``-joined).
    """
    texts = check_texts(texts)
    book = load_codebook()["frames"]
    rates = cue_rates(texts)
    probs = decided = None
    if model and texts:
        m = frames_model.load()
        probs = m.predict_proba(frame_features(texts))
        decided = m.decide(probs)
    rows = []
    for i, t in enumerate(texts):
        words = count_words(t)
        for name, spec in book.items():
            found = [x.group(0) for x in spec["regex"].finditer(t)]
            kw = bool(rates.at[i, name] >= spec["min_hits"])
            p = float(probs.at[i, name]) if probs is not None and name in probs else float("nan")
            present = bool(decided.at[i, name]) if not np.isnan(p) else kw
            rows.append((i, name, spec["code"], words, len(found), rates.at[i, name], kw, p, present,
                         "; ".join(found)))
    return pd.DataFrame(rows, columns=["text_index", "frame", "code", "n_words", "cue_hits", "cue_rate",
                                       "keyword_present", "probability", "present", "cues"])


def frames(corpus, *, level: str = "paragraph", model: bool = True) -> pd.DataFrame:
    """Frames for every paragraph (``level="paragraph"``) or article (``level="article"``) of a corpus.

    Returns:
        The :func:`paragraph_frames` columns (minus ``text_index``) with ``article_id``, ``outlet``, ``level``,
        and for paragraphs ``segment_id``, ``paragraph``, ``voice``, ``origin_outlet``, ``start``, ``end``.
        Sorted by article, paragraph and frame order.
    """
    if level == "article":
        units = corpus.articles.reset_index(drop="article_id" in corpus.articles.columns)
        units = units[["article_id", "outlet", "text"]].assign(level="article")
    elif level == "paragraph":
        seg = segmented(corpus).segments
        cols = ["article_id", "segment_id", "paragraph", "outlet", "voice", "origin_outlet", "start", "end", "text"]
        units = seg.loc[seg["level"] == "paragraph", cols].assign(level="paragraph")
    else:
        raise ValueError(f"level must be 'paragraph' or 'article', not {level!r}")
    units = units.sort_values(["article_id", "start"] if level == "paragraph" else ["article_id"]).reset_index(drop=True)
    scored = paragraph_frames(units["text"].tolist(), model=model)
    out = units.drop(columns="text").join(scored.set_index("text_index"), how="right")
    return out.reset_index(drop=True)
