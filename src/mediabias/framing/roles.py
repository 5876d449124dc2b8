"""Hero / villain / victim roles of the main actors of an article.

A multinomial logistic regression (``models/roles_lr.json``) reads, for one actor in one article, the sentences
that mention it: their mean MiniLM vector (384), the sentiment our target-sentiment model
(:mod:`mediabias.sentiment`) finds toward the actor in them (mean P(negative), P(neutral), P(positive), and
whether any was measured), and the codebook's role cue rates (3). It is trained on the Narrative Frames corpus
(Frermann et al. 2023, MIT) by ``scripts/train_frame_model.py``.

Deliberately **not** a feature: the actor's name. A model that also embeds the name scores higher in
cross-validation on that climate corpus (``evaluation/roles.md`` reports both), but what the name adds is who
tends to be cast as hero or villain *in climate coverage*; applied to other stories it projects those
associations onto new names. The shipped model judges an actor by what the sentences say about it.

Example:
    >>> df = actor_roles("Khamenei vowed revenge. Iraqis suffered.", ["Khamenei"])  # doctest: +SKIP
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from mediabias.corpus.segment import segmented
from mediabias.framing.frames import ROLES, cue_rates
from mediabias.models import roles as roles_model
from mediabias.runtime.encoder import encode_sentences
from mediabias.runtime.text import check_texts, split_sentences
from mediabias.sentiment.actors import actor_mentions
from mediabias.sentiment.tables import target_sentiment

SENTIMENT_FEATURES = ("p_negative", "p_neutral", "p_positive", "has_sentiment")


def name_pattern(actor: str, aliases: tuple[str, ...] = ()) -> re.Pattern:
    """Case-insensitive pattern for the actor's name, its aliases, and the last word of a 3+ letter surname."""
    names = [actor, *aliases]
    last = actor.split()[-1] if actor.split() else ""
    if len(actor.split()) > 1 and len(last) >= 3 and last[:1].isupper():
        names.append(last)
    return re.compile("|".join(rf"\b{re.escape(n)}\b" for n in names if n), re.IGNORECASE)


def actor_sentences(text: str, actor: str, *, aliases: tuple[str, ...] = ()) -> list[str]:
    """Sentences of ``text`` that mention ``actor`` (full name, an alias, or its last word of 3+ letters)."""
    pattern = name_pattern(actor, aliases)
    return [s for s in split_sentences(text) if pattern.search(s)]


def mention_pairs(sentences: list[str], actor: str, *, aliases: tuple[str, ...] = ()) -> list[tuple[str, tuple[int, int]]]:
    """``(sentence, (start, end))`` of the first mention of ``actor`` in each sentence that has one."""
    pattern = name_pattern(actor, aliases)
    out = []
    for s in sentences:
        m = pattern.search(s)
        if m:
            out.append((s, (m.start(), m.end())))
    return out


def sentiment_features(pairs_per_actor: list[list[tuple[str, tuple[int, int]]]], *,
                       known: dict | None = None) -> np.ndarray:
    """Mean target sentiment toward each actor over its ``(sentence, span)`` pairs; zeros when it has none.

    Returns an array of shape ``(n_actors, 4)``: mean P(negative), P(neutral), P(positive), and 1.0 when at least
    one pair was scored (0.0 otherwise). Pairs found in ``known`` (``{(sentence, (start, end)): (p_negative,
    p_neutral, p_positive)}``, e.g. from the ``actor_sentiment`` table) are not scored again; the others go
    through the model in one batch.
    """
    known = known or {}
    flat = [(i, s, tuple(span)) for i, pairs in enumerate(pairs_per_actor) for s, span in pairs]
    out = np.zeros((len(pairs_per_actor), len(SENTIMENT_FEATURES)))
    if not flat:
        return out
    todo = [(s, span) for _, s, span in flat if (s, span) not in known]
    if todo:
        scored = target_sentiment([s for s, _ in todo], [span for _, span in todo])
        known = {**known, **dict(zip(todo, scored[["p_negative", "p_neutral", "p_positive"]].to_numpy(dtype=float)))}
    owner = np.array([i for i, _, _ in flat])
    probs = np.array([known[(s, span)] for _, s, span in flat], dtype=float)
    for i in np.unique(owner):
        out[i, :3] = probs[owner == i].mean(axis=0)
        out[i, 3] = 1.0
    return out


def role_features(contexts, pairs_per_actor, *, context_vectors=None, known: dict | None = None) -> np.ndarray:
    """Role-classifier input: context embedding (384), sentiment toward the actor (4), role cue rates (3).

    Args:
        contexts: per actor, the text of the sentences that mention it (joined).
        pairs_per_actor: per actor, ``(sentence, (start, end))`` mentions for :func:`sentiment_features`.
        context_vectors: precomputed mean sentence vectors (``(n, 384)``), e.g. from a cache.
        known: target-sentiment probabilities already computed (:func:`sentiment_features`).
    """
    contexts = check_texts(contexts)
    if len(pairs_per_actor) != len(contexts):
        raise ValueError(f"{len(contexts)} contexts but {len(pairs_per_actor)} mention lists: one per actor each")
    if context_vectors is None:
        split = [split_sentences(c) or [c or " "] for c in contexts]
        encode_sentences([s for parts in split for s in parts])  # one batch for all actors; the means reuse it
        context_vectors = np.vstack([encode_sentences(parts).mean(axis=0)
                                     for parts in split]) if contexts else np.zeros((0, 384))
    return np.hstack([context_vectors, sentiment_features(pairs_per_actor, known=known),
                      cue_rates(contexts, section="roles").to_numpy()])


def _role_table(actors: list[str], pairs_per_actor: list[list[tuple[str, tuple[int, int]]]], *,
                known: dict | None = None) -> pd.DataFrame:
    """Role probabilities for actors given their mentions (an actor with none gets no prediction)."""
    contexts = [[s for s, _ in pairs] for pairs in pairs_per_actor]
    keep = [i for i, c in enumerate(contexts) if c]
    probs = pd.DataFrame(np.nan, index=range(len(actors)), columns=list(ROLES))
    role = [None] * len(actors)
    if keep:
        X = role_features([" ".join(contexts[i]) for i in keep], [pairs_per_actor[i] for i in keep], known=known)
        m = roles_model.load()
        p = m.predict_proba(X)
        probs.loc[keep, list(ROLES)] = p[list(ROLES)].to_numpy()
        for i, decided in zip(keep, m.decide(p)):
            role[i] = str(decided)
    return pd.DataFrame({"actor": actors, "n_sentences": [len(c) for c in contexts], "role": role,
                         **{f"p_{r}": probs[r].to_numpy() for r in ROLES},
                         "evidence": [" | ".join(c) for c in contexts]})


def actor_roles(text: str, actors, *, aliases: dict | None = None) -> pd.DataFrame:
    """Hero / villain / victim for each actor of one text.

    Args:
        text: the article's plain text.
        actors: actor names as written in the text (e.g. ``["Obama", "Iraqi leadership"]``).
        aliases: optional ``{actor: (other names, ...)}``.

    Returns:
        One row per actor: ``actor``, ``n_sentences`` (sentences mentioning it), ``role`` (most probable),
        ``p_hero``, ``p_villain``, ``p_victim``, ``evidence`` (the mentioning sentences, ``" | "``-joined).
        Actors never mentioned get a missing ``role`` and NaN probabilities.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    actors = check_texts(actors)
    aliases = aliases or {}
    sentences = split_sentences(text)
    return _role_table(actors, [mention_pairs(sentences, a, aliases=tuple(aliases.get(a, ()))) for a in actors])


ROLE_COLUMNS = ["article_id", "outlet", "actor", "kind", "n_mentions", "n_sentences", "role",
                *[f"p_{r}" for r in ROLES], "voices", "segment_ids", "evidence"]


def known_sentiment(table: pd.DataFrame | None) -> dict:
    """``{(sentence, (start, end)): (p_negative, p_neutral, p_positive)}`` from an ``actor_sentiment`` table
    (spans relative to the sentence), so :func:`roles` reuses what that step computed instead of scoring again."""
    if table is None or table.empty:
        return {}
    spans = zip(table["mention_start"] - table["sentence_start"], table["mention_end"] - table["sentence_start"])
    probs = table[["p_negative", "p_neutral", "p_positive"]].to_numpy(dtype=float)
    return {(s, (int(a), int(b))): p for s, (a, b), p in zip(table["sentence"], spans, probs)}


def roles(corpus, *, min_mentions: int = 2, top: int = 8, sentiment: pd.DataFrame | None = None) -> pd.DataFrame:
    """Roles of the main actors of every article of a corpus.

    Actors and their mentions come from :func:`mediabias.sentiment.actors.actor_mentions` (the story's actor list, with
    aliases such as "the president"); the main actors of an article are the ``top`` most mentioned with at least
    ``min_mentions`` mentions. Each actor's role is read from all sentences that mention it (author and excerpt
    voices together; the ``voices`` column says which were involved), with the sentiment toward the first
    mention in each sentence. With ``sentiment`` (the ``actor_sentiment`` table of these articles) that
    sentiment is read from it (:func:`known_sentiment`), not computed a second time.

    Returns:
        One row per (article, actor): ``article_id, outlet, actor, kind, n_mentions, n_sentences, role,
        p_hero, p_villain, p_victim, voices`` (e.g. ``"author; excerpt"``), ``segment_ids`` (sentences,
        ``"; "``-joined) and ``evidence`` (their text, ``" | "``-joined). Sorted by article, then mentions
        descending, then actor.
    """
    arts = corpus.articles.reset_index(drop="article_id" in corpus.articles.columns)
    seg = segmented(corpus).segments
    seg = seg[seg["level"] == "sentence"]
    known = known_sentiment(sentiment)
    parts = []
    for _, art in arts.sort_values("article_id").iterrows():
        sents = seg[seg["article_id"] == art["article_id"]].sort_values("start")
        spans = list(zip(sents["start"], sents["end"]))
        if not spans:
            continue
        ment = actor_mentions(art["text"], story=art.get("story"), sentences=spans)
        if ment.empty:
            continue
        counts = ment.groupby("actor").size().sort_values(ascending=False, kind="stable")
        counts = counts[counts >= min_mentions]
        main = sorted(counts.index, key=lambda a: (-counts[a], a))[:top]
        if not main:  # every actor is mentioned fewer than min_mentions times: nothing to cast
            continue
        by_start = sents.set_index("start")
        names, pairs, extra = [], [], []
        for actor in main:
            m = ment[ment["actor"] == actor].sort_values(["sentence_start", "mention_start"])
            first = m.drop_duplicates("sentence_start")
            rows = by_start.loc[list(first["sentence_start"])]
            names.append(actor)
            pairs.append([(text, (int(ms - ss), int(me - ss))) for text, ms, me, ss in
                          zip(rows["text"], first["mention_start"], first["mention_end"], first["sentence_start"])])
            extra.append({"kind": m["kind"].iloc[0], "n_mentions": len(m),
                          "voices": "; ".join(sorted(rows["voice"].unique())),
                          "segment_ids": "; ".join(rows["segment_id"])})
        df = _role_table(names, pairs, known=known)
        df = pd.concat([df, pd.DataFrame(extra)], axis=1)
        df["article_id"], df["outlet"] = art["article_id"], art["outlet"]
        parts.append(df)
    if not parts:
        return pd.DataFrame(columns=ROLE_COLUMNS)
    return pd.concat(parts, ignore_index=True)[ROLE_COLUMNS]
