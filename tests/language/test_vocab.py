"""Log-odds with an informative Dirichlet prior (mediabias.language.vocab) on tiny hand-computed examples."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from mediabias.language.vocab import background_prior, count_terms, log_odds, tokenize


def _row(table, group, term):
    return table.set_index(["group", "term"]).loc[(group, term)]


def test_hand_computed_two_groups():
    # A: x x ; B: y y ; prior 1 per term (a0 = 2).
    # delta(A, x) = log((2+1)/(2+2-2-1)) - log((0+1)/(2+2-0-1)) = log 3 - log(1/3) = log 9
    # var = 1/3 + 1/1 = 4/3 ; z = log 9 / sqrt(4/3)
    counts = pd.DataFrame({"A": [2, 0], "B": [0, 2]}, index=["x", "y"])
    table = log_odds(counts, pd.Series([1.0, 1.0], index=["x", "y"]))
    row = _row(table, "A", "x")
    assert row["delta"] == pytest.approx(math.log(9))
    assert row["se"] == pytest.approx(math.sqrt(4 / 3))
    assert row["z"] == pytest.approx(math.log(9) / math.sqrt(4 / 3))
    assert row["count"] == 2 and row["count_rest"] == 0 and row["rate"] == pytest.approx(1000.0)


def test_hand_computed_unequal_prior():
    # A: x y ; B: y y y ; prior x = 0.5, y = 1.5 (a0 = 2)
    # delta(A, x) = log((1+.5)/(2+2-1-.5)) - log((0+.5)/(3+2-0-.5)) = log(1.5/2.5) - log(.5/4.5)
    counts = pd.DataFrame({"A": [1, 1], "B": [0, 3]}, index=["x", "y"])
    table = log_odds(counts, pd.Series([0.5, 1.5], index=["x", "y"]))
    assert _row(table, "A", "x")["delta"] == pytest.approx(math.log(1.5 / 2.5) - math.log(0.5 / 4.5))
    assert _row(table, "A", "x")["se"] == pytest.approx(math.sqrt(1 / 1.5 + 1 / 0.5))


def test_two_groups_are_mirror_images():
    counts = pd.DataFrame({"A": [5, 1, 3], "B": [1, 4, 3]}, index=["war", "peace", "troops"])
    table = log_odds(counts, pd.Series([1.0, 2.0, 0.5], index=counts.index))
    for term in counts.index:
        assert _row(table, "A", term)["delta"] == pytest.approx(-_row(table, "B", term)["delta"])
        assert _row(table, "A", term)["z"] == pytest.approx(-_row(table, "B", term)["z"])


def test_one_against_the_rest_with_three_groups():
    counts = pd.DataFrame({"A": [6, 1, 1], "B": [0, 1, 1], "C": [0, 1, 1]}, index=["only_a", "u", "v"])
    table = log_odds(counts, pd.Series(1.0, index=counts.index))
    assert _row(table, "A", "only_a")["z"] > 0
    assert _row(table, "B", "only_a")["z"] < 0 and _row(table, "C", "only_a")["z"] < 0
    assert _row(table, "B", "only_a")["count_rest"] == 6
    # sorted by group then z descending
    assert table["group"].tolist() == sorted(table["group"].tolist())
    first_a = table[table.group == "A"].iloc[0]
    assert first_a["term"] == "only_a"


@pytest.mark.parametrize("counts,prior,message", [
    (pd.DataFrame({"A": [1, 2]}, index=["x", "y"]), pd.Series([1.0, 1.0], index=["x", "y"]), "two groups"),
    (pd.DataFrame({"A": [1, -2], "B": [1, 1]}, index=["x", "y"]), pd.Series([1.0, 1.0], index=["x", "y"]),
     "non-negative"),
    (pd.DataFrame({"A": [1, 2], "B": [1, 1]}, index=["x", "y"]), pd.Series([1.0], index=["x"]), "no value"),
    (pd.DataFrame({"A": [1, 2], "B": [1, 1]}, index=["x", "y"]), pd.Series([1.0, 0.0], index=["x", "y"]),
     "positive"),
])
def test_bad_input_is_rejected(counts, prior, message):
    with pytest.raises(ValueError, match=message):
        log_odds(counts, prior)


def test_background_prior_from_general_english():
    prior = background_prior(["the", "troops", "withdrawal", "zzqxv"], strength=100.0)
    assert prior.sum() == pytest.approx(100.0)
    assert prior["the"] > prior["troops"] > prior["zzqxv"] > 0
    with pytest.raises(ValueError, match="positive"):
        background_prior(["the"], strength=0)


@pytest.mark.parametrize("text,ngram,expected", [
    ("Smart power, indeed.", 1, ["smart", "power", "indeed"]),
    ("Smart power, indeed.", 2, ["smart", "power", "indeed", "smart power", "power indeed"]),
    ("Obama’s “mission accomplished” U-turn", 1, ["obama's", "mission", "accomplished", "u-turn"]),
    ("U.S. troops left the U.S.", 1, ["u.s.", "troops", "left", "the", "u.s."]),
])
def test_tokenize(text, ngram, expected):
    assert tokenize(text, ngram=ngram) == expected


def test_tokenize_rejects_bad_input():
    with pytest.raises(TypeError, match="string"):
        tokenize(None)
    with pytest.raises(ValueError, match="ngram"):
        tokenize("x", ngram=3)


def test_count_terms_groups_and_totals():
    texts = pd.Series(["war of words", "war", "peace talks"])
    groups = pd.Series(["hotair", "hotair", "fp"])
    counts = count_terms(texts, groups)
    assert list(counts.columns) == ["fp", "hotair"]
    assert counts.loc["war", "hotair"] == 2 and counts.loc["war", "fp"] == 0
    assert int(counts.to_numpy().sum()) == 6
    with pytest.raises(ValueError, match="length"):
        count_terms(texts, groups.iloc[:2])


def test_distinctive_words_on_the_corpus(corpus):
    from mediabias.language.vocab import distinctive_words

    table = distinctive_words(corpus, top=5)
    outlets = sorted(corpus.articles["outlet"].unique())
    assert sorted(table["group"].unique()) == outlets
    assert (table.groupby("group").size() <= 5).all()
    assert (table["count"] >= 2).all()
    assert np.isfinite(table["z"]).all()
    assert not table["term"].isin(["the", "and", "to", "s", "u"]).any()
    with_stop = distinctive_words(corpus, top=None, stopwords=True, min_count=1)
    assert with_stop["term"].isin(["the"]).any()
    with pytest.raises(ValueError, match="voice"):
        distinctive_words(corpus, voice="narrator")
