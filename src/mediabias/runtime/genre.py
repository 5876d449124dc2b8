"""Genre: is a text opinion writing (a blog post, a column, an editorial) or news reporting?

The trained instruments learned from news (frames and roles from the Narrative Frames climate articles, target
sentiment from NewsMTSC news sentences); their scores say nothing about how they behave on a blogger's argument.
This check reads the style of a text, not its topic (``resources/genre_features.yaml``: function words, stance
markers, first and second person, questions, quotation marks) and returns P(opinion) from a logistic regression
(``models/genre_lr.json``) trained on AllSides articles whose URL or outlet name says opinion or news, with whole
outlets held out in its evaluation (``scripts/train_genre.py``; the model card ``models/genre_lr.md``).
It belongs with the domain gate (:mod:`mediabias.runtime.domain`), which it informs; it knows no instrument.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import numpy as np
import pandas as pd
import yaml

from mediabias.models import genre as genre_model

MODEL = genre_model.NAME
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
SHAPE_FEATURES = ("questions_per_sentence", "exclamations_per_sentence", "dashes_per_sentence",
                  "parentheses_per_sentence", "quote_marks_per_100_words", "digits_per_100_chars",
                  "words_per_sentence", "contractions_per_100_words")
SENTENCE_END = re.compile(r"[.!?]+(?:[\"'”’)\]]*)(?=\s|$)")


@functools.lru_cache(maxsize=1)
def _groups() -> dict[str, frozenset]:
    text = resources.files("mediabias.resources").joinpath("genre_features.yaml").read_text(encoding="utf-8")
    return {k: frozenset(str(w).lower() for w in v) for k, v in yaml.safe_load(text)["groups"].items()}


@functools.lru_cache(maxsize=1)
def function_words() -> tuple[str, ...]:
    """scikit-learn's English stop-word list, sorted (the function-word features)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return tuple(sorted(ENGLISH_STOP_WORDS))


def feature_names() -> list[str]:
    """Names of the columns of :func:`features`, in order."""
    return [f"fw_{w}" for w in function_words()] + [f"group_{g}" for g in sorted(_groups())] + list(SHAPE_FEATURES)


def features(texts: list[str]) -> np.ndarray:
    """One row of style features per text (rates; see ``resources/genre_features.yaml``).

    Example:
        >>> features(["I think we should leave. Why not?"]).shape[1] == len(feature_names())
        True
    """
    fw = {w: i for i, w in enumerate(function_words())}
    groups = sorted(_groups().items())
    rows = []
    for text in texts:
        text = text.replace("’", "'")
        words = [w.lower() for w in WORD.findall(text)]
        n = max(len(words), 1)
        counts = np.zeros(len(fw))
        for w in words:
            if w in fw:
                counts[fw[w]] += 1
        lowered = " " + " ".join(words) + " "
        group_rates = []
        for _, members in groups:
            hits = sum(1 for w in words if w in members)
            hits += sum(lowered.count(f" {m} ") for m in members if " " in m)
            group_rates.append(100.0 * hits / n)
        n_sent = max(len(SENTENCE_END.findall(text)), 1)
        shape = [text.count("?") / n_sent, text.count("!") / n_sent,
                 (text.count("—") + text.count(" - ") + text.count("--")) / n_sent, text.count("(") / n_sent,
                 100.0 * sum(text.count(q) for q in ('"', "“", "”")) / n,
                 100.0 * sum(c.isdigit() for c in text) / max(len(text), 1), len(words) / n_sent,
                 100.0 * sum(1 for w in words if re.search(r"'(t|re|ve|ll|d|m)$", w)) / n]
        rows.append(np.concatenate([100.0 * counts / n, group_rates, shape]))
    return np.vstack(rows) if rows else np.zeros((0, len(feature_names())))


def opinion_probability(texts: list[str]) -> np.ndarray:
    """P(opinion writing) for each text, from the shipped model (``models/genre_lr.json``)."""
    return genre_model.load().predict_proba(features(texts))["opinion"].to_numpy()


#: Columns of :func:`article_genre`.
GENRE_COLUMNS = {
    "article_id": "the article",
    "n_words": "words of the article's own voice that were read (excerpts and quotations of other outlets excluded)",
    "p_opinion": "P(opinion writing) of the own-voice text, from its style",
    "genre": "opinion | mixed | news (bands of resources/genre_trust.yaml) | unknown (fewer than min_words words)",
}


@functools.lru_cache(maxsize=1)
def trust() -> dict:
    """``resources/genre_trust.yaml``: the genre bands and, per instrument, the genres it can be trusted on."""
    text = resources.files("mediabias.resources").joinpath("genre_trust.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def band(p: float) -> str:
    """The genre band of P(opinion): ``opinion``, ``mixed`` or ``news`` (``unknown`` for NaN).

    >>> band(0.95), band(0.5), band(0.1)
    ('opinion', 'mixed', 'news')
    """
    if p != p:
        return "unknown"
    bands = trust()["bands"]
    return "opinion" if p >= bands["opinion_from"] else "news" if p <= bands["news_up_to"] else "mixed"


def article_genre(sentences: pd.DataFrame, *, min_words: int = 80) -> pd.DataFrame:
    """Per article, the genre of its own voice: opinion or news, with P(opinion).

    Args:
        sentences: sentence rows with ``article_id``, ``voice`` and ``text`` (``Corpus.segments`` at level
            sentence); only the ``author`` voice is read (a blog's excerpts of a wire story are the wire's genre).
        min_words: below this many own-voice words the genre is ``unknown``.

    Returns:
        One row per article, columns :data:`GENRE_COLUMNS`.
    """
    missing = {"article_id", "voice", "text"} - set(sentences.columns)
    if missing:
        raise ValueError(f"sentences lack column(s) {sorted(missing)}")
    rows = []
    for aid in sorted(set(sentences["article_id"])):
        own = sentences[(sentences["article_id"] == aid) & (sentences["voice"] == "author")]
        text = " ".join(own["text"])
        n = len(WORD.findall(text))
        if n < min_words:
            rows.append((aid, n, float("nan"), "unknown"))
            continue
        p = round(float(opinion_probability([text])[0]), 4)
        rows.append((aid, n, p, band(p)))
    return pd.DataFrame(rows, columns=list(GENRE_COLUMNS))
