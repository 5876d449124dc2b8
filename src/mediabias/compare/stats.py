"""Uncertainty for small samples: the one bootstrap, Wilson intervals for shares, and how an interval is written.

With a handful of articles per outlet every comparison is fragile; these functions make that visible.
Bootstraps resample *clusters* (the unit that was sampled: articles, outlets, events), not sentences, and use a
fixed seed, so reruns give identical intervals.

Every resampling in the package draws its indices from :func:`resample` (one matrix of indices drawn with
replacement), directly or through :func:`cluster_resamples` (whole clusters) and :func:`two_stage_resamples`
(clusters, then the members of each cluster's parts); the statistics below (mean, ratio of sums, any statistic
of a table) and the story-matched and known-groups comparisons are functions of those indices. A
matrix drawn at once and the same rows drawn one at a time give the same indices (numpy's ``Generator`` keeps its
stream across calls), so callers may draw either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

SEED = 20111021


def resample(n: int, *, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """The one resampling draw: ``n_boot`` rows of ``n`` indices into ``range(n)``, drawn with replacement.

    Example:
        >>> resample(3, n_boot=2, rng=np.random.default_rng(0)).shape
        (2, 3)
    """
    return rng.integers(0, n, size=(n_boot, n))


def cluster_resamples(clusters: list[np.ndarray], *, n_boot: int, rng: np.random.Generator) -> Iterator[np.ndarray]:
    """Row indices of each replicate when whole clusters are resampled (each cluster: the row indices it holds)."""
    for pick in resample(len(clusters), n_boot=n_boot, rng=rng):
        yield np.concatenate([clusters[i] for i in pick])


def two_stage_resamples(sizes: list[tuple[int, ...]], *, n_boot: int,
                        rng: np.random.Generator) -> Iterator[list[tuple[int, list[np.ndarray]]]]:
    """Two-stage resampling: per replicate, clusters drawn with replacement, then within each drawn cluster the
    members of each of its parts (e.g. a story's articles of outlet A and of outlet B).

    Args:
        sizes: per cluster, the number of members of each part.

    Yields:
        Per replicate, one ``(cluster, [member indices of each part])`` per drawn cluster.
    """
    for _ in range(n_boot):
        pick = resample(len(sizes), n_boot=1, rng=rng)[0]
        yield [(i, [resample(s, n_boot=1, rng=rng)[0] for s in sizes[i]]) for i in pick]


def permute(labels, *, n_perm: int, rng: np.random.Generator) -> np.ndarray:
    """The one permutation draw: ``n_perm`` rows, each an independent shuffle of ``labels`` (permutation tests)."""
    return rng.permuted(np.tile(np.asarray(labels), (n_perm, 1)), axis=1)


def percentile_interval(boots, *, level: float = 0.95) -> tuple[float, float]:
    """The percentile interval of bootstrap replicates (NaN replicates dropped; NaN when none is left)."""
    boots = np.asarray(boots, dtype=float)
    boots = boots[~np.isnan(boots)]
    if boots.size == 0:
        return float("nan"), float("nan")
    alpha = (1 - level) / 2
    low, high = np.quantile(boots, [alpha, 1 - alpha])
    return float(low), float(high)


def ratio_of_sums(nums: np.ndarray, dens: np.ndarray, picks: np.ndarray) -> np.ndarray:
    """Per row of ``picks`` (cluster indices), the ratio of the picked clusters' summed ``nums`` and ``dens``
    (NaN where the denominator is 0)."""
    num, den = nums[picks].sum(axis=1), dens[picks].sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / np.where(den == 0, np.nan, den)


def wilson_interval(successes: int, n: int, *, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval for a proportion; ``(nan, nan)`` when ``n == 0``.

    Example:
        >>> [round(x, 3) for x in wilson_interval(5, 10)]
        [0.237, 0.763]
    """
    if n < 0 or successes < 0 or successes > n:
        raise ValueError(f"need 0 <= successes <= n, got successes={successes}, n={n}")
    if n == 0:
        return float("nan"), float("nan")
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def bootstrap_mean(values, *, clusters=None, n_boot: int = 2000, seed: int = SEED, level: float = 0.95) -> tuple[float, float, float]:
    """Mean of ``values`` with a percentile bootstrap interval.

    Args:
        values: numbers (e.g. one sentiment score per mention).
        clusters: optional group label per value (e.g. ``article_id``); when given, whole clusters
            are resampled, which is honest when values within an article are not independent.
        n_boot: bootstrap replicates.
        seed: random seed (fixed so reruns give identical intervals).

    Returns:
        ``(mean, low, high)``; ``low``/``high`` are NaN with fewer than two values.
    """
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(x.mean())
    if x.size < 2 or np.isnan(mean):
        return mean, float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    groups = None
    if clusters is not None:
        labels = pd.Series(list(clusters))
        groups = [x[(labels == g).to_numpy()] for g in sorted(labels.unique())]
    if groups is None or len(groups) < 2:
        boots = x[resample(x.size, n_boot=n_boot, rng=rng)].mean(axis=1)
    else:
        sums = np.array([g.sum() for g in groups])
        counts = np.array([g.size for g in groups])
        boots = ratio_of_sums(sums, counts, resample(len(groups), n_boot=n_boot, rng=rng))
    return (mean, *percentile_interval(boots, level=level))


def grouped_mean_ci(df: pd.DataFrame, value: str, by: list[str], *, cluster: str | None = "article_id", **kw) -> pd.DataFrame:
    """Per group: ``n`` (rows), ``n_articles``, ``mean``, ``low``, ``high`` of column ``value``."""
    rows = []
    for key, g in df.groupby(by, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        mean, low, high = bootstrap_mean(g[value], clusters=g[cluster] if cluster else None, **kw)
        n_articles = g[cluster].nunique() if cluster else np.nan
        rows.append({**dict(zip(by, key)), "n": len(g), "n_articles": n_articles, "mean": mean, "low": low, "high": high})
    return pd.DataFrame(rows, columns=[*by, "n", "n_articles", "mean", "low", "high"])


def bootstrap_ratio(numerators, denominators, clusters, *, n_boot: int = 2000, seed: int = SEED,
                    level: float = 0.95) -> tuple[float, float, float]:
    """Ratio of sums (e.g. attributions / words) with a cluster bootstrap over ``clusters`` (articles).

    Each cluster contributes its numerator and denominator sums; replicates resample clusters.
    Returns ``(ratio, low, high)``; the interval is NaN with fewer than two clusters.
    """
    df = pd.DataFrame({"num": list(numerators), "den": list(denominators), "c": list(clusters)})
    if df.empty or df["den"].sum() == 0:
        return float("nan"), float("nan"), float("nan")
    g = df.groupby("c", sort=True)[["num", "den"]].sum()
    ratio = float(g["num"].sum() / g["den"].sum())
    if len(g) < 2:
        return ratio, float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    boots = ratio_of_sums(g["num"].to_numpy(), g["den"].to_numpy(), resample(len(g), n_boot=n_boot, rng=rng))
    return (ratio, *percentile_interval(boots, level=level))


def bootstrap_statistic(frame: pd.DataFrame, statistic: Callable[[pd.DataFrame], float], *, cluster: str,
                        n_boot: int = 1000, seed: int = SEED, level: float = 0.95,
                        order: str = "sorted") -> tuple[float, float, float]:
    """Any statistic of a table with a percentile bootstrap that resamples whole clusters (e.g. BASIL events).

    Args:
        frame: the rows the statistic is computed from.
        statistic: ``f(frame) -> float`` (e.g. macro-F1 of two columns); NaN replicates are dropped.
        cluster: the column whose values are resampled with replacement (rows of a cluster stay together).
        order: the order clusters are numbered in before drawing: ``"sorted"`` (by value) or ``"appearance"``
            (first appearance in ``frame``); the same seed draws other replicates under another order.

    Returns:
        ``(value, low, high)``; the interval is NaN with fewer than two clusters.
    """
    value = float(statistic(frame))
    frame = frame.reset_index(drop=True)
    if order == "sorted":
        groups = [np.asarray(ix) for ix in frame.groupby(cluster, sort=True).indices.values()]
    elif order == "appearance":
        codes, uniq = pd.factorize(frame[cluster])
        groups = [np.flatnonzero(codes == k) for k in range(len(uniq))]
    else:
        raise ValueError(f"order must be 'sorted' or 'appearance', not {order!r}")
    if len(groups) < 2:
        return value, float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    boots = [float(statistic(frame.iloc[rows])) for rows in cluster_resamples(groups, n_boot=n_boot, rng=rng)]
    return (value, *percentile_interval(boots, level=level))


def interval_text(x: dict | None) -> str:
    """``value [low, high]`` of a ``{"value", "low", "high"}`` result, ``value`` alone without an interval, ``—``
    when missing.

    Example:
        >>> interval_text({"value": 0.5, "low": 0.25, "high": 0.75})
        '0.500 [0.250, 0.750]'
    """
    if x is None or x.get("value") is None:
        return "—"
    if x.get("low") is None:
        return f"{x['value']:.3f}"
    return f"{x['value']:.3f} [{x['low']:.3f}, {x['high']:.3f}]"
