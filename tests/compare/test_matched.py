"""Story-matched comparisons and FDR control (mediabias.compare.matched): hand-checked arithmetic and a null corpus."""

import numpy as np
import pandas as pd
import pytest

from mediabias.compare.matched import (
    bh_qvalues, matched_difference, pairwise_differences, pooled_difference, shuffle_outlets, versus_others,
)


def tiny():
    # story s1: A 2/4; B 1/4 and 3/4 -> 0.5 vs 0.5, d = 0
    # story s2: A 3/4; B 1/4          -> 0.75 vs 0.25, d = 0.5
    # story s3: only B                -> not shared, left out of the matched difference
    return pd.DataFrame({
        "story": ["s1", "s1", "s1", "s2", "s2", "s3"],
        "article_id": ["a1", "b1", "b2", "a2", "b3", "b4"],
        "origin_outlet": ["A", "B", "B", "A", "B", "B"],
        "num": [2, 1, 3, 3, 1, 4], "den": [4, 4, 4, 4, 4, 4],
    })


def test_matched_difference_hand_checked():
    r = matched_difference(tiny(), "A", "B", n_boot=200, n_perm=200)
    assert r["n_stories"] == 2
    assert r["matched_diff"] == pytest.approx(0.25)        # mean of 0 and 0.5
    assert r["low"] <= 0.25 <= r["high"]
    assert 0 < r["p"] <= 1


def test_pooled_difference_hand_checked():
    r = pooled_difference(tiny(), "A", "B", n_perm=200)
    assert r["pooled_a"] == pytest.approx(5 / 8)
    assert r["pooled_b"] == pytest.approx(9 / 16)          # (1 + 3 + 1 + 4) / 16
    assert r["pooled_diff"] == pytest.approx(5 / 8 - 9 / 16)


def test_story_mix_is_not_a_difference():
    # A mostly covers the high story, B the low one; within each story they write alike.
    rows = []
    for i in range(6):
        rows.append(("high", f"a{i}", "A", 8, 10))
        rows.append(("low", f"b{i}", "B", 2, 10))
    rows += [("high", "bh", "B", 8, 10), ("low", "al", "A", 2, 10)]
    u = pd.DataFrame(rows, columns=["story", "article_id", "origin_outlet", "num", "den"])
    pooled = pooled_difference(u, "A", "B", n_perm=500)
    matched = matched_difference(u, "A", "B", n_boot=300, n_perm=500)
    assert pooled["pooled_diff"] == pytest.approx(50 / 70 - 20 / 70)  # large pooled gap
    assert pooled["pooled_p"] < 0.05
    assert matched["matched_diff"] == pytest.approx(0.0)
    assert matched["p"] == pytest.approx(1.0)


def test_bh_hand_checked():
    # sorted p: .01 .02 .03 .04 .20 (m = 5) -> p*m/rank: .05 .05 .05 .05 .20; then running min from the top
    q = bh_qvalues([0.04, 0.01, 0.20, 0.03, 0.02])
    assert q.tolist() == pytest.approx([0.05, 0.05, 0.20, 0.05, 0.05])
    q = bh_qvalues([0.01, 0.04, 0.03, 0.5])
    assert q.tolist() == pytest.approx([0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.5])
    q = bh_qvalues([0.5, np.nan, 0.01])                    # NaN is not a test: m = 2
    assert q[0] == pytest.approx(0.5) and np.isnan(q[1]) and q[2] == pytest.approx(0.02)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        bh_qvalues([0.5, 1.5])


def null_corpus(seed=3, n_outlets=8, n_stories=30, effect=0.0):
    """Stories covered by 4 random outlets each (1-2 articles); a measure with a story effect and noise."""
    rng = np.random.default_rng(seed)
    rows = []
    outlets = [f"o{i}" for i in range(n_outlets)]
    for s in range(n_stories):
        level = rng.uniform(0.2, 0.8)
        for o in rng.choice(outlets, size=4, replace=False):
            for j in range(rng.integers(1, 3)):
                den = int(rng.integers(20, 60))
                p = min(max(level + (effect if o == "o0" else 0.0), 0.01), 0.99)
                for metric in ("m1", "m2", "m3"):
                    rows.append({"dimension": "d", "metric": metric, "label": metric, "unit": "share", "scale": 1.0,
                                 "story": f"s{s:02d}", "article_id": f"s{s:02d}-{o}-{j}", "origin_outlet": o,
                                 "num": float(rng.binomial(den, p)), "den": float(den)})
    return pd.DataFrame(rows)


def test_real_gap_is_found_and_shuffled_labels_give_no_clear_gaps():
    real = null_corpus(effect=0.25)
    found = pairwise_differences(real, n_boot=100, n_perm=400)
    assert len(found) == 3 * 28
    o0 = found[(found.outlet_a == "o0") & found.clear]
    # o0 is clearly higher than most of the other 7 outlets on m1-m3 (a majority of the 21 pairs); the exact count
    # depends on the random stream (12 to 17 over seeds 1, 2, 3 and SEED, before and after the one bootstrap)
    assert len(o0) >= 11
    assert (o0.matched_diff > 0).all()
    shuffled = pairwise_differences(shuffle_outlets(real, seed=11), n_boot=100, n_perm=400)
    assert shuffled["clear"].sum() <= 1                    # labels carry no information: (almost) no clear gap
    nothing = pairwise_differences(null_corpus(effect=0.0), n_boot=100, n_perm=400)
    assert nothing["clear"].sum() <= 1
    # without FDR control, the uncorrected p < .05 rule would have called some chance gaps "clear"
    assert (nothing["p"] < 0.05).sum() >= nothing["clear"].sum()


def test_versus_others_and_bad_input():
    v = versus_others(tiny().assign(metric="m", dimension="d", label="m", unit="share", scale=1.0), n_boot=100)
    a = v[v.outlet == "A"].iloc[0]
    assert a.matched_diff == pytest.approx(0.25) and a.n_stories == 2
    with pytest.raises(ValueError, match="story"):
        pairwise_differences(tiny().drop(columns="story").assign(metric="m", dimension="d", label="m", unit="share"))
    with pytest.raises(ValueError, match="lacks column"):
        matched_difference(tiny().drop(columns="den"), "A", "B")
