"""Segments: one row per paragraph and per sentence, with voice and character offsets.

Sentences come from spaCy's dependency parse (``en_core_web_sm``), run paragraph by paragraph so that
no sentence crosses a paragraph or an excerpt boundary. Only the components the sentence boundaries come from
run (:data:`SENTENCE_COMPONENTS`: the parser reads the shared ``tok2vec`` alone, so leaving out the tagger, the
attribute ruler, the lemmatizer and NER gives the same boundaries, checked on 1,012 paragraphs of the seeds
and AllSides, at about 0.8x the time).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from mediabias.corpus.articles import Corpus
from mediabias.corpus.words import count_words
from mediabias.runtime import nlp as nlp_module
from mediabias.runtime.nlp import load_nlp, paragraph_windows

#: The pipeline components sentence boundaries need; the others are switched off for segmenting.
SENTENCE_COMPONENTS = ("tok2vec", "parser")

SEGMENT_COLUMNS = [
    "article_id", "segment_id", "level", "paragraph", "sentence", "outlet", "voice", "origin_outlet",
    "speaking_outlet", "start", "end", "text", "n_words",
]


def sentence_spans(texts: list[str], *, nlp=None, batch_size: int = 64) -> list[list[tuple[int, int]]]:
    """Sentence ``(start, end)`` offsets for each text, whitespace trimmed.

    A text longer than :data:`mediabias.runtime.nlp.LONG_TEXT` (a paragraph of that length is rare, but nothing
    bounds it) is parsed in windows (:func:`mediabias.runtime.nlp.paragraph_windows`: cut after a sentence end
    where it can be), so the parser's memory follows the window; the others are parsed whole, in batches.

    Example:
        >>> sentence_spans(["He left. She stayed."])
        [[(0, 8), (9, 20)]]
    """
    if nlp is None:
        full = load_nlp()
        nlp = load_nlp(disable=tuple(n for n in full.pipe_names if n not in SENTENCE_COMPONENTS))
    out = []
    for long, run in itertools.groupby(texts, key=lambda t: len(t) > nlp_module.LONG_TEXT):
        if not long:
            out += [trimmed_sentences(doc) for doc in nlp.pipe(run, batch_size=batch_size)]
            continue
        for text in run:
            spans, offset = [], 0
            for window in paragraph_windows(text):
                spans += [(offset + s, offset + e) for s, e in trimmed_sentences(nlp(window))]
                offset += len(window)
            out.append(spans)
    return out


def trimmed_sentences(doc) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of a parsed ``Doc``, whitespace trimmed, empty ones left out."""
    spans = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        chunk = doc.text[start:end]
        start += len(chunk) - len(chunk.lstrip())
        end -= len(chunk) - len(chunk.rstrip())
        if end > start:
            spans.append((start, end))
    return spans


def segments(corpus: Corpus, *, nlp=None) -> pd.DataFrame:
    """The segments table of a corpus.

    Columns:
        article_id, segment_id (``ID:pNN`` for paragraphs, ``ID:pNNsMM`` for sentences),
        level ("paragraph" | "sentence"), paragraph (0-based index), sentence (0-based within the
        paragraph; -1 on paragraph rows), outlet (publisher of the article), voice ("author" | "excerpt"),
        origin_outlet and speaking_outlet (whose words these are: the excerpted outlet for excerpts,
        the publisher otherwise), start, end (offsets into the article text), text, n_words.
    """
    paragraphs = [(a, p) for a in corpus.parsed for p in a.paragraphs]
    spans = sentence_spans([p.text for _, p in paragraphs], nlp=nlp)
    rows = []
    for (article, p), sents in zip(paragraphs, spans):
        outlet = article.meta["outlet"]
        speaking = p.origin_outlet or outlet
        base = dict(article_id=article.id, outlet=outlet, voice=p.voice, origin_outlet=speaking, speaking_outlet=speaking)
        pid = f"{article.id}:p{p.index:02d}"
        rows.append({**base, "segment_id": pid, "level": "paragraph", "paragraph": p.index, "sentence": -1,
                     "start": p.start, "end": p.end, "text": p.text, "n_words": count_words(p.text)})
        for k, (s, e) in enumerate(sents):
            text = p.text[s:e]
            rows.append({**base, "segment_id": f"{pid}s{k:02d}", "level": "sentence", "paragraph": p.index,
                         "sentence": k, "start": p.start + s, "end": p.start + e, "text": text,
                         "n_words": count_words(text)})
    table = pd.DataFrame(rows, columns=SEGMENT_COLUMNS)
    return table.astype({"paragraph": int, "sentence": int, "start": int, "end": int, "n_words": int})


def segmented(corpus: Corpus, *, nlp=None) -> Corpus:
    """``corpus`` with its :func:`segments` attached: computed here (spaCy) unless it already carries them."""
    if corpus.segment_table is not None:
        return corpus
    return corpus.with_segments(segments(corpus, nlp=nlp))


def sentences(corpus: Corpus) -> pd.DataFrame:
    """Only the sentence rows of :func:`segments` (a convenience for instruments)."""
    seg = segmented(corpus).segments
    return seg[seg["level"] == "sentence"].reset_index(drop=True)


def locate(table: pd.DataFrame, segments_table: pd.DataFrame, *, offset_column: str = "start") -> pd.DataFrame:
    """Attach the sentence that contains each row's offset.

    ``table`` needs ``article_id`` and an offset column (default ``start``). Returns a copy with
    ``segment_id, paragraph, voice, origin_outlet, speaking_outlet`` added (empty when the offset falls
    between sentences, e.g. on a paragraph break). Existing columns of those names are replaced.
    """
    sents = segments_table[segments_table["level"] == "sentence"]
    added = ["segment_id", "paragraph", "voice", "origin_outlet", "speaking_outlet"]
    out = table.drop(columns=[c for c in added if c in table.columns]).copy()
    found = {c: [None] * len(out) for c in added}
    by_article = {aid: g.sort_values("start") for aid, g in sents.groupby("article_id")}
    for i, (aid, off) in enumerate(zip(out["article_id"], out[offset_column])):
        g = by_article.get(aid)
        if g is None:
            continue
        starts = g["start"].to_numpy()
        j = int(np.searchsorted(starts, off, side="right")) - 1
        if j < 0:
            continue
        row = g.iloc[j]
        if not row["start"] <= off < max(row["end"], row["start"] + 1):
            # between two sentences (whitespace): credit the paragraph of the next sentence
            if j + 1 < len(g):
                row = g.iloc[j + 1]
            else:
                continue
        for c in added:
            found[c][i] = row[c]
    for c in added:
        out[c] = found[c]
    return out
