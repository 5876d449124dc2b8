"""Side-by-side measures, intervals and the plain-language differences, on hand-computable tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from mediabias.compare.measures import evidence, largest_differences, outlet_summary
from mediabias.compare.stats import bootstrap_mean, bootstrap_ratio, wilson_interval

NAMES = {"a": "Outlet A", "b": "Outlet B"}


def seg(article, outlet, words):
    return {"article_id": article, "origin_outlet": outlet, "level": "paragraph", "n_words": words,
            "segment_id": f"{article}:p00", "text": "x"}


@pytest.fixture()
def tables():
    segments = pd.DataFrame([seg("a1", "a", 1000), seg("a2", "a", 1000), seg("b1", "b", 500), seg("b2", "b", 500)])
    att = pd.DataFrame({
        "article_id": ["a1"] * 4 + ["a2"] * 6 + ["b1"],
        "origin_outlet": ["a"] * 10 + ["b"],
        "segment_id": ["s"] * 11,
        "named": [True] * 10 + [False],
        "cue_class": ["neutral"] * 10 + ["stance"],
        "speaker": ["X"] * 11, "source_type": ["expert"] * 11, "cue_text": ["said"] * 11,
        "content_text": [f"quote {i}" for i in range(11)],
    })
    return {"segments": segments, "attributions": att}


def test_rates_are_ratios_of_sums(tables):
    s = outlet_summary(tables, NAMES, min_articles=2).set_index(["metric", "outlet"])
    # outlet a: 10 attributions over 2,000 words = 5 per 1,000; b: 1 over 1,000 words = 1 per 1,000
    assert s.loc[("attributions_per_1000_words", "a"), "value"] == pytest.approx(5.0)
    assert s.loc[("attributions_per_1000_words", "b"), "value"] == pytest.approx(1.0)
    assert s.loc[("attributions_per_1000_words", "a"), "n"] == 2000
    assert s.loc[("attributions_per_1000_words", "a"), "n_of"] == "words"
    assert s.loc[("share_named", "b"), "value"] == 0.0
    assert s.loc[("share_stance_cues", "b"), "value"] == 1.0
    # a has two articles → an interval spanning the per-article rates 4 and 6 per 1,000
    low, high = s.loc[("attributions_per_1000_words", "a"), ["low", "high"]]
    assert 4.0 <= low <= 5.0 <= high <= 6.0
    assert s.loc[("attributions_per_1000_words", "a"), "outlet_name"] == "Outlet A"


def test_largest_differences_say_when_a_gap_is_uncertain(tables):
    d = largest_differences(outlet_summary(tables, NAMES, min_articles=2), min_n=1).set_index("metric")
    row = d.loc["attributions_per_1000_words"]
    assert (row["high_outlet"], row["low_outlet"]) == ("a", "b")
    assert row["gap"] == pytest.approx(4.0)
    assert "Outlet A 5.0 (n=2000 words" in row["sentence"]
    assert "Outlet B 1.0" in row["sentence"]
    # b1 and b2 differ (2 vs 0 per 1,000) so b has an interval; a's is 4-6: they do not overlap
    assert bool(row["clear"]) is True


def test_evidence_lists_the_passages(tables):
    ev = evidence(tables, "share_stance_cues", "b")
    assert list(ev["text"]) == ["quote 10"]
    assert "stance" in ev["why"].iloc[0]
    with pytest.raises(ValueError, match="no evidence rule"):
        evidence(tables, "nonsense", "a")


def test_evidence_shows_what_raises_a_high_share_and_what_keeps_a_low_one_low(tables):
    tables["attributions"].loc[0, "named"] = False  # a: 9 of 10 named
    assert evidence(tables, "share_named", "a", k=1, high=True)["why"].str.contains("; named").all()
    assert evidence(tables, "share_named", "a", k=1, high=False)["text"].tolist() == ["quote 0"]  # the unnamed one
    assert evidence(tables, "share_stance_cues", "a", k=2, high=True)["text"].tolist() == ["quote 0", "quote 1"]


def test_wilson_interval_known_value():
    low, high = wilson_interval(5, 10)
    assert (round(low, 3), round(high, 3)) == (0.237, 0.763)
    assert all(math.isnan(x) for x in wilson_interval(0, 0))
    with pytest.raises(ValueError, match="need 0 <= successes <= n"):
        wilson_interval(3, 2)


def test_bootstraps_are_seeded_and_cluster_aware():
    assert bootstrap_mean([1, 2, 3, 4]) == bootstrap_mean([1, 2, 3, 4])
    mean, low, high = bootstrap_mean([0, 0, 1, 1], clusters=["x", "x", "y", "y"])
    assert mean == 0.5 and low == 0.0 and high == 1.0  # only two clusters: all-x, mixed, all-y
    r, lo, hi = bootstrap_ratio([1], [10], ["only"])
    assert r == 0.1 and math.isnan(lo) and math.isnan(hi)


def test_fewer_than_five_articles_give_per_article_values_not_intervals(tables):
    s = outlet_summary(tables, NAMES).set_index(["metric", "outlet"])
    row = s.loc[("attributions_per_1000_words", "a")]
    assert np.isnan(row["low"]) and np.isnan(row["high"])
    assert row["per_article"] == "4.0, 6.0"  # a1: 4 over 1,000 words, a2: 6 over 1,000
    d = largest_differences(outlet_summary(tables, NAMES), min_n=1).set_index("metric")
    assert not d["clear"].any()
    assert "2 articles: 4.0, 6.0; too few for an interval" in d.loc["attributions_per_1000_words", "sentence"]


def test_a_flagged_value_is_never_a_largest_difference():
    summary = pd.DataFrame({
        "dimension": ["sentiment"] * 3, "metric": ["mean_actor_sentiment"] * 3, "label": ["Mean sentiment"] * 3,
        "unit": ["score"] * 3, "outlet": ["a", "b", "c"], "outlet_name": ["A", "B", "C"],
        "value": [0.5, 0.1, -0.4], "low": [np.nan] * 3, "high": [np.nan] * 3, "n": [20, 20, 20],
        "n_of": ["mentions"] * 3, "n_articles": [2, 1, 1], "per_article": ["0.4, 0.6", "0.1", "-0.4"],
        "flag": ["irony in 4 of 10 positive mentions", "", ""]})
    row = largest_differences(summary).iloc[0]
    assert (row["high_outlet"], row["low_outlet"]) == ("b", "c")
    assert "A left out (irony in 4 of 10 positive mentions)" in row["sentence"]
