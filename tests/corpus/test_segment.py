"""Segments: voices, offsets and sentence splitting, hand-checked on seed 000."""

from __future__ import annotations

import pandas as pd
import pytest

from mediabias.corpus.segment import locate

# Seed 000 (Hot Air excerpting The New York Times), paragraph by paragraph, checked by hand against the capture.
EXPECTED_000 = [
    ("author", "hotair", "When Barack Obama announced yesterday"),
    ("excerpt", "nyt", "President Obama’s announcement on Friday"),
    ("excerpt", "nyt", "And for the negotiators who labored"),
    ("excerpt", "nyt", "This month, American officials pressed"),
    ("excerpt", "nyt", "Acutely aware of that sentiment"),
    ("author", "hotair", "In other words, Obama wants"),
    ("excerpt", "nyt", "On Friday evening, an American official in Iraq"),
    ("excerpt", "nyt", "Possibilities being discussed"),
    ("author", "hotair", "Really?"),
    ("author", "hotair", "We needed to keep a presence in Iraq"),
    ("author", "hotair", "Smart power, indeed."),
]


def test_seed_000_author_and_excerpt_paragraphs(segments):
    paras = segments[(segments["article_id"] == "000_908ce795a3fce461") & (segments["level"] == "paragraph")]
    got = [(r.voice, r.speaking_outlet, r.text) for r in paras.itertuples()]
    assert len(got) == len(EXPECTED_000)
    for (voice, outlet, text), (ev, eo, et) in zip(got, EXPECTED_000):
        assert (voice, outlet) == (ev, eo)
        assert text.startswith(et)


def test_offsets_index_the_article_text(corpus, segments):
    text = corpus.articles.set_index("article_id")["text"]
    for r in segments.itertuples():
        assert text[r.article_id][r.start:r.end] == r.text


def test_sentences_stay_inside_their_paragraph(segments):
    paras = segments[segments["level"] == "paragraph"].set_index("segment_id")
    sents = segments[segments["level"] == "sentence"]
    for r in sents.itertuples():
        p = paras.loc[f"{r.article_id}:p{r.paragraph:02d}"]
        assert p["start"] <= r.start < r.end <= p["end"]
        assert p["voice"] == r.voice


@pytest.mark.parametrize("sentence", ["Really?", "Smart power, indeed."])
def test_short_sentences_are_split(segments, sentence):
    sents = segments[(segments["level"] == "sentence") & (segments["article_id"] == "000_908ce795a3fce461")]
    assert sentence in set(sents["text"])


def test_segment_ids_are_unique_and_stable(segments):
    assert segments["segment_id"].is_unique
    assert "000_908ce795a3fce461:p01s00" in set(segments["segment_id"])


def test_locate_attaches_voice(corpus, segments):
    text = corpus.articles.set_index("article_id")["text"]["001_7127911f8c492fa6"]
    rows = pd.DataFrame({
        "article_id": ["001_7127911f8c492fa6"] * 2,
        "start": [text.index("Sullivan was one of 40"), text.index("Which seems to be a failing")],
    })
    out = locate(rows, segments)
    assert list(out["voice"]) == ["excerpt", "author"]
    assert list(out["speaking_outlet"]) == ["fp", "hotair"]


def test_segmenting_with_the_parser_alone_gives_the_full_pipelines_sentences():
    """Sentence boundaries come from the parser, so segmenting switches the other components off
    (SENTENCE_COMPONENTS); the boundaries must be those of the whole pipeline on every seed paragraph."""
    from mediabias.corpus import load_corpus
    from mediabias.corpus.segment import SENTENCE_COMPONENTS, sentence_spans
    from mediabias.runtime.nlp import load_nlp

    paragraphs = [p.text for a in load_corpus().parsed for p in a.paragraphs]
    full = load_nlp()
    assert set(SENTENCE_COMPONENTS) < set(full.pipe_names)
    assert sentence_spans(paragraphs) == sentence_spans(paragraphs, nlp=full)
