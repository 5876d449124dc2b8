"""The sentiment tables: VADER sentence tone, target sentiment per (sentence, target), actor sentiment of a
corpus. Notebook 02 draws them with :func:`mediabias.views.sentiment.sentiment_cells` and
:func:`mediabias.views.sentiment.plot_heatmap`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from mediabias.corpus.segment import locate, segmented, sentences as corpus_sentences
from mediabias.models.target_sentiment import load_target_model
from mediabias.sentiment.actors import actor_mentions
from mediabias.sources import attributions as corpus_attributions

#: VADER's customary cut-offs for its compound score.
VADER_THRESHOLD = 0.05


# --------------------------------------------------------------------------------------------- VADER
@functools.lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def vader_label(compound: float) -> str:
    """Map a VADER compound score to ``negative`` / ``neutral`` / ``positive`` (±0.05 cut-offs)."""
    if compound >= VADER_THRESHOLD:
        return "positive"
    if compound <= -VADER_THRESHOLD:
        return "negative"
    return "neutral"


def sentence_tone(sentences: Sequence[str]) -> pd.DataFrame:
    """VADER tone of each whole sentence (the baseline: blind to who the sentence is about).

    Returns:
        One row per sentence, in input order: ``vader_neg, vader_neu, vader_pos`` (VADER's proportions),
        ``vader_compound`` (in [-1, 1]) and ``vader_label`` (negative | neutral | positive).
    """
    rows = [_tone(text) for text in _check_sentences(sentences)]
    return pd.DataFrame(rows, columns=["vader_neg", "vader_neu", "vader_pos", "vader_compound", "vader_label"])


@functools.lru_cache(maxsize=20_000)
def _tone(text: str) -> tuple[float, float, float, float, str]:
    """VADER of one sentence, kept per distinct sentence (sentence tone, actor sentiment and loaded language
    score the same sentences)."""
    s = _vader().polarity_scores(text)
    return s["neg"], s["neu"], s["pos"], s["compound"], vader_label(s["compound"])


# ------------------------------------------------------------------------------------ input checks
def _check_sentences(sentences) -> list[str]:
    if isinstance(sentences, str):
        raise TypeError("sentences must be a sequence of strings, not a single string: wrap it in a list")
    out = list(sentences)
    for i, s in enumerate(out):
        if not isinstance(s, str):
            raise TypeError(f"sentence {i} is {type(s).__name__}, expected str")
    return out


def _check_targets(sentences: list[str], targets) -> list[tuple[int, int]]:
    targets = list(targets)
    if len(targets) != len(sentences):
        raise ValueError(
            f"need one (start, end) target per sentence: got {len(sentences)} sentences and {len(targets)} targets"
            " (repeat a sentence once per target)"
        )
    out = []
    for i, (text, span) in enumerate(zip(sentences, targets)):
        try:
            start, end = (int(x) for x in span)
        except (TypeError, ValueError):
            raise ValueError(f"target {i} must be a (start, end) pair of character offsets, got {span!r}") from None
        if not 0 <= start < end <= len(text):
            raise ValueError(f"target {i} span ({start}, {end}) is outside sentence {i} of length {len(text)}")
        if not text[start:end].strip():
            raise ValueError(f"target {i} span ({start}, {end}) covers only whitespace")
        out.append((start, end))
    return out


# ------------------------------------------------------------------------------ target sentiment
def target_sentiment(sentences: Sequence[str], targets: Sequence[tuple[int, int]], *, model=None,
                     batch_size: int = 64) -> pd.DataFrame:
    """Sentiment expressed toward a marked target in each sentence.

    Args:
        sentences: the sentences (a sentence with several targets is repeated once per target).
        targets: one ``(start, end)`` character span per sentence, ``sentence[start:end]`` being the mention.
        model: a :class:`~mediabias.models.target_sentiment.TargetSentimentModel` (default: the committed one).
        batch_size: sentences per forward pass.

    Returns:
        One row per input, in input order: ``start, end, target`` (the mention text), ``label``
        (negative | neutral | positive), ``score`` (P(positive) − P(negative), in [-1, 1]) and
        ``p_negative, p_neutral, p_positive``.

    Example:
        >>> target_sentiment(["Critics called Maliki weak."], [(15, 21)]).label[0]  # doctest: +SKIP
        'negative'
    """
    sentences = _check_sentences(sentences)
    spans = _check_targets(sentences, targets)
    columns = ["start", "end", "target", "label", "score", "p_negative", "p_neutral", "p_positive"]
    if not sentences:
        return pd.DataFrame(columns=columns)
    model = model or load_target_model()
    proba = model.predict_proba((sentences, spans), batch_size=batch_size)
    probs = proba.to_numpy()
    return pd.DataFrame(
        {
            "start": [a for a, _ in spans],
            "end": [b for _, b in spans],
            "target": [s[a:b] for s, (a, b) in zip(sentences, spans)],
            "label": model.decide(proba).to_numpy(),
            "score": probs[:, 2] - probs[:, 0],
            "p_negative": probs[:, 0],
            "p_neutral": probs[:, 1],
            "p_positive": probs[:, 2],
        },
        columns=columns,
    )


# ---------------------------------------------------------------------------------- corpus level
ACTOR_SENTIMENT_COLUMNS = [
    "article_id", "outlet", "story", "segment_id", "paragraph", "voice", "segment_voice", "origin_outlet",
    "speaking_outlet", "speaker", "actor", "kind", "match", "mention_start", "mention_end", "mention_text", "sentence_start",
    "sentence_end", "sentence", "label", "score", "p_negative", "p_neutral", "p_positive", "vader_compound",
    "vader_label",
]


#: Sources that are the author speaking ("I find it difficult to believe that ...") or no speaker at all
#: (a relative pronoun taken for a subject): mentions in their content stay in the sentence's own voice.
NOT_A_QUOTED_SPEAKER = frozenset({"i", "we", "me", "us", "my", "our", "which", "that", "this", "what"})


def _spans_and_names(att: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list]:
    """Content spans of one article's attributions and each one's speaker (``speaker``, else ``source_text``)."""
    columns = [c for c in ("speaker", "source_text") if c in att.columns]
    names = [next((v for v in row if pd.notna(v)), None) for row in att[columns].itertuples(index=False)]
    return att["content_start"].to_numpy(float), att["content_end"].to_numpy(float), names


def quoted_speakers(mentions: pd.DataFrame, attributions: pd.DataFrame | None) -> pd.Series:
    """For each mention, the speaker of the attribution whose content span contains it (else ``None``).

    ``attributions`` needs ``article_id, content_start, content_end`` and ``speaker`` (falls back to
    ``source_text``, then ``"unnamed source"``); the innermost (shortest) containing span wins. Attributions
    whose source is the author (I, we) or a bare relative pronoun are ignored (see
    :data:`NOT_A_QUOTED_SPEAKER`), and so are the author's conjectures (``attribution_kind == "conjecture"``,
    :mod:`mediabias.sources.kinds`): a motive the author ascribes is the author's words.
    """
    out = pd.Series([None] * len(mentions), index=mentions.index, dtype=object)
    if attributions is None or attributions.empty or mentions.empty:
        return out
    missing = {"article_id", "content_start", "content_end"} - set(attributions.columns)
    if missing:
        raise ValueError(f"attributions table lacks column(s) {sorted(missing)}")
    att = attributions.dropna(subset=["content_start", "content_end"])
    if "attribution_kind" in att.columns:  # the author's conjectures ("Obama wants to ...") stay in the author's voice
        att = att[att["attribution_kind"] != "conjecture"]
    by_article = {aid: _spans_and_names(g) for aid, g in att.groupby("article_id")}
    for i, (aid, a, b) in zip(mentions.index, mentions[["article_id", "mention_start", "mention_end"]].itertuples(index=False)):
        found = by_article.get(aid)
        if found is None:
            continue
        starts, ends, names = found
        inside = np.flatnonzero((starts <= a) & (ends >= b))
        if not len(inside):
            continue
        name = names[inside[np.argmin((ends - starts)[inside])]]  # the innermost; the first of equal widths
        if name is not None and str(name).strip().lower() in NOT_A_QUOTED_SPEAKER:
            continue
        out[i] = name if name is not None else "unnamed source"
    return out


def actor_sentiment(corpus, *, attributions: pd.DataFrame | None = None, quotes: bool = True, model=None,
                    nlp=None, batch_size: int = 64) -> pd.DataFrame:
    """Sentiment toward every actor mention of a corpus, with the voice it is said in.

    Args:
        corpus: a :class:`mediabias.corpus.Corpus` (its ``segments`` give the sentences and their voice).
        attributions: the attribution table (``article_id, content_start, content_end, speaker``); default:
            ``mediabias.sources.attributions(corpus)``. A mention inside an attribution's
            content span gets voice ``quoted`` and that speaker.
        quotes: set ``False`` to skip attributions altogether (voice is then author | excerpt only).
        model: a loaded target model (default: the committed one).
        nlp: spaCy pipeline for NER on stories without an actor list.
        batch_size: sentences per forward pass of the target model.

    Returns:
        One row per (sentence, actor mention), columns :data:`ACTOR_SENTIMENT_COLUMNS`: ``voice`` is
        author | excerpt | quoted, ``segment_voice`` the author | excerpt voice of the sentence,
        ``origin_outlet``/``speaking_outlet`` the outlet whose words the sentence is (see ``segment.locate``),
        ``speaker`` the quoted speaker (else ``None``), ``label``/``score``/``p_*`` the target model's
        output toward the mention, ``vader_*`` the VADER tone of the whole sentence (baseline).
    """
    sents = corpus_sentences(corpus)
    spans = {aid: list(zip(g.start, g.end)) for aid, g in sents.groupby("article_id")}
    frames = []
    for art in corpus.articles.itertuples(index=False):
        m = actor_mentions(art.text, story=art.story, nlp=nlp, sentences=spans.get(art.article_id, []))
        if m.empty:
            continue
        m.insert(0, "article_id", art.article_id)
        m.insert(1, "outlet", art.outlet)
        m.insert(2, "story", art.story)
        m["sentence"] = [art.text[a:b] for a, b in zip(m.sentence_start, m.sentence_end)]
        frames.append(m)
    if not frames:
        return pd.DataFrame(columns=ACTOR_SENTIMENT_COLUMNS)
    table = pd.concat(frames, ignore_index=True)
    table = locate(table, segmented(corpus).segments, offset_column="mention_start").rename(columns={"voice": "segment_voice"})
    if quotes and attributions is None:
        attributions = corpus_attributions(corpus)
    table["speaker"] = quoted_speakers(table, attributions if quotes else None)
    table["voice"] = np.where(table.speaker.notna(), "quoted", table.segment_voice)
    pred = target_sentiment(list(table.sentence), list(zip(table.mention_start - table.sentence_start,
                                                           table.mention_end - table.sentence_start)),
                            model=model, batch_size=batch_size)
    for col in ("label", "score", "p_negative", "p_neutral", "p_positive"):
        table[col] = pred[col].to_numpy()
    tone = sentence_tone(list(table.sentence))
    table["vader_compound"] = tone.vader_compound.to_numpy()
    table["vader_label"] = tone.vader_label.to_numpy()
    return table[ACTOR_SENTIMENT_COLUMNS].sort_values(["article_id", "mention_start"], kind="stable", ignore_index=True)
