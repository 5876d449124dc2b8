"""The one bootstrap (mediabias.compare.stats): every resampling draws its indices from ``resample``, so a loop
drawing row by row and a matrix drawn at once agree, and the callers that used to carry their own loops
(known-groups checks, the MBIC cluster interval) give what those loops gave."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mediabias.compare.stats import (SEED, bootstrap_statistic, cluster_resamples, interval_text, percentile_interval,
                                     ratio_of_sums, resample, two_stage_resamples)
from mediabias.evaluation.known_groups import group_difference, paired_outlet_difference
from mediabias.evaluation.loaded_language import cluster_interval


def test_a_matrix_and_row_by_row_draws_are_the_same_indices():
    for n in (1, 2, 5, 7):
        whole = resample(n, n_boot=40, rng=np.random.default_rng(SEED))
        rng = np.random.default_rng(SEED)
        rows = np.vstack([resample(n, n_boot=1, rng=rng) for _ in range(40)])
        assert whole.shape == (40, n) and (whole == rows).all() and whole.min() >= 0 and whole.max() < n


def test_cluster_resamples_keep_clusters_whole():
    clusters = [np.array([0, 1]), np.array([2]), np.array([3, 4, 5])]
    for rows in cluster_resamples(clusters, n_boot=20, rng=np.random.default_rng(1)):
        for c in clusters:  # a cluster is in a replicate entirely or not at all, as often as it was drawn
            hits = np.isin(rows, c).sum()
            assert hits % len(c) == 0


def test_two_stage_draws_clusters_then_each_part_in_that_order():
    sizes = [(2, 3), (1, 4)]
    drawn = list(two_stage_resamples(sizes, n_boot=5, rng=np.random.default_rng(7)))
    rng = np.random.default_rng(7)
    for rep in drawn:
        pick = rng.integers(0, 2, 2)
        assert [i for i, _ in rep] == list(pick)
        for i, parts in rep:
            for size, idx in zip(sizes[i], parts):
                assert (idx == rng.integers(0, size, size)).all()


def test_percentile_interval_and_ratio_of_sums():
    assert percentile_interval([np.nan, np.nan]) != percentile_interval([np.nan, np.nan])  # NaN, NaN
    assert percentile_interval(np.arange(101.0), level=0.9) == pytest.approx((5.0, 95.0))
    out = ratio_of_sums(np.array([1.0, 2.0]), np.array([0.0, 4.0]), np.array([[0, 0], [0, 1]]))
    assert np.isnan(out[0]) and out[1] == pytest.approx(0.75)


def test_interval_text():
    assert interval_text(None) == "—"
    assert interval_text({"value": 0.5, "low": None}) == "0.500"
    assert interval_text({"value": 0.5, "low": 0.25, "high": 0.75}) == "0.500 [0.250, 0.750]"


def _old_cluster_interval(y, pred, groups, *, n=200, seed=0):
    """The loop evaluation/loaded_language.py carried before it used the one bootstrap."""
    from sklearn.metrics import f1_score
    codes, uniq = pd.factorize(groups)
    members = [np.flatnonzero(codes == k) for k in range(len(uniq))]
    rng = np.random.default_rng(seed)
    scores = []
    for _ in range(n):
        idx = np.concatenate([members[k] for k in rng.integers(0, len(members), len(members))])
        scores.append(f1_score(y[idx], pred[idx], average="macro"))
    return float(np.percentile(scores, 2.5)), float(np.percentile(scores, 97.5))


def test_mbic_cluster_interval_is_the_one_bootstrap_and_gives_what_its_loop_gave():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 200)
    pred = np.where(rng.random(200) < 0.7, y, 1 - y)
    groups = rng.integers(0, 40, 200).astype(str)
    assert cluster_interval(y, pred, groups, n=200) == pytest.approx(_old_cluster_interval(y, pred, groups), abs=1e-12)
    frame = pd.DataFrame({"g": ["b", "a", "b", "c"], "v": [1.0, 2.0, 3.0, 4.0]})
    with pytest.raises(ValueError, match="order"):
        bootstrap_statistic(frame, lambda f: f["v"].mean(), cluster="g", order="random")


def test_known_groups_bootstraps_keep_their_numbers():
    """Pinned from the loops known_groups.py carried before it used the one bootstrap (same seed, same draws)."""
    rng = np.random.default_rng(5)
    vals = rng.normal(size=80)
    grp = rng.choice(["l", "r"], 80)
    clu = rng.integers(0, 8, 80)
    g = group_difference(vals, grp, clu, a="l", b="r", n_boot=500)
    assert (g["outlets_a"], g["outlets_b"]) == (8, 8)
    assert (g["effect"], g["low"], g["high"]) == pytest.approx(
        (-0.11835454150191277, -0.4788567038135594, 0.24622302473512347), abs=1e-12)
    p = paired_outlet_difference(vals, np.where(grp == "l", "opinion", "news"), clu, n_boot=300)
    assert (p["effect"], p["low"], p["high"]) == pytest.approx(
        (-0.020254239619184836, -0.7035306620853095, 0.47757218988461325), abs=1e-12)
