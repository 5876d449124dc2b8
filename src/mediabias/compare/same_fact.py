"""Same fact, different words: sentences of different outlets that report the same thing, paired.

A handful of articles cannot rank outlets, but it can show how each one words the same fact: whom it quotes for
it, with which verb, in which loaded words. This module pairs the sentences of different *speaking* outlets
(an excerpt counts for the excerpted outlet) within one story by the cosine of their MiniLM vectors
(:func:`mediabias.runtime.encoder.encode_sentences`), keeping a pair only when each sentence is the other's best
match in that outlet's sentences of the story (mutual best match) and the cosine reaches the threshold. The
threshold and the pairing are a reading aid, not a measure: every pair is shown whole so a reader can judge it.
The default threshold (``resources/same_fact.yaml``) was chosen by reading every candidate pair of the bundled
story above 0.5; the file records that reading.

Public functions return tidy tables (one row per pair, or per side of a pair) with documented columns.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from mediabias.runtime.encoder import encode_sentences

PAIR_COLUMNS = ["story", "pair", "similarity", "segment_a", "segment_b", "outlet_a", "outlet_b"]
SIDE_COLUMNS = ["story", "pair", "similarity", "side", "article_id", "segment_id", "speaking_outlet", "voice",
                "start", "end", "text", "quoted", "cues", "loaded"]


@lru_cache(maxsize=1)
def settings() -> dict:
    """The pairing's settings (``resources/same_fact.yaml``): ``threshold`` and ``min_words``."""
    text = resources.files("mediabias.resources").joinpath("same_fact.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def align(sentences: pd.DataFrame, vectors: np.ndarray, *, threshold: float | None = None,
          min_words: int | None = None) -> pd.DataFrame:
    """Pair sentences of different speaking outlets of the same story that say the same thing.

    Args:
        sentences: one row per sentence with ``story``, ``segment_id``, ``speaking_outlet`` and ``n_words``.
        vectors: L2-normalised sentence vectors, row ``i`` for ``sentences.iloc[i]``.
        threshold: the least cosine a pair needs (default: ``settings()["threshold"]``).
        min_words: sentences shorter than this are not paired (datelines, one-word paragraphs).

    Returns:
        One row per pair, strongest first within each story: ``story``, ``pair`` (``story:NN``), ``similarity``
        (cosine, rounded to 4 places), ``segment_a``/``segment_b`` and ``outlet_a``/``outlet_b`` (``a`` is the
        outlet first in alphabetical order). A sentence is in at most one pair per other outlet.

    Example:
        >>> s = pd.DataFrame({"story": ["x", "x"], "segment_id": ["a:1", "b:1"], "speaking_outlet": ["p", "q"],
        ...                   "n_words": [9, 9]})
        >>> align(s, np.eye(2)[[0, 0]], threshold=0.5)[["segment_a", "segment_b", "similarity"]].values.tolist()
        [['a:1', 'b:1', 1.0]]
    """
    cfg = settings()
    threshold = cfg["threshold"] if threshold is None else threshold
    min_words = cfg["min_words"] if min_words is None else min_words
    if len(sentences) != len(vectors):
        raise ValueError(f"{len(sentences)} sentences but {len(vectors)} vectors: they must be aligned row by row")
    rows = []
    keep = sentences.reset_index(drop=True)
    keep = keep[keep["n_words"] >= min_words]
    for story, group in keep.groupby("story", sort=True):
        outlets = sorted(group["speaking_outlet"].unique())
        found = []
        for i, a in enumerate(outlets):
            for b in outlets[i + 1:]:
                ia = group.index[group["speaking_outlet"] == a].to_numpy()
                ib = group.index[group["speaking_outlet"] == b].to_numpy()
                sim = vectors[ia] @ vectors[ib].T
                best_b, best_a = sim.argmax(axis=1), sim.argmax(axis=0)
                for x, y in enumerate(best_b):
                    if best_a[y] == x and sim[x, y] >= threshold:
                        found.append((round(float(sim[x, y]), 4), keep.at[ia[x], "segment_id"],
                                      keep.at[ib[y], "segment_id"], a, b))
        found.sort(key=lambda r: (-r[0], r[1], r[2]))
        rows += [(story, f"{story}:{n:02d}", *r) for n, r in enumerate(found, start=1)]
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def _within(table: pd.DataFrame, start_col: str, end_col: str, start: int, end: int) -> pd.DataFrame:
    s, e = table[start_col], table[end_col]
    return table[s.notna() & e.notna() & (s < end) & (e > start)]


def describe_sides(pairs: pd.DataFrame, sentences: pd.DataFrame, attributions: pd.DataFrame,
                   loaded_spans: pd.DataFrame) -> pd.DataFrame:
    """Each side of each pair with whom it quotes, the cues it uses and its loaded-language cues.

    Args:
        pairs: :func:`align`'s table.
        sentences: the sentence rows (``article_id``, ``segment_id``, ``speaking_outlet``, ``voice``, ``start``,
            ``end``, ``text``).
        attributions: the attributions table (speaker, cue and content offsets).
        loaded_spans: the loaded-language spans table (``cue``, ``start``, ``end``, ``text``).

    Returns:
        Two rows per pair (``side`` "a" then "b"), :data:`SIDE_COLUMNS`: ``quoted`` the speakers of the
        attributions whose content or cue lies in the sentence ("; "-joined, "" when the outlet states it in
        its own words), ``cues`` their cue words with their class (``said (neutral)``), ``loaded`` the
        loaded-language cues in the sentence (``hedge: could``; ``(quoted speaker's)`` after one in a speaker's quoted words).
    """
    by_id = sentences.set_index("segment_id")
    rows = []
    for p in pairs.itertuples(index=False):
        for side, seg in (("a", p.segment_a), ("b", p.segment_b)):
            s = by_id.loc[seg]
            arts = attributions[attributions["article_id"] == s["article_id"]]
            hit = pd.concat([_within(arts, "content_start", "content_end", s["start"], s["end"]),
                             _within(arts, "cue_start", "cue_end", s["start"], s["end"])]).drop_duplicates(
                                 "attribution_id").sort_values("cue_start")
            spans = loaded_spans[loaded_spans["article_id"] == s["article_id"]]
            spans = _within(spans, "start", "end", s["start"], s["end"]).sort_values("start")
            speakers = [str(x) for x in hit["speaker"] if isinstance(x, str) and x]
            cues = [f"{c} ({k})" for c, k in zip(hit["cue_text"], hit["cue_class"]) if isinstance(c, str)]
            rows.append((p.story, p.pair, p.similarity, side, s["article_id"], seg, s["speaking_outlet"], s["voice"],
                         int(s["start"]), int(s["end"]), s["text"], "; ".join(dict.fromkeys(speakers)),
                         "; ".join(dict.fromkeys(cues)),
                         "; ".join(f"{c}: {t}" + (" (quoted speaker's)" if q else "") for c, t, q in
                                   zip(spans["cue"], spans["text"], spans.get("quoted", [False] * len(spans))))))
    return pd.DataFrame(rows, columns=SIDE_COLUMNS)


def reading_verdicts(path) -> pd.DataFrame:
    """A corpus's reading of its same-fact pairs (``<corpus>/readings/across/same_fact.yaml``), one row per pair.

    Returns ``segment_a``, ``segment_b`` (sorted, so a pair matches whichever way :func:`align` orders it),
    ``verdict`` ("same" or "related") and ``why``; an empty table when the file does not exist.

    Raises:
        ValueError: a pair without two segments or with a verdict other than "same" / "related".
    """
    path = Path(path)
    columns = ["segment_a", "segment_b", "verdict", "why"]
    if not path.is_file():
        return pd.DataFrame(columns=columns)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    rows = []
    for n, item in enumerate(data.get("pairs", []) if isinstance(data, dict) else [], start=1):
        segs = (item.get("segments") if isinstance(item, dict) else None) or []
        if len(segs) != 2 or item.get("verdict") not in ("same", "related"):
            raise ValueError(f"{path}: pair {n} needs two segments and a verdict 'same' or 'related', got {item!r:.200}")
        a, b = sorted(str(s) for s in segs)
        rows.append((a, b, item["verdict"], str(item.get("why", ""))))
    return pd.DataFrame(rows, columns=columns)


def with_verdicts(pairs: pd.DataFrame, verdicts: pd.DataFrame) -> pd.DataFrame:
    """``pairs`` with the reading's ``verdict`` and ``why`` ("not read" and "" where the reading has no such pair)."""
    key = [tuple(sorted(p)) for p in zip(pairs["segment_a"], pairs["segment_b"])]
    found = {(a, b): (v, w) for a, b, v, w in verdicts[["segment_a", "segment_b", "verdict", "why"]].itertuples(index=False)}
    out = pairs.copy()
    out["verdict"] = [found.get(k, ("not read", ""))[0] for k in key]
    out["why"] = [found.get(k, ("not read", ""))[1] for k in key]
    return out


def same_fact_sides(results, *, threshold: float | None = None, max_articles: int = 60) -> pd.DataFrame | None:
    """The same-fact pairs of a :class:`~mediabias.pipeline.Results`, both sides described, with the reading.

    Encodes the selection's sentences with the bundled MiniLM, pairs them (:func:`align`), describes each side
    (:func:`describe_sides`) and adds the corpus's reading (:func:`reading_verdicts`): :data:`SIDE_COLUMNS` plus
    ``verdict`` and ``why``. Needs the ``articles``, ``segments``, ``attributions`` and ``loaded_language_spans``
    tables. A view for a handful of articles: with more than ``max_articles`` in the selection it returns ``None``
    (encoding runs at about 100 sentences/s here, and hundreds of pairs are not read side by side; select a story).
    """
    if results["articles"]["article_id"].nunique() > max_articles:
        return None
    seg = results["segments"]
    sents = seg[seg["level"] == "sentence"].reset_index(drop=True)
    sents["story"] = sents["article_id"].map(results["articles"].set_index("article_id")["story"])
    pairs = align(sents, encode_sentences(list(sents["text"])), threshold=threshold)
    reading = Path(results.corpus.directory) / "readings" / "across" / "same_fact.yaml"
    pairs = with_verdicts(pairs, reading_verdicts(reading))
    sides = describe_sides(pairs, sents, results["attributions"], results["loaded_language_spans"])
    return sides.merge(pairs[["pair", "verdict", "why"]], on="pair", how="left")
