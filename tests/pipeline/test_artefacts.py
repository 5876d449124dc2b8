"""Issue 13, point 1: what one step computed for an article is not computed again by the next one, and reusing it
changes no result (the parse for entities, the sentence vectors, the target-sentiment scores)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import importlib
from mediabias.corpus import load_corpus
from mediabias.corpus.segment import segmented
from mediabias.framing.roles import known_sentiment, roles
from mediabias.runtime import encoder, nlp
from mediabias.sentiment.actors import actor_mentions
from mediabias.sentiment.tables import actor_sentiment
from mediabias.sources import extract_attributions

roles_module = importlib.import_module("mediabias.framing.roles")  # the package exports a function of that name


@pytest.fixture(scope="module")
def article():
    corpus = load_corpus()
    first = sorted(corpus.articles["article_id"])[0]
    return segmented(corpus.select_ids([first]))


def test_roles_read_the_actor_sentiment_scores_instead_of_scoring_again(article, monkeypatch):
    alone = roles(article)
    table = actor_sentiment(article, quotes=False)
    calls = []
    real = roles_module.target_sentiment
    monkeypatch.setattr(roles_module, "target_sentiment", lambda *a, **k: calls.append(a) or real(*a, **k))
    reused = roles(article, sentiment=table)
    assert calls == []  # every (sentence, mention) the roles read was scored by actor_sentiment
    assert len(alone) >= 3
    pd.testing.assert_frame_equal(reused.drop(columns=["p_hero", "p_villain", "p_victim"]),
                                  alone.drop(columns=["p_hero", "p_villain", "p_victim"]))
    for col in ("p_hero", "p_villain", "p_victim"):  # scored in another batch: equal up to float rounding
        np.testing.assert_allclose(reused[col], alone[col], atol=1e-6)


def test_known_sentiment_keys_spans_relative_to_the_sentence():
    table = pd.DataFrame({"sentence": ["Obama left."], "sentence_start": [100], "mention_start": [100],
                          "mention_end": [105], "p_negative": [0.1], "p_neutral": [0.7], "p_positive": [0.2]})
    found = known_sentiment(table)
    assert list(found) == [("Obama left.", (0, 5))]
    np.testing.assert_allclose(found[("Obama left.", (0, 5))], [0.1, 0.7, 0.2])
    assert known_sentiment(None) == {} and known_sentiment(table.iloc[:0]) == {}


def test_the_same_sentences_are_encoded_once_and_callers_cannot_spoil_the_kept_vectors(monkeypatch):
    sentences = ["The last American convoy crossed into Kuwait.", "Critics called it a retreat."]
    encoder.clear_encoded()
    passed = []
    real = encoder._encode
    monkeypatch.setattr(encoder, "_encode", lambda batch: passed.append(list(batch)) or real(batch))
    first = encoder.encode_sentences(sentences + sentences[:1])  # a repeat within one list: encoded once
    first[:] = 0.0  # a caller that writes into its array
    again = encoder.encode_sentences(sentences[::-1])  # the same sentences in another list: not encoded again
    more = encoder.encode_sentences([sentences[1], "The embassy stayed open."])  # only the new one
    assert passed == [sentences, ["The embassy stayed open."]]
    assert np.allclose(np.linalg.norm(again, axis=1), 1.0)
    np.testing.assert_array_equal(more[0], again[0])
    assert encoder.encoded_count() == 3
    encoder.clear_encoded()
    assert encoder.encoded_count() == 0 and encoder.encode_sentences([]).shape == (0, 384)


def test_entities_of_an_article_are_parsed_once_for_every_step_that_reads_them():
    text = "Barack Obama met Nouri al-Maliki in Baghdad.\n\nLeon Panetta flew on to Kuwait."
    nlp.clear_parsed()
    before = nlp.parse_count()
    found = extract_attributions(text)  # the attributions parse the article ...
    one = actor_mentions(text, story=None, ner=True)  # ... and the entity mentions read that parse
    two = actor_mentions(text, story=None, ner=True)
    assert nlp.parse_count() == before + 1
    pd.testing.assert_frame_equal(one, two)
    assert "ner" in set(one["match"]) and isinstance(found, pd.DataFrame)
    doc = nlp.parsed(text)
    assert [s.text.strip() for s in doc.sents][-1] == "Leon Panetta flew on to Kuwait."  # a paragraph starts a sentence
    nlp.clear_parsed()
    nlp.parsed(text)
    assert nlp.parse_count() == before + 2
