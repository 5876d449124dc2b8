"""The genre check (mediabias.runtime.genre): style features, P(opinion) on hand-written prose, and the genre of
the bundled articles' own voices, read against the articles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mediabias.pipeline import load_results
from mediabias.runtime.genre import article_genre, feature_names, features, opinion_probability

BLOG = ("I get why the administration wants out, but let us be honest about what this is. Nobody in their right "
        "mind thinks this is a victory. Our troops did their job; our politicians did not. Why would anyone believe "
        "the spin? Frankly, it is absurd, and we should say so.")
WIRE = ("The Defense Ministry said on Tuesday that 3,000 soldiers would leave the country by March 31, according to "
        "a statement released in Baghdad. The decision follows talks between officials of both governments, a "
        "spokesman told reporters. About 1,200 contractors will remain at two bases, the statement said.")


def test_features_count_person_questions_and_reporting_verbs():
    X = pd.DataFrame(features([BLOG, WIRE]), columns=feature_names())
    assert X.loc[0, "group_first_person_plural"] > 0 and X.loc[1, "group_first_person_plural"] == 0
    assert X.loc[0, "questions_per_sentence"] == pytest.approx(1 / 5)
    assert X.loc[1, "group_reporting"] > X.loc[0, "group_reporting"] == 0
    assert X.loc[1, "digits_per_100_chars"] > 0 == X.loc[0, "digits_per_100_chars"]
    assert features([]).shape == (0, len(feature_names()))


def test_an_argument_reads_as_opinion_and_a_wire_report_as_news():
    p_blog, p_wire = opinion_probability([BLOG, WIRE])
    assert p_blog > 0.9 and p_wire < 0.1


def test_bundled_genres_read_the_own_voice_only():
    """Hot Air's posts argue (opinion); The Cable reports (news); the excerpts Hot Air quotes are not its voice."""
    seg = load_results(None, steps=("articles", "segments"))["segments"]
    sents = seg[seg["level"] == "sentence"]
    g = article_genre(sents).set_index("article_id")
    hotair = [a for a in g.index if a.startswith(("000_", "001_", "002_"))]
    assert (g.loc[hotair, "genre"] == "opinion").all()
    assert g.loc["003_90f0f04d63b1e894", "genre"] != "opinion" and g.loc["003_90f0f04d63b1e894", "p_opinion"] < 0.5
    # the NYT, FP and AP excerpts inside the Hot Air posts, read as if they were a voice of their own, are news
    excerpts = sents[sents["voice"] == "excerpt"].assign(voice="author")
    assert (article_genre(excerpts, min_words=50)["p_opinion"] < 0.3).all()


def test_too_little_own_voice_is_unknown_and_bad_input_is_named():
    short = pd.DataFrame({"article_id": ["a"], "voice": ["author"], "text": ["Officials said so."]})
    row = article_genre(short).iloc[0]
    assert row["genre"] == "unknown" and np.isnan(row["p_opinion"])
    with pytest.raises(ValueError, match=r"lack column\(s\) \['voice'\]"):
        article_genre(short.drop(columns=["voice"]))
