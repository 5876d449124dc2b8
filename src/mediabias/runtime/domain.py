"""Out-of-domain gating: is an article inside what each trained instrument was validated on?

Each trained instrument learned from one kind of text: target sentiment from NewsMTSC news sentences, frames
and roles from the Narrative Frames climate-news articles, loaded language from AllSides partisan articles.
For each, ``models/domain.json`` holds a profile of its training text: k-means centroids of the training
sentences' MiniLM vectors and the 95th percentile of a training sentence's cosine distance to its nearest
centroid. An article's sentence is *outside* when it lies farther than that; the article is outside an
instrument's domain when more than ``max_outside_share`` of its sentences are. Notebooks grey out or omit
results outside, and say why. Rebuild the profiles with ``scripts/build_domain_profiles.py --data DIR``.

Belongs below the instruments (it knows none of them beyond their training data): ``runtime/`` or beside
``encoder`` in the new layout.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

import numpy as np
import pandas as pd

from mediabias.runtime.encoder import encode_sentences
from mediabias.runtime.genre import trust as genre_trust

DOMAIN_FILE = "domain.json"

#: Columns of :func:`article_domain`.
DOMAIN_COLUMNS = {
    "article_id": "the article",
    "instrument": "target_sentiment | frames | roles | loaded_language",
    "training_data": "what the instrument was trained and validated on",
    "n_sentences": "sentences of the article",
    "median_distance": "median cosine distance of its sentences to the nearest training centroid",
    "share_outside": "share of its sentences farther than the training 95th percentile",
    "in_domain": "True when share_outside <= max_outside_share",
    "why": "a plain sentence saying whether and why the article is outside",
    "genre": "opinion | mixed | news | unknown: the genre of the article's own voice (mediabias.runtime.genre)",
    "p_opinion": "P(opinion writing) of the article's own voice (NaN when too short to tell)",
}


@functools.lru_cache(maxsize=1)
def profiles() -> dict:
    """The training-text profiles of ``models/domain.json`` (centroids as arrays)."""
    raw = json.loads(resources.files("mediabias.models").joinpath(DOMAIN_FILE).read_text(encoding="utf-8"))
    for prof in raw["instruments"].values():
        prof["centroids"] = np.asarray(prof["centroids"], dtype=np.float32)
    return raw


def distances(vectors: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Cosine distance of each (L2-normalised) vector to its nearest centroid.

    >>> distances(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0]])).round(3).tolist()
    [0.0, 1.0]
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[1] != centroids.shape[1]:
        raise ValueError(f"vectors must be (n, {centroids.shape[1]}), got {vectors.shape}")
    c = centroids / np.linalg.norm(centroids, axis=1, keepdims=True)
    return 1.0 - (vectors @ c.T).max(axis=1)


def profile(vectors: np.ndarray, *, k: int = 16, seed: int = 0, quantile: float = 0.95) -> dict:
    """A training-text profile: ``centroids`` (k-means on the vectors) and the ``threshold`` distance."""
    from sklearn.cluster import KMeans

    km = KMeans(n_clusters=k, n_init=4, random_state=seed).fit(np.asarray(vectors, dtype=np.float64))
    centroids = km.cluster_centers_.astype(np.float32)
    d = distances(vectors, centroids)
    return {"centroids": np.round(centroids, 4).tolist(), "threshold": round(float(np.quantile(d, quantile)), 4),
            "n_training_sentences": int(len(vectors))}


def article_domain(sentences: pd.DataFrame, *, vectors: np.ndarray | None = None,
                   genres: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per article and instrument, whether the article is inside the instrument's training domain.

    Two checks: the topic (distance of the sentences to the training text) and, with ``genres``, the genre: an
    article whose own voice is of a genre the instrument was not found trustworthy on (``resources/genre_trust.yaml``,
    decided by the held-out check by genre) is outside too, and ``why`` says so.

    Args:
        sentences: sentence rows with ``article_id`` and ``text`` (``Corpus.segments`` at level sentence).
        vectors: their MiniLM vectors (default: encoded here with :func:`mediabias.runtime.encoder.encode_sentences`).
        genres: :func:`mediabias.runtime.genre.article_genre` of the same articles (default: no genre check,
            ``genre`` "unknown").

    Returns:
        One row per (article, instrument), columns :data:`DOMAIN_COLUMNS`.
    """
    missing = {"article_id", "text"} - set(sentences.columns)
    if missing:
        raise ValueError(f"sentences lack column(s) {sorted(missing)}")
    cols = list(DOMAIN_COLUMNS)
    if sentences.empty:
        return pd.DataFrame(columns=cols)
    if vectors is None:
        vectors = encode_sentences(list(sentences["text"]))
    prof = profiles()
    max_share = float(prof["max_outside_share"])
    trust = genre_trust()
    genre_of = {} if genres is None else {a: (g, p) for a, g, p in genres[["article_id", "genre", "p_opinion"]]
                                                              .itertuples(index=False)}
    rows = []
    ids = sentences["article_id"].to_numpy()
    for name, p in sorted(prof["instruments"].items()):
        d = distances(vectors, p["centroids"])
        for aid in sorted(set(ids)):
            da = d[ids == aid]
            share = float((da > p["threshold"]).mean())
            inside = share <= max_share
            why = (f"{share:.0%} of its sentences are farther from {p['training_data']} than 95% of the training "
                   f"sentences" + ("" if inside else f" (more than {max_share:.0%}): outside what {name} was "
                                                    "validated on"))
            kind, p_op = genre_of.get(aid, ("unknown", float("nan")))
            trusted = trust["instruments"].get(name, {}).get("trusted")
            if trusted is not None and kind not in trusted and kind != "unknown":
                inside = False
                why += (f"; its own voice reads as {kind} writing (P(opinion) {p_op:.2f}), a genre on which {name} "
                        f"was not found trustworthy ({trust['instruments'][name]['why']})")
            rows.append({"article_id": aid, "instrument": name, "training_data": p["training_data"],
                         "n_sentences": int(len(da)), "median_distance": round(float(np.median(da)), 4),
                         "share_outside": round(share, 4), "in_domain": inside, "why": why,
                         "genre": kind, "p_opinion": p_op})
    return pd.DataFrame(rows, columns=cols)


def gate(table: pd.DataFrame, domain: pd.DataFrame, instrument: str) -> pd.DataFrame:
    """``table`` with ``in_domain`` and ``domain_note`` for ``instrument`` joined on ``article_id``.

    Rows of articles with no domain row are kept as in domain (nothing says otherwise)."""
    if instrument not in set(domain["instrument"]) and len(domain):
        raise ValueError(f"no domain profile for {instrument!r}: known {sorted(set(domain['instrument']))}")
    d = domain[domain["instrument"] == instrument][["article_id", "in_domain", "why"]]
    out = table.merge(d.rename(columns={"why": "domain_note"}), on="article_id", how="left")
    out["in_domain"] = out["in_domain"].fillna(True).astype(bool)
    out["domain_note"] = out["domain_note"].fillna("")
    return out
