"""The writer's stance toward an actor, per paragraph and per article, read from the author's voice only.

The target-sentiment network answers "how does this sentence treat X" (NewsMTSC's question). A writer's stance
is a different thing: the writer may quote X's critics, excerpt another outlet, or praise X's opponents. The
stance reader answers PerSenT's question (Bastan et al., COLING 2020: the *author's* sentiment toward the main
person of a news article, per paragraph and per document) from the words the writer wrote:

1. each paragraph is rewritten as the reader sees it (:func:`reader_input`): every span of another voice (the
   content of an attribution, an excerpted paragraph, a quotation longer than a scare quote whoever said it:
   :func:`quotations`) becomes :data:`MASK_MARK`, so what a speaker said is
   gone but the fact that they said it (the speaker, the cue) stays; every remaining mention of the actor
   becomes :data:`TARGET_MARK`, as in PerSenT's ``MASKED_DOCUMENT``;
2. a multinomial logistic regression trained on PerSenT's paragraph labels (``models/stance_paragraph.json``)
   gives P(negative / neutral / positive) from the paragraph's MiniLM vector (the bundled encoder,
   :func:`mediabias.runtime.encoder.encode_sentences`), VADER of the rewritten paragraph, and the
   target-sentiment network's reading of each author-voice mention (:data:`EXTRA_FEATURES`);
3. the article's stance toward the actor is a second logistic regression (``models/stance_article.json``) over
   the paragraphs that name the actor in the author's voice (:func:`article_features`: their probabilities
   and mean extra features), trained on PerSenT's document labels.

Three entry points, all batched (one encoder call for every paragraph of every article and actor given):
:func:`stance_of_texts` for plain texts outside the corpus (attributions computed here), :func:`read_stance`
for paragraphs already rewritten, and :func:`corpus_stance` for the pipeline's tables (segments,
attributions, actor mentions). Training: ``scripts/train_stance.py``; provenance and scores:
``models/stance.md``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from mediabias.models import stance as stance_model
from mediabias.models.target_sentiment import LABELS
from mediabias.runtime.encoder import encode_sentences
from mediabias.runtime.text import merge_spans
from mediabias.sentiment.entity_tone import find_mentions
from mediabias.sentiment.tables import NOT_A_QUOTED_SPEAKER, sentence_tone, target_sentiment
from mediabias.sources import extract_attributions
from mediabias.sources.syntax import parse

#: What replaces a mention of the actor (PerSenT's ``MASKED_DOCUMENT`` marker).
TARGET_MARK = "[TGT]"
#: What replaces a span in another voice (attributed content, excerpted paragraph).
MASK_MARK = "[QUOTE]"
#: The two shipped models (``models/<name>.json``, :mod:`mediabias.models.stance`).
PARAGRAPH_MODEL, ARTICLE_MODEL = stance_model.PARAGRAPH, stance_model.ARTICLE

#: Columns of the paragraph table (:func:`read_stance`, :func:`corpus_stance`, :func:`stance_of_texts`).
PARAGRAPH_COLUMNS = {
    "article_id": "the article (or document id)",
    "actor": "the actor whose stance is read",
    "paragraph": "paragraph number (0-based)",
    "segment_id": "'{article_id}:p{NN}' (the paragraph's segment id in the corpus tables)",
    "start": "the paragraph's start offset in the article text",
    "end": "its end offset",
    "n_mentions": "mentions of the actor in the author's voice (outside masked spans)",
    "n_masked_mentions": "mentions of the actor inside masked spans (quoted or excerpted: not read)",
    "masked_chars": "characters of the paragraph masked as another voice",
    "reader_input": "the paragraph as the reader saw it (masked spans and mentions replaced)",
    "vader_neg": "VADER's share of negative words in the reader input (others' words masked)",
    "vader_neu": "VADER's share of neutral words",
    "vader_pos": "VADER's share of positive words",
    "vader_compound": "VADER's compound score of the reader input",
    "tone_has_mention": "1 when the target-sentiment network read an author-voice mention here, else 0",
    "tone_mean_score": "the network's mean P(positive) - P(negative) over those mentions (0 without one)",
    "tone_min_score": "their minimum",
    "tone_max_score": "their maximum",
    "tone_mean_p_negative": "their mean P(negative)",
    "tone_mean_p_positive": "their mean P(positive)",
    "p_negative": "P(the writer is negative toward the actor in this paragraph)",
    "p_neutral": "P(neutral)",
    "p_positive": "P(positive)",
    "score": "p_positive - p_negative",
    "label": "the most probable class",
}
#: Columns of the article table (:func:`article_stance`).
ARTICLE_COLUMNS = {
    "article_id": "the article",
    "actor": "the actor",
    "n_paragraphs": "paragraphs that mention the actor in the author's voice (the evidence)",
    "p_negative": "P(the writer is negative toward the actor in this article)",
    "p_neutral": "P(neutral)",
    "p_positive": "P(positive)",
    "score": "p_positive - p_negative",
    "label": "the most probable class; 'neutral' with n_paragraphs 0 when the writer never names the actor",
}


# -------------------------------------------------------------------------------------- the input


def reader_input(text: str, mentions: Sequence[tuple[int, int]], masked: Sequence[tuple[int, int]]) -> tuple[str, int, int]:
    """A paragraph as the reader sees it: masked spans become :data:`MASK_MARK`, other mentions :data:`TARGET_MARK`.

    Args:
        text: the paragraph.
        mentions: ``(start, end)`` offsets of the actor's mentions in ``text``.
        masked: ``(start, end)`` offsets of spans in another voice (a mention inside one is masked with it).

    Returns:
        ``(input, n_mentions, n_masked_mentions)``: the rewritten paragraph, the mentions kept as
        :data:`TARGET_MARK` and those that fell inside a masked span.

    Example:
        >>> reader_input('Smith said "Jones is a fraud." Jones disagreed.', [(11, 16), (31, 36)], [(11, 30)])
        ('Smith said [QUOTE] [TGT] disagreed.', 1, 1)
    """
    masked = merge_spans(masked)
    inside = [any(a >= x and b <= y for x, y in masked) or any(a < y and b > x for x, y in masked) for a, b in mentions]
    edits = [(a, b, MASK_MARK) for a, b in masked]
    edits += [(a, b, TARGET_MARK) for (a, b), hidden in zip(mentions, inside) if not hidden]
    out, pos = [], 0
    for a, b, mark in sorted(edits):
        if a < pos:  # a mention overlapping a masked span was counted as masked above
            continue
        out += [text[pos:a], mark]
        pos = b
    out.append(text[pos:])
    n_masked = int(sum(inside))
    return "".join(out), len(mentions) - n_masked, n_masked


#: A double-quoted span of at least this many words is another's words (:func:`quotations`); shorter ones are
#: scare quotes or names, the writer's own (``scare_quote_max_words`` 4 in ``resources/irony_markers.yaml``). Words
#: are runs of letters and digits, so "U.S." counts two: “senior U.S. military official” (an AP source's
#: description, seed 002) is masked here and is also a scare quote to the irony cues, which split on spaces.
MIN_QUOTED_WORDS = 5
QUOTED = re.compile(r"“[^“”]*”|\"[^\"“”]*\"")


def quotations(text: str, *, min_words: int = MIN_QUOTED_WORDS) -> list[tuple[int, int]]:
    """``(start, end)`` of every double-quoted span of ``text`` with at least ``min_words`` words, quote marks
    included: quoted words are another's, whether or not the attribution extractor found who said them (an
    inline quotation after a colon, "read Waldman's elaboration: “…”", or woven into the writer's sentence).

    >>> t = 'He read the "quarterly report" and added: "We will not be dragged into another war."'
    >>> [t[a:b] for a, b in quotations(t)]
    ['"We will not be dragged into another war."']
    """
    return [(m.start(), m.end()) for m in QUOTED.finditer(text) if len(re.findall(r"\w+", m.group())) >= min_words]


def subtract_spans(spans: Sequence[tuple[int, int]], holes: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` (merged) with ``holes`` cut out: ``[(0, 10)] - [(3, 5)] -> [(0, 3), (5, 10)]``."""
    out = []
    for a, b in merge_spans(spans):
        for x, y in merge_spans(holes):
            if y <= a or x >= b:
                continue
            if x > a:
                out.append((a, x))
            a = max(a, y)
        if b > a:
            out.append((a, b))
    return out


def attribution_masks(attributions: pd.DataFrame) -> pd.DataFrame:
    """The spans to mask from an attribution table: the content of every attribution except the author's own
    (source I / we, or a bare relative pronoun: :data:`NOT_A_QUOTED_SPEAKER`) and the author's conjectures
    (``attribution_kind == "conjecture"``), as :func:`mediabias.sentiment.quoted_speakers` counts them, and acts on
    record (``cue_category == "action"``: "signed the bill" is the author's report, not someone's words); the
    source and cue spans (who speaks, and how) are cut out of the contents, so a speaker written between two
    quoted sentences stays readable.

    Returns:
        ``article_id, start, end``, merged spans sorted by article and offset.
    """
    cols = ["article_id", "start", "end"]
    if attributions is None or attributions.empty:
        return pd.DataFrame(columns=cols)
    att = attributions.dropna(subset=["content_start", "content_end"])
    if "attribution_kind" in att.columns:
        att = att[att["attribution_kind"] != "conjecture"]
    if "cue_category" in att.columns:  # an act on record ("signed the bill") is the author's report, not words
        att = att[att["cue_category"].fillna("") != "action"]
    names = [s if isinstance(s, str) else t if isinstance(t, str) else None
             for s, t in zip(att.get("speaker", [None] * len(att)), att.get("source_text", [None] * len(att)))]
    keep = [not (isinstance(n, str) and n.strip().lower() in NOT_A_QUOTED_SPEAKER) for n in names]
    att = att[np.asarray(keep, dtype=bool)]
    rows = []
    for aid, g in att.groupby("article_id", sort=True):
        holes = []
        for a, b in (("source_start", "source_end"), ("cue_start", "cue_end")):  # who speaks, and the verb
            if a in g.columns:
                kept = g.dropna(subset=[a, b])
                holes += list(zip(kept[a].astype(int), kept[b].astype(int)))
        spans = subtract_spans(list(zip(g["content_start"].astype(int), g["content_end"].astype(int))), holes)
        rows += [(aid, a, b) for a, b in spans]
    return pd.DataFrame(rows, columns=cols)


def paragraph_inputs(text: str, paragraphs: Sequence[tuple[int, int]], mentions: Sequence[tuple[int, int]],
                     masked: Sequence[tuple[int, int]], *, article_id: str, actor: str,
                     quoted: bool = True) -> pd.DataFrame:
    """One article and actor: every paragraph with its reader input (offsets index ``text``).

    Args:
        paragraphs: ``(start, end)`` of each paragraph, in order (numbered from 0).
        mentions, masked: ``(start, end)`` of the actor's mentions and of the spans in another voice; every
            :func:`quotations` span of a paragraph is masked too, unless ``quoted`` is False.

    Returns:
        ``article_id, actor, paragraph, segment_id, start, end, n_mentions, n_masked_mentions, masked_chars,
        reader_input`` (see :data:`PARAGRAPH_COLUMNS`).
    """
    rows = []
    for i, (s, e) in enumerate(paragraphs):
        ms = [(a - s, b - s) for a, b in mentions if s <= a and b <= e]
        mk = [(max(a, s) - s, min(b, e) - s) for a, b in masked if a < e and b > s]
        mk += quotations(text[s:e]) if quoted else []
        inp, n, n_masked = reader_input(text[s:e], ms, mk)
        rows.append({"article_id": article_id, "actor": actor, "paragraph": i, "segment_id": f"{article_id}:p{i:02d}",
                     "start": s, "end": e, "n_mentions": n, "n_masked_mentions": n_masked,
                     "masked_chars": sum(b - a for a, b in merge_spans(mk)), "reader_input": inp})
    return pd.DataFrame(rows, columns=list(PARAGRAPH_COLUMNS)[:10])


# ------------------------------------------------------------------------------------ the reader
#: The features beside the paragraph vector: VADER of the rewritten paragraph, and the target-sentiment
#: network's reading of each author-voice mention (the actor's name put back in place of :data:`TARGET_MARK`).
EXTRA_FEATURES = ("vader_neg", "vader_neu", "vader_pos", "vader_compound", "tone_has_mention", "tone_mean_score",
                  "tone_min_score", "tone_max_score", "tone_mean_p_negative", "tone_mean_p_positive")


def tone_targets(inputs: pd.DataFrame) -> tuple[list[str], list[tuple[int, int]], list[int]]:
    """The author-voice mentions of ``inputs`` as (sentence, target span) pairs for the target-sentiment network:
    each paragraph's reader input with :data:`TARGET_MARK` replaced by the actor's name, one pair per mention.

    Returns:
        ``(texts, spans, rows)``: ``rows[k]`` is the position in ``inputs`` of pair ``k``.
    """
    texts, spans, rows = [], [], []
    for k, (text, actor) in enumerate(zip(inputs["reader_input"], inputs["actor"])):
        name = " ".join(str(actor).replace("_", " ").split())
        parts = text.split(TARGET_MARK)
        if len(parts) < 2:
            continue
        named = name.join(parts)
        pos = 0
        for part in parts[:-1]:
            pos += len(part)
            texts.append(named)
            spans.append((pos, pos + len(name)))
            rows.append(k)
            pos += len(name)
    return texts, spans, rows


def paragraph_features(inputs: pd.DataFrame, *, tone_model=None) -> np.ndarray:
    """The paragraph model's features (one row per row of ``inputs``): the MiniLM vector of the reader input
    (384), then :func:`extra_features`."""
    return np.hstack([paragraph_vectors(inputs["reader_input"]), extra_features(inputs, tone_model=tone_model)])


def extra_features(inputs: pd.DataFrame, *, tone_model=None) -> np.ndarray:
    """:data:`EXTRA_FEATURES` of each row of ``inputs`` (the tone columns are zeros when the paragraph has no
    author-voice mention)."""
    vader = sentence_tone(list(inputs["reader_input"]))[["vader_neg", "vader_neu", "vader_pos", "vader_compound"]]
    tone = np.zeros((len(inputs), 6))
    texts, spans, rows = tone_targets(inputs)
    if texts:
        pred = target_sentiment(texts, spans, model=tone_model)
        g = pd.DataFrame({"row": rows, "score": pred["score"], "p_negative": pred["p_negative"],
                          "p_positive": pred["p_positive"]}).groupby("row")
        agg = pd.concat([g["score"].mean(), g["score"].min(), g["score"].max(), g["p_negative"].mean(),
                         g["p_positive"].mean()], axis=1).to_numpy()
        idx = np.asarray(sorted(g.groups))
        tone[idx, 0] = 1.0
        tone[idx, 1:] = agg
    return np.hstack([vader.to_numpy(dtype=float), tone])


def paragraph_vectors(inputs: Sequence[str]) -> np.ndarray:
    """The MiniLM vectors (384-d) of rewritten paragraphs."""
    return encode_sentences(list(inputs))


def probabilities(model, X) -> np.ndarray:
    """``model.predict_proba(X)`` as an array in :data:`LABELS` order (rows sum to 1)."""
    p = model.predict_proba(X)[list(LABELS)].to_numpy(dtype=float)
    return p / p.sum(axis=1, keepdims=True)


def with_probabilities(table: pd.DataFrame, p: np.ndarray, model) -> pd.DataFrame:
    """``table`` with ``p_<label>``, ``score`` and the model's decision ``label`` for the probabilities ``p``."""
    out = table.copy()
    for j, label in enumerate(LABELS):
        out[f"p_{label}"] = p[:, j] if len(out) else []
    out["score"] = out["p_positive"] - out["p_negative"]
    out["label"] = model.decide(pd.DataFrame(p, columns=list(LABELS))).to_numpy() if len(out) else []
    return out


def read_stance(inputs: pd.DataFrame, *, model=None) -> pd.DataFrame:
    """The writer's stance in each paragraph of ``inputs`` (one encoder pass over all of them).

    Args:
        inputs: rows of :func:`paragraph_inputs` (any number of articles and actors), or any table with a
            ``reader_input`` column.
        model: the paragraph model (default ``models/stance_paragraph.json``).

    Returns:
        ``inputs`` with ``p_negative, p_neutral, p_positive, score, label`` added (:data:`PARAGRAPH_COLUMNS`).
    """
    if "reader_input" not in inputs.columns:
        raise ValueError("inputs need a reader_input column (see paragraph_inputs)")
    model = model or stance_model.load(PARAGRAPH_MODEL)
    if inputs.empty:
        out = inputs.assign(**{c: pd.Series(dtype=float) for c in EXTRA_FEATURES})
        return with_probabilities(out, np.zeros((0, len(LABELS))), model)
    X = paragraph_features(inputs)
    out = inputs.copy()
    for j, c in enumerate(EXTRA_FEATURES):
        out[c] = X[:, -len(EXTRA_FEATURES) + j]
    return with_probabilities(out, probabilities(model, X), model)


def article_features(p: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """The article model's features from an article's read paragraphs (rows: paragraphs naming the actor in the
    author's voice): the mean (3), maximum (3) and first paragraph's (3) of their probabilities ``p``,
    log(1 + number of paragraphs), and the mean of their :data:`EXTRA_FEATURES` ``extra`` (10)."""
    p = np.asarray(p, dtype=float).reshape(-1, len(LABELS))
    extra = np.asarray(extra, dtype=float).reshape(len(p), len(EXTRA_FEATURES))
    return np.concatenate([p.mean(0), p.max(0), p[0], [np.log1p(len(p))], extra.mean(0)])


def article_stance(paragraphs: pd.DataFrame, *, model=None) -> pd.DataFrame:
    """Aggregate a paragraph table (:func:`read_stance`) to one row per (article, actor).

    Only paragraphs that mention the actor in the author's voice (``n_mentions > 0``) are evidence; an
    (article, actor) without any is ``neutral`` with ``n_paragraphs`` 0 and probabilities NaN.

    Returns:
        Columns :data:`ARTICLE_COLUMNS`, sorted by article and actor.
    """
    model = model or stance_model.load(ARTICLE_MODEL)
    rows, feats = [], []
    for (aid, actor), g in paragraphs.groupby(["article_id", "actor"], sort=True):
        g = g[g["n_mentions"] > 0].sort_values("paragraph")
        rows.append({"article_id": aid, "actor": actor, "n_paragraphs": len(g)})
        feats.append(article_features(g[[f"p_{c}" for c in LABELS]].to_numpy(), g[list(EXTRA_FEATURES)].to_numpy())
                     if len(g) else None)
    out = pd.DataFrame(rows, columns=["article_id", "actor", "n_paragraphs"])
    p = np.full((len(out), len(LABELS)), np.nan)
    have = [i for i, f in enumerate(feats) if f is not None]
    if have:
        p[have] = probabilities(model, np.stack([feats[i] for i in have]))
    out = with_probabilities(out, np.nan_to_num(p, nan=0.0), model)
    out.loc[out["n_paragraphs"] == 0, ["p_negative", "p_neutral", "p_positive", "score"]] = np.nan
    out.loc[out["n_paragraphs"] == 0, "label"] = "neutral"
    return out[list(ARTICLE_COLUMNS)]


# ----------------------------------------------------------------------------------- entry points
def join_paragraphs(paragraphs: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Paragraph strings joined by a blank line (the corpus's plain text) and each one's ``(start, end)``."""
    spans, pos = [], 0
    for p in paragraphs:
        spans.append((pos, pos + len(p)))
        pos += len(p) + 2
    return "\n\n".join(paragraphs), spans


def text_inputs(docs: pd.DataFrame, *, nlp=None, mask: bool = True) -> pd.DataFrame:
    """Reader inputs for plain texts outside the corpus (PerSenT, BASIL), attributions computed here.

    Args:
        docs: one row per (document, actor): ``article_id``, ``actor`` (a name :func:`find_mentions` reads:
            full name and surname) and ``paragraphs`` (a list of paragraph strings).
        nlp: spaCy pipeline for the attribution parse (default: the project's).
        mask: ``False`` reads every voice (for comparison only; the shipped reader masks).

    Returns:
        The rows of :func:`paragraph_inputs` for every document and actor.
    """
    missing = {"article_id", "actor", "paragraphs"} - set(docs.columns)
    if missing:
        raise ValueError(f"docs table lacks column(s) {sorted(missing)}")
    firsts = docs.drop_duplicates("article_id")
    texts = {aid: list(ps) for aid, ps in zip(firsts["article_id"], firsts["paragraphs"])}
    masks: dict[str, list[tuple[int, int]]] = {aid: [] for aid in texts}
    if mask:
        flat = [(aid, i, p) for aid, ps in texts.items() for i, p in enumerate(ps) if p.strip()]
        for (aid, i, para), doc in zip(flat, parse([p for _, _, p in flat], nlp=nlp)):
            start = join_paragraphs(texts[aid][:i] + [""])[1][-1][0]
            spans = attribution_masks(extract_attributions(para, doc=doc).assign(article_id=aid))
            masks[aid] += [(start + a, start + b) for a, b in zip(spans["start"], spans["end"])]
    frames = []
    for aid, actor in zip(docs["article_id"], docs["actor"]):
        text, spans = join_paragraphs(texts[aid])
        frames.append(paragraph_inputs(text, spans, find_mentions(text, actor), masks[aid], article_id=aid,
                                       actor=actor, quoted=mask))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(PARAGRAPH_COLUMNS)[:10])


def stance_of_texts(docs: pd.DataFrame, *, nlp=None, model=None, article_model=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The writer's stance toward each document's actor in plain texts: ``(paragraphs, articles)``.

    ``docs`` as for :func:`text_inputs`. Every paragraph is read (``n_mentions`` says which name the actor);
    the article row aggregates those that do (:func:`article_stance`).

    Example:
        >>> docs = pd.DataFrame({"article_id": ["a"], "actor": ["Jane Smith"],
        ...                      "paragraphs": [["Jane Smith botched the budget again."]]})
        >>> stance_of_texts(docs)[1][["actor", "label"]]  # doctest: +SKIP
    """
    paragraphs = read_stance(text_inputs(docs, nlp=nlp), model=model)
    return paragraphs, article_stance(paragraphs, model=article_model)


def corpus_stance(segments: pd.DataFrame, attributions: pd.DataFrame | None, mentions: pd.DataFrame, *,
                  model=None) -> pd.DataFrame:
    """The writer's stance toward every actor in every paragraph that names it, from the pipeline's tables.

    Args:
        segments: the ``segments`` table (paragraph rows give offsets and voice; an ``excerpt`` paragraph is
            masked whole).
        attributions: the ``attributions`` table (its content spans are masked, :func:`attribution_masks`).
        mentions: the ``actor_sentiment`` table (or any with ``article_id, actor, mention_start,
            mention_end``): which actors each article names, and where.

    Returns:
        :data:`PARAGRAPH_COLUMNS`, one row per (article, actor, paragraph) where the actor is mentioned in any
        voice (a paragraph naming it only inside masked spans has ``n_mentions`` 0 and is read with no
        :data:`TARGET_MARK`; :func:`article_stance` does not count it). Pass it to :func:`article_stance`
        for one row per (article, actor).
    """
    paras = segments[segments["level"] == "paragraph"].sort_values(["article_id", "paragraph"])
    masks = attribution_masks(attributions) if attributions is not None else pd.DataFrame(columns=["article_id", "start", "end"])
    mask_of = {aid: list(zip(g["start"], g["end"])) for aid, g in masks.groupby("article_id")}
    frames, articles = [], {}
    paras_of = {aid: p for aid, p in paras.groupby("article_id", sort=False)}
    for (aid, actor), m in mentions.groupby(["article_id", "actor"], sort=True):
        if aid not in articles:  # an article's paragraphs, excerpts and text, once for all its actors
            p = paras_of.get(aid, paras.iloc[0:0])
            articles[aid] = (p, [(s, e) for s, e, v in zip(p["start"], p["end"], p["voice"]) if v == "excerpt"],
                             _article_text(p))
        p, excerpts, text = articles[aid]
        spans = list(zip(m["mention_start"].astype(int), m["mention_end"].astype(int)))
        table = paragraph_inputs(text, list(zip(p["start"], p["end"])), spans, mask_of.get(aid, []) + excerpts,
                                 article_id=aid, actor=actor)
        table["paragraph"] = p["paragraph"].to_numpy()
        table["segment_id"] = p["segment_id"].to_numpy()
        frames.append(table[(table["n_mentions"] + table["n_masked_mentions"]) > 0])
    if not frames:
        return read_stance(pd.DataFrame(columns=list(PARAGRAPH_COLUMNS)[:10]), model=model)
    return read_stance(pd.concat(frames, ignore_index=True), model=model)


def _article_text(paragraph_rows: pd.DataFrame) -> str:
    """The article's plain text rebuilt from its paragraph segments (offsets preserved; gaps are spaces)."""
    end = int(paragraph_rows["end"].max()) if len(paragraph_rows) else 0
    chars = [" "] * end
    for s, t in zip(paragraph_rows["start"], paragraph_rows["text"]):
        chars[int(s):int(s) + len(t)] = list(t)
    return "".join(chars)
