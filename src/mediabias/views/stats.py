"""Uncertainty for small samples: bootstrap intervals and Wilson intervals for shares.

With a handful of articles per outlet every comparison is fragile; these functions make that visible.
Bootstraps resample *articles* (the unit that was sampled), not sentences, and use a fixed seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SEED = 20111021


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
    if x.size < 2:
        return mean, float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    if clusters is None:
        idx = rng.integers(0, x.size, size=(n_boot, x.size))
        boots = x[idx].mean(axis=1)
    else:
        labels = pd.Series(list(clusters))
        groups = [x[(labels == g).to_numpy()] for g in sorted(labels.unique())]
        if len(groups) < 2:
            idx = rng.integers(0, x.size, size=(n_boot, x.size))
            boots = x[idx].mean(axis=1)
        else:
            sums = np.array([g.sum() for g in groups])
            counts = np.array([g.size for g in groups])
            pick = rng.integers(0, len(groups), size=(n_boot, len(groups)))
            boots = sums[pick].sum(axis=1) / counts[pick].sum(axis=1)
    alpha = (1 - level) / 2
    low, high = np.quantile(boots, [alpha, 1 - alpha])
    return mean, float(low), float(high)


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
    pick = rng.integers(0, len(g), size=(n_boot, len(g)))
    nums, dens = g["num"].to_numpy()[pick].sum(axis=1), g["den"].to_numpy()[pick].sum(axis=1)
    boots = nums / np.where(dens == 0, np.nan, dens)
    alpha = (1 - level) / 2
    low, high = np.nanquantile(boots, [alpha, 1 - alpha])
    return ratio, float(low), float(high)


def bootstrap_statistic(frame: pd.DataFrame, statistic, *, cluster: str, n_boot: int = 1000, seed: int = SEED,
                        level: float = 0.95) -> tuple[float, float, float]:
    """Any statistic of a table with a percentile bootstrap that resamples whole clusters (e.g. BASIL events).

    Args:
        frame: the rows the statistic is computed from.
        statistic: ``f(frame) -> float`` (e.g. macro-F1 of two columns); NaN replicates are dropped.
        cluster: the column whose values are resampled with replacement (rows of a cluster stay together).

    Returns:
        ``(value, low, high)``; the interval is NaN with fewer than two clusters.
    """
    value = float(statistic(frame))
    frame = frame.reset_index(drop=True)
    groups = [np.asarray(ix) for ix in frame.groupby(cluster, sort=True).indices.values()]
    if len(groups) < 2:
        return value, float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    boots = []
    for _ in range(n_boot):
        pick = rng.integers(0, len(groups), len(groups))
        boots.append(float(statistic(frame.iloc[np.concatenate([groups[i] for i in pick])])))
    boots = np.asarray(boots)
    boots = boots[~np.isnan(boots)]
    if boots.size == 0:
        return value, float("nan"), float("nan")
    alpha = (1 - level) / 2
    low, high = np.quantile(boots, [alpha, 1 - alpha])
    return value, float(low), float(high)
