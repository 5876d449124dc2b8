"""Who holds the sentiment: whether the tone toward an actor in a sentence is another entity's, not the writer's.

"X attacked Obama" is negative toward Obama, but the negativity is X's; "the plan drew criticism from Democrats" is
negative, and the Democrats are the critics, not its target. The target-sentiment network reads the tone of the
sentence toward a mention (NewsMTSC's question) and cannot tell these apart. This module reads the *direction* of
sentiment between two entities of a sentence, trained on DSA ("Who Blames or Endorses Whom?", Park, Pan & Joo,
ACL-IJCNLP 2021; ``scripts/train_holder.py``, ``models/holder_lr.*``), and from it, per (sentence, actor), who
holds the sentiment toward the actor: another entity of the sentence, or the writer.

Design (``models/holder_net.md``): a cross-encoder, all-MiniLM-L6-v2 with its upper layers fine-tuned on DSA
(:mod:`mediabias.models.holder_net`), reads the sentence with both entities marked. The frozen-encoder logistic
regression it replaced (``models/holder_lr.md``: square brackets around both entities, one MiniLM pass
(:func:`mediabias.runtime.tokens.token_vectors`), a logistic regression on the mean vectors of the sentence, of
each entity and of the words between them, :func:`pair_features`) is kept as the baseline of ``evaluate holder``.
Classes (DSA's, ``p`` the entity that comes first in the sentence): :data:`LABELS`.

Text level: :func:`directed_sentiment` (pairs of spans). Table level: :func:`sentiment_holders` (the pipeline's
``actor_sentiment`` and ``attributions`` tables).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from mediabias.models import api
from mediabias.models import holder as holder_model
from mediabias.models import holder_net
from mediabias.runtime.encoder import DIM
from mediabias.runtime.tokens import token_vectors

#: DSA's classes in its order (0-4): none, positive p→q, positive q→p, negative p→q, negative q→p.
LABELS = holder_model.LABELS
MODEL_NAME = holder_net.NAME
MARK_OPEN, MARK_CLOSE = "[", "]"
#: Feature blocks, in order: mean of all tokens, of p's tokens, of q's, of the tokens between them; then two scalars.
N_FEATURES = 4 * DIM + 2


def check_pairs(sentences, p_spans, q_spans) -> tuple[list[str], list[tuple[int, int]], list[tuple[int, int]]]:
    """The inputs of :func:`pair_features` checked: one p and one q span per sentence, p before q, no overlap."""
    if isinstance(sentences, str):
        raise TypeError("sentences must be a list of strings, not a single string (wrap it in a list)")
    sentences, p_spans, q_spans = list(sentences), list(p_spans), list(q_spans)
    if not len(sentences) == len(p_spans) == len(q_spans):
        raise ValueError(f"need one p and one q span per sentence: got {len(sentences)} sentences, "
                         f"{len(p_spans)} p spans and {len(q_spans)} q spans")
    out_p, out_q = [], []
    for i, (s, p, q) in enumerate(zip(sentences, p_spans, q_spans)):
        if not isinstance(s, str):
            raise TypeError(f"sentence {i} is {type(s).__name__}, expected str")
        (a, b), (c, d) = (int(x) for x in p), (int(x) for x in q)
        if not (0 <= a < b <= c < d <= len(s)):
            raise ValueError(f"pair {i}: need 0 <= p_start < p_end <= q_start < q_end <= len(sentence) "
                             f"(p before q, not overlapping); got p={tuple(p)}, q={tuple(q)}, length {len(s)}")
        out_p.append((a, b))
        out_q.append((c, d))
    return sentences, out_p, out_q


def marked(sentence: str, p: tuple[int, int], q: tuple[int, int]) -> tuple[str, tuple[int, int], tuple[int, int]]:
    """``sentence`` with both entities in square brackets, and the entities' spans inside the marked text.

    >>> marked("Trump blamed China.", (0, 5), (13, 18))
    ('[Trump] blamed [China].', (1, 6), (16, 21))
    """
    (a, b), (c, d) = p, q
    text = (sentence[:a] + MARK_OPEN + sentence[a:b] + MARK_CLOSE + sentence[b:c] + MARK_OPEN + sentence[c:d]
            + MARK_CLOSE + sentence[d:])
    return text, (a + 1, b + 1), (c + 3, d + 3)


def pool(vectors: np.ndarray, offsets: np.ndarray, start: int, end: int) -> np.ndarray:
    """Mean of the vectors of the tokens overlapping ``[start, end)`` (special tokens excluded); zeros when none."""
    real = offsets[:, 1] > offsets[:, 0]
    inside = real & (offsets[:, 0] < end) & (offsets[:, 1] > start)
    return vectors[inside].mean(0) if inside.any() else np.zeros(vectors.shape[1], dtype=np.float32)


def pair_features(sentences: Sequence[str], p_spans, q_spans) -> np.ndarray:
    """The features of each (sentence, p, q): :data:`N_FEATURES` columns (see the module docstring).

    The two scalars are 1 when no word stands between the entities, and log(1 + characters between them).
    """
    sentences, p_spans, q_spans = check_pairs(sentences, p_spans, q_spans)
    texts, spans = [], []
    for s, p, q in zip(sentences, p_spans, q_spans):
        text, mp, mq = marked(s, p, q)
        texts.append(text)
        spans.append((mp, mq))
    X = np.zeros((len(texts), N_FEATURES), dtype=np.float32)
    for i, ((vec, off), ((a, b), (c, d))) in enumerate(zip(token_vectors(texts), spans)):
        between = pool(vec, off, b + 1, c - 1)
        X[i, :DIM] = pool(vec, off, 0, len(texts[i]))
        X[i, DIM:2 * DIM] = pool(vec, off, a, b)
        X[i, 2 * DIM:3 * DIM] = pool(vec, off, c, d)
        X[i, 3 * DIM:4 * DIM] = between
        X[i, 4 * DIM] = float(not between.any())
        X[i, 4 * DIM + 1] = np.log1p(max(c - b - 2, 0))
    return X


def load_model() -> holder_net.HolderNetModel:
    """The shipped DSA classifier (the network ``models/holder_net.pt``)."""
    return holder_net.load()


@functools.lru_cache(maxsize=1)
def load_baseline() -> api.LinearModel:
    """The frozen-encoder logistic regression (``models/holder_lr.json``), the baseline of ``evaluate holder``."""
    return holder_model.load()


def directed_sentiment(sentences: Sequence[str], p_spans, q_spans, *, model=None) -> pd.DataFrame:
    """The direction of sentiment between two entities of each sentence (``p`` comes first).

    Args:
        sentences: the sentences (repeat one per pair).
        p_spans, q_spans: one ``(start, end)`` each per sentence, ``p`` ending before ``q`` starts.
        model: the network (default :func:`load_model`), or the baseline (:func:`load_baseline`; any
            :class:`~mediabias.models.api.LinearModel` is given :func:`pair_features`).

    Returns:
        One row per pair, in input order: ``p_text, q_text``, ``label`` (one of :data:`LABELS`), and
        ``p_<label>`` for each label (probabilities summing to 1).

    Example:
        >>> directed_sentiment(["Trump blamed China."], [(0, 5)], [(13, 18)]).label[0]  # doctest: +SKIP
        'negative_pq'
    """
    sentences, p_spans, q_spans = check_pairs(sentences, p_spans, q_spans)
    columns = ["p_text", "q_text", "label", *(f"p_{lab}" for lab in LABELS)]
    if not sentences:
        return pd.DataFrame(columns=columns)
    model = model or load_model()
    X = pair_features(sentences, p_spans, q_spans) if isinstance(model, api.LinearModel) else (sentences, p_spans,
                                                                                                 q_spans)
    probs = model.predict_proba(X)
    out = pd.DataFrame(probs[list(LABELS)].to_numpy(), columns=[f"p_{lab}" for lab in LABELS])
    out.insert(0, "label", model.decide(probs).to_numpy())
    out.insert(0, "q_text", [s[a:b] for s, (a, b) in zip(sentences, q_spans)])
    out.insert(0, "p_text", [s[a:b] for s, (a, b) in zip(sentences, p_spans)])
    return out[columns]


# ----------------------------------------------------------------------------------- table level
#: An entity is named the holder when the classifier gives its sentiment toward the actor at least this probability.
HOLDER_THRESHOLD = 0.5
#: Sources that are not another entity: the author (I, we) and relative pronouns taken for subjects.
NOT_AN_ENTITY = frozenset({"i", "we", "me", "us", "my", "our", "which", "that", "this", "what", "who"})

#: Columns of :func:`sentiment_holders`.
HOLDER_COLUMNS = {
    "article_id": "the article", "segment_id": "the sentence", "actor": "the actor X (canonical name)",
    "mention_start": "offset of X's mention in the article text", "mention_end": "its end",
    "mention_text": "the mention", "sentence": "the sentence",
    "holder": "who holds the sentence's sentiment toward X: 'writer', or the name of another entity of the sentence",
    "holder_probability": "P(holder holds it): for an entity the classifier's P(entity → X, positive or negative); "
                          "for 'writer' 1 minus the largest such P (1.0 when no other entity is in the sentence)",
    "direction": "positive | negative: the sign of the holder's sentiment toward X: the pair model's for an entity, "
                 "the target-sentiment label of the mention for an attribution; '' for the writer or a neutral reading",
    "holder_basis": "'attribution' (X is inside words credited to the holder), 'pair model' (the DSA classifier), "
                    "or 'no other entity'",
    "actor_holds_toward": "the entity X itself most likely holds sentiment toward ('' when below the threshold): "
                          "'drew criticism from Democrats' makes the Democrats critics, not targets",
    "actor_holds_probability": "P(X → that entity), positive or negative (0.0 when no other entity)",
    "actor_holds_direction": "positive | negative ('' when below the threshold)",
    "n_entities": "other entities of the sentence that were weighed",
}


def sentence_entities(mentions: pd.DataFrame, attributions: pd.DataFrame | None) -> dict:
    """Per (article_id, sentence_start): the named entities of the sentence as ``(start, end, name)`` spans into
    the sentence: the actor mentions, and the sources of attributions that lie inside it (named by speaker)."""
    out: dict[tuple, list] = {}
    for r in mentions.itertuples(index=False):
        key = (r.article_id, int(r.sentence_start))
        out.setdefault(key, []).append((int(r.mention_start - r.sentence_start), int(r.mention_end - r.sentence_start),
                                        r.actor))
    if attributions is not None and len(attributions) and "source_start" in attributions.columns:
        sents = mentions.drop_duplicates(["article_id", "sentence_start"])[["article_id", "sentence_start",
                                                                             "sentence_end"]]
        att = attributions.dropna(subset=["source_start", "source_end"]).merge(sents, on="article_id")
        att = att[(att.source_start >= att.sentence_start) & (att.source_end <= att.sentence_end)]
        for r in att.itertuples(index=False):
            name = r.speaker if isinstance(getattr(r, "speaker", None), str) else r.source_text
            if str(r.source_text).strip().lower() in NOT_AN_ENTITY or not str(name).strip():
                continue
            key = (r.article_id, int(r.sentence_start))
            a, b = int(r.source_start - r.sentence_start), int(r.source_end - r.sentence_start)
            if not any(x < b and a < y for x, y, _ in out.get(key, [])):
                out.setdefault(key, []).append((a, b, str(name)))
    return out


def sentiment_holders(actor_sentiment: pd.DataFrame, attributions: pd.DataFrame | None = None, *,
                      threshold: float = HOLDER_THRESHOLD, model=None) -> pd.DataFrame:
    """Who holds the sentiment toward each actor mention: the writer, or another entity of the sentence.

    Args:
        actor_sentiment: the pipeline's ``actor_sentiment`` table (``load_results(...)["actor_sentiment"]``):
            ``article_id, segment_id, actor, mention_start, mention_end, mention_text, sentence_start,
            sentence_end, sentence``, and ``speaker`` (the quoted speaker, if any) and ``label`` (the mention's
            target-sentiment label, the direction of an attribution holder).
        attributions: the pipeline's ``attributions`` table; its sources inside a sentence count as entities.
        threshold: the probability from which an entity is named holder (:data:`HOLDER_THRESHOLD`).
        model: the pair classifier (default :func:`load_model`).

    Returns:
        One row per row of ``actor_sentiment``, in its order, columns :data:`HOLDER_COLUMNS`.
    """
    need = {"article_id", "segment_id", "actor", "mention_start", "mention_end", "mention_text", "sentence_start",
            "sentence_end", "sentence"}
    missing = need - set(actor_sentiment.columns)
    if missing:
        raise ValueError(f"actor_sentiment lacks column(s) {sorted(missing)}: pass load_results(...)['actor_sentiment']")
    m = actor_sentiment.reset_index(drop=True)
    entities = sentence_entities(m, attributions)
    pairs = []  # (row, entity name, sentence, p span, q span, entity comes first)
    for i, r in enumerate(m.itertuples(index=False)):
        x = (int(r.mention_start - r.sentence_start), int(r.mention_end - r.sentence_start))
        for a, b, name in entities.get((r.article_id, int(r.sentence_start)), []):
            if name == r.actor or (a < x[1] and x[0] < b):
                continue
            first = b <= x[0]
            pairs.append((i, name, r.sentence, (a, b) if first else x, x if first else (a, b), first))
    keys = list(dict.fromkeys((p[2], p[3], p[4]) for p in pairs))  # X with E and E with X: one pass
    probs = directed_sentiment([k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys], model=model)
    where = {key: n for n, key in enumerate(keys)}
    rows = [empty_row(r) for r in m.itertuples(index=False)]
    pq = probs[["p_positive_pq", "p_negative_pq"]].to_numpy(float)  # first entity toward second
    qp = probs[["p_positive_qp", "p_negative_qp"]].to_numpy(float)
    for i, name, sentence, p, q, entity_first in pairs:
        k = where[(sentence, p, q)]
        (e_pos, e_neg), (x_pos, x_neg) = (pq[k], qp[k]) if entity_first else (qp[k], pq[k])
        update(rows[i], name, float(e_pos), float(e_neg), float(x_pos), float(x_neg), threshold)
    out = pd.DataFrame(rows, columns=list(HOLDER_COLUMNS))
    if "speaker" in m.columns:  # words credited to someone: theirs, whatever the pair model says
        quoted = m["speaker"].notna().to_numpy()
        out.loc[quoted, "holder"] = m.loc[quoted, "speaker"].astype(str).to_numpy()
        out.loc[quoted, "holder_probability"] = 1.0
        out.loc[quoted, "holder_basis"] = "attribution"
        tone = m["label"] if "label" in m.columns else pd.Series("", index=m.index)
        out.loc[quoted, "direction"] = [t if t in ("positive", "negative") else "" for t in tone[quoted]]
    return out


def empty_row(r) -> dict:
    return {"article_id": r.article_id, "segment_id": r.segment_id, "actor": r.actor, "mention_start": r.mention_start,
            "mention_end": r.mention_end, "mention_text": r.mention_text, "sentence": r.sentence, "holder": "writer",
            "holder_probability": 1.0, "direction": "", "holder_basis": "no other entity", "actor_holds_toward": "",
            "actor_holds_probability": 0.0, "actor_holds_direction": "", "n_entities": 0}


def update(row: dict, name: str, e_pos: float, e_neg: float, x_pos: float, x_neg: float, threshold: float) -> None:
    """Fold one (actor, entity) pair's probabilities into the actor's row (the most probable holder wins)."""
    row["n_entities"] += 1
    best_entity = 1.0 - row["holder_probability"] if row["holder"] == "writer" else row["holder_probability"]
    if row["holder_basis"] == "no other entity":
        row["holder_basis"], best_entity = "pair model", 0.0
    if e_pos + e_neg > best_entity:
        if e_pos + e_neg >= threshold:
            row.update(holder=name, holder_probability=e_pos + e_neg,
                       direction="positive" if e_pos >= e_neg else "negative")
        else:
            row.update(holder="writer", holder_probability=1.0 - (e_pos + e_neg), direction="")
    if x_pos + x_neg > row["actor_holds_probability"]:
        held = x_pos + x_neg >= threshold
        row.update(actor_holds_toward=name if held else "", actor_holds_probability=x_pos + x_neg,
                   actor_holds_direction=("positive" if x_pos >= x_neg else "negative") if held else "")
