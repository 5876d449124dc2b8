"""Distinctive words and phrases per group (outlet, voice, ...): log-odds with an informative Dirichlet prior.

Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature selection and evaluation
for identifying the content of political conflict. *Political Analysis* 16(4), 372-403 (section 3.5).

For group *i* against the rest (*-i*), term *w* with counts *y*, group totals *n* and prior pseudo-counts
*a_w* (sum *a_0*):

    delta_w = log((y_wi + a_w) / (n_i + a_0 - y_wi - a_w)) - log((y_w-i + a_w) / (n_-i + a_0 - y_w-i - a_w))
    var_w  ~= 1 / (y_wi + a_w) + 1 / (y_w-i + a_w)
    z_w     = delta_w / sqrt(var_w)

The prior comes from general English frequencies (:mod:`wordfreq`), not from the corpus, so a term's
distinctiveness does not depend on which five articles happen to be loaded. With a few thousand words per
outlet, a z-score says a word is used unusually often *in these texts*; it is not a property of the outlet.

Example:
    >>> counts = pd.DataFrame({"A": [2, 0], "B": [0, 2]}, index=["x", "y"])
    >>> prior = pd.Series([1.0, 1.0], index=["x", "y"])
    >>> round(float(log_odds(counts, prior).set_index(["group", "term"]).loc[("A", "x"), "delta"]), 4)
    2.1972
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd

_TOKEN = re.compile(r"[a-z](?:\.[a-z])+\.?|[a-z][a-z'’-]*[a-z]|[a-z]")  # u.s. | words | single letters
FLOOR_FREQUENCY = 1e-8


def tokenize(text: str, *, ngram: int = 1) -> list[str]:
    """Lower-cased word tokens (letters, inner apostrophes and hyphens, dotted abbreviations such as ``u.s.``);
    ``ngram=2`` gives bigrams too."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    if ngram not in (1, 2):
        raise ValueError(f"ngram must be 1 or 2, not {ngram!r}")
    words = [w.replace("’", "'") for w in _TOKEN.findall(text.lower())]
    if ngram == 2:
        words += [f"{a} {b}" for a, b in zip(words, words[1:])]
    return words


def count_terms(texts: pd.Series, groups: pd.Series, *, ngram: int = 1) -> pd.DataFrame:
    """Term counts per group: index = terms (sorted), one column per group (sorted), integer counts."""
    if len(texts) != len(groups):
        raise ValueError(f"texts ({len(texts)}) and groups ({len(groups)}) differ in length")
    per: dict[str, Counter] = {}
    for text, group in zip(texts, groups):
        per.setdefault(str(group), Counter()).update(tokenize(text, ngram=ngram))
    df = pd.DataFrame(per).fillna(0).astype(int)
    return df.sort_index().reindex(sorted(df.columns), axis=1)


def background_prior(terms, *, strength: float = 1000.0, lang: str = "en") -> pd.Series:
    """Dirichlet pseudo-counts from general English frequencies (``wordfreq``), summing to ``strength``.

    Each term gets ``strength * f(term) / sum(f)``, where ``f`` is ``wordfreq.word_frequency`` (which also
    estimates multi-word phrases) floored at ``1e-8`` so unseen words keep a small positive prior.
    """
    if strength <= 0:
        raise ValueError(f"strength must be positive, not {strength!r}")
    from wordfreq import word_frequency

    terms = list(terms)
    freq = np.array([max(word_frequency(t, lang), FLOOR_FREQUENCY) for t in terms])
    return pd.Series(strength * freq / freq.sum(), index=terms, name="prior")


def log_odds(counts: pd.DataFrame, prior: pd.Series) -> pd.DataFrame:
    """One-vs-rest log-odds ratios with an informative Dirichlet prior (Monroe et al. 2008) for any groups.

    Args:
        counts: non-negative counts, index = terms, one column per group (at least two groups).
        prior: positive pseudo-count per term (index must cover ``counts.index``).

    Returns:
        One row per (group, term): ``group``, ``term``, ``count`` (in the group), ``count_rest``, ``rate``
        (per 1,000 words of the group), ``prior``, ``delta`` (log-odds ratio, group vs rest), ``se``, ``z``.
        Sorted by group, then ``z`` descending, then term.
    """
    if counts.shape[1] < 2:
        raise ValueError("log_odds needs at least two groups (columns) to compare one against the rest")
    if (counts.to_numpy() < 0).any():
        raise ValueError("counts must be non-negative")
    missing = counts.index.difference(prior.index)
    if len(missing):
        raise ValueError(f"prior has no value for {len(missing)} terms, e.g. {list(missing[:3])}")
    alpha = prior.reindex(counts.index).to_numpy(dtype=float)
    if (alpha <= 0).any():
        raise ValueError("prior pseudo-counts must all be positive")
    a0 = alpha.sum()
    Y = counts.to_numpy(dtype=float)
    total = Y.sum(axis=1)
    parts = []
    for j, group in enumerate(counts.columns):
        y, rest = Y[:, j], total - Y[:, j]
        n, n_rest = y.sum(), rest.sum()
        delta = (np.log((y + alpha) / (n + a0 - y - alpha))
                 - np.log((rest + alpha) / (n_rest + a0 - rest - alpha)))
        se = np.sqrt(1.0 / (y + alpha) + 1.0 / (rest + alpha))
        parts.append(pd.DataFrame({
            "group": group, "term": counts.index, "count": y.astype(int), "count_rest": rest.astype(int),
            "rate": 1000.0 * y / n if n else np.nan, "prior": alpha, "delta": delta, "se": se, "z": delta / se,
        }))
    out = pd.concat(parts, ignore_index=True)
    out["_neg"] = -out["z"]
    out = out.sort_values(["group", "_neg", "term"], kind="stable").drop(columns="_neg")
    return out.reset_index(drop=True)


def distinctive_words(corpus, *, by: str = "outlet", voice: str | None = None, ngram: int = 1,
                      min_count: int = 2, prior_strength: float = 1000.0, top: int | None = 15,
                      stopwords: bool = False) -> pd.DataFrame:
    """Most distinctive terms of each group of a corpus's sentences.

    Args:
        corpus: a :class:`mediabias.corpus.Corpus`.
        by: a column of ``corpus.segments`` to group by: ``"outlet"`` (publisher), ``"voice"``,
            ``"origin_outlet"`` (whose words), or ``"article_id"``.
        voice: keep only ``"author"`` or ``"excerpt"`` sentences (default: all).
        ngram: 1 for words, 2 for words and bigrams.
        min_count: keep terms seen at least this often in the group.
        prior_strength: total pseudo-count of the wordfreq background prior.
        top: terms kept per group (highest z); ``None`` keeps all.
        stopwords: keep spaCy's English stop words in the output (they are always counted; with a few
            thousand words function words still reach high z, which says more about sample size than style).

    Returns:
        :func:`log_odds` columns, filtered and cut to ``top`` per group.
    """
    seg = corpus.segments
    seg = seg[seg["level"] == "sentence"]
    if by not in seg.columns:
        raise ValueError(f"cannot group by {by!r}: not a segments column")
    if voice is not None:
        if voice not in {"author", "excerpt"}:
            raise ValueError(f"voice must be 'author' or 'excerpt', not {voice!r}")
        seg = seg[seg["voice"] == voice]
    counts = count_terms(seg["text"], seg[by], ngram=ngram)
    table = log_odds(counts, background_prior(counts.index, strength=prior_strength))
    table = table[table["count"] >= min_count]
    if not stopwords:
        from spacy.lang.en.stop_words import STOP_WORDS

        drop = table["term"].map(lambda t: all(w in STOP_WORDS or len(w) == 1 for w in t.replace("'", " ").split()))
        table = table[~drop]
    if top is not None:
        table = table.groupby("group", sort=True).head(top)
    return table.reset_index(drop=True)
