"""Story-matched outlet comparisons and false-discovery-rate control.

Two outlets can differ on a measure because they cover stories *differently* or because they covered
*different stories*. The pooled comparison of :mod:`mediabias.compare.measures` cannot tell the two apart; the
story-matched comparison here can: an outlet is compared with the others **within each story** both covered,
and the within-story differences are averaged over stories (every story counts once).

For a measure whose value over a set of units is ``sum(num) / sum(den)`` (see
:func:`mediabias.compare.measures.metric_units`), and a pair of outlets A, B:

* within story ``s`` covered by both: ``d_s = value(A's units in s) - value(B's units in s)``;
* the matched difference is ``mean_s d_s`` over the ``k`` shared stories;
* its 95% interval is a two-stage bootstrap: resample stories, then articles within each outlet in each
  resampled story (:func:`matched_difference`, drawn by :func:`mediabias.compare.stats.two_stage_resamples`, the
  one bootstrap);
* its p-value comes from a permutation test that shuffles the outlet labels of A's and B's articles
  **within each story** (so story mix cannot create a difference), two-sided, with ``+1`` smoothing;
* over every (measure, outlet pair) shown, Benjamini-Hochberg q-values (:func:`bh_qvalues`) control the
  false discovery rate: a gap is *clear* when ``q <= alpha`` (default 0.05).

The pooled difference (``value(all A) - value(all B)``) is reported beside it, with its own permutation
p-value (labels shuffled across all articles), so a reader can see when the two disagree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mediabias.compare.stats import SEED, percentile_interval, permute, two_stage_resamples

PAIR_COLUMNS = [
    "dimension", "metric", "label", "unit", "outlet_a", "outlet_b", "n_stories", "n_articles_a", "n_articles_b",
    "pooled_a", "pooled_b", "pooled_diff", "pooled_p", "matched_diff", "low", "high", "p", "q", "clear",
]
VERSUS_COLUMNS = ["dimension", "metric", "label", "unit", "outlet", "n_stories", "n_articles", "pooled_diff",
                  "matched_diff", "low", "high"]


def bh_qvalues(pvalues) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values), in input order; NaN stays NaN and is not counted.

    ``q_(i) = min_{j >= i} p_(j) * m / j`` over the ``m`` non-missing p-values sorted ascending, capped at 1.
    Rejecting every hypothesis with ``q <= alpha`` controls the false discovery rate at ``alpha`` for
    independent or positively dependent tests (Benjamini & Hochberg 1995).

    Example:
        >>> bh_qvalues([0.01, 0.04, 0.03, 0.5]).round(3).tolist()
        [0.04, 0.053, 0.053, 0.5]
    """
    p = np.asarray(pvalues, dtype=float)
    if p.ndim != 1:
        raise ValueError("pvalues must be one-dimensional")
    ok = ~np.isnan(p)
    if ((p[ok] < 0) | (p[ok] > 1)).any():
        raise ValueError("p-values must lie in [0, 1]")
    q = np.full(p.shape, np.nan)
    m = int(ok.sum())
    if m == 0:
        return q
    order = np.argsort(p[ok], kind="stable")
    ranked = p[ok][order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(ranked, 1.0)
    q[ok] = out
    return q


def _check_units(units: pd.DataFrame, outlet: str) -> None:
    need = {"story", "article_id", outlet, "num", "den"}
    missing = need - set(units.columns)
    if missing:
        raise ValueError(f"units table lacks column(s) {sorted(missing)}; need {sorted(need)}")


def _story_arrays(units: pd.DataFrame, a: str, b: str, outlet: str):
    """Per story both outlets cover: (num, den, is_a) arrays, one entry per (article, outlet) unit."""
    out = []
    sub = units[units[outlet].isin([a, b])]
    for _, g in sub.groupby("story", sort=True):
        is_a = (g[outlet] == a).to_numpy()
        if is_a.all() or not is_a.any():
            continue
        out.append((g["num"].to_numpy(float), g["den"].to_numpy(float), is_a))
    return out


def _value(num, den) -> float:
    return float(num.sum() / den.sum()) if den.sum() > 0 else float("nan")


def matched_difference(units: pd.DataFrame, a: str, b: str, *, outlet: str = "origin_outlet", n_boot: int = 2000,
                       n_perm: int = 2000, seed: int = SEED, level: float = 0.95) -> dict:
    """Story-matched difference A − B of one measure, with a bootstrap interval and a permutation p-value.

    Args:
        units: one row per (article, outlet) unit with ``story, article_id, <outlet>, num, den``.
        a, b: the two outlets.
        outlet: the outlet column (``origin_outlet``: whose words the unit is).
        n_boot, n_perm: bootstrap replicates and permutations (fixed ``seed``: reruns are identical).

    Returns:
        ``n_stories`` (stories both cover), ``matched_diff`` (mean over those stories of the within-story
        difference), ``low``/``high`` (NaN with fewer than two shared stories) and ``p`` (two-sided permutation
        p-value, labels shuffled within stories; NaN when no story is shared).
    """
    _check_units(units, outlet)
    stories = _story_arrays(units, a, b, outlet)
    # a story where either side has no denominator (e.g. no mentions) says nothing about the measure
    stories = [s for s in stories if s[1][s[2]].sum() > 0 and s[1][~s[2]].sum() > 0]
    k = len(stories)
    if k == 0:
        return {"n_stories": 0, "matched_diff": float("nan"), "low": float("nan"), "high": float("nan"), "p": float("nan")}
    diffs = np.array([_value(n[m], d[m]) - _value(n[~m], d[~m]) for n, d, m in stories])
    obs = float(diffs.mean())
    rng = np.random.default_rng(seed)
    low = high = float("nan")
    if k >= 2:
        # stories are resampled, then articles within each outlet in each drawn story (second stage)
        members = [(np.flatnonzero(m), np.flatnonzero(~m)) for _, _, m in stories]
        boots = np.empty(n_boot)
        draws = two_stage_resamples([(ia.size, ib.size) for ia, ib in members], n_boot=n_boot, rng=rng)
        for r, drawn in enumerate(draws):
            tot = 0.0
            for s, (pa, pb) in drawn:
                n, d, _ = stories[s]
                ja, jb = members[s][0][pa], members[s][1][pb]
                da, db = d[ja].sum(), d[jb].sum()
                va = n[ja].sum() / da if da > 0 else 0.0
                vb = n[jb].sum() / db if db > 0 else 0.0
                tot += va - vb
            boots[r] = tot / k
        low, high = percentile_interval(boots, level=level)
    # permutation: shuffle labels within each story, vectorised over permutations
    stat = np.zeros(n_perm)
    for n, d, m in stories:
        labels = permute(m, n_perm=n_perm, rng=rng)
        na, da = labels @ n, labels @ d
        nb, db = (~labels) @ n, (~labels) @ d
        with np.errstate(invalid="ignore", divide="ignore"):
            stat += np.where(da > 0, na / np.where(da > 0, da, 1), 0.0) - np.where(db > 0, nb / np.where(db > 0, db, 1), 0.0)
    stat /= k
    p = float((1 + np.sum(np.abs(stat) >= abs(obs) - 1e-12)) / (1 + n_perm))
    return {"n_stories": k, "matched_diff": obs, "low": low, "high": high, "p": p}


def pooled_difference(units: pd.DataFrame, a: str, b: str, *, outlet: str = "origin_outlet", n_perm: int = 2000,
                      seed: int = SEED) -> dict:
    """Pooled difference A − B (all of A's units against all of B's) with a permutation p-value over articles."""
    _check_units(units, outlet)
    sub = units[units[outlet].isin([a, b])]
    n, d, m = sub["num"].to_numpy(float), sub["den"].to_numpy(float), (sub[outlet] == a).to_numpy()
    va, vb = _value(n[m], d[m]), _value(n[~m], d[~m])
    obs = va - vb
    if np.isnan(obs):
        return {"pooled_a": va, "pooled_b": vb, "pooled_diff": obs, "pooled_p": float("nan")}
    rng = np.random.default_rng(seed)
    labels = permute(m, n_perm=n_perm, rng=rng)
    with np.errstate(invalid="ignore", divide="ignore"):
        stat = (labels @ n) / (labels @ d) - ((~labels) @ n) / ((~labels) @ d)
    p = float((1 + np.sum(np.abs(np.nan_to_num(stat)) >= abs(obs) - 1e-12)) / (1 + n_perm))
    return {"pooled_a": va, "pooled_b": vb, "pooled_diff": obs, "pooled_p": p}


def pairwise_differences(units: pd.DataFrame, story_of: dict | pd.Series | None = None, *, outlet: str = "origin_outlet",
                         alpha: float = 0.05, n_boot: int = 2000, n_perm: int = 2000, seed: int = SEED,
                         min_den: float = 5) -> pd.DataFrame:
    """Every measure × outlet pair: pooled and story-matched differences, p-values, BH q-values, clear gaps.

    Args:
        units: :func:`mediabias.compare.measures.metric_units` rows (``dimension, metric, label, unit, scale,
            article_id, origin_outlet, num, den``), with a ``story`` column or ``story_of`` to add it.
        story_of: article_id → story (e.g. ``articles.set_index("article_id")["story"]``).
        alpha: false discovery rate; ``clear`` is ``q <= alpha``.
        min_den: outlets whose total denominator on a measure is below this are left out (as in
            :func:`mediabias.compare.measures.largest_differences`).

    Returns:
        Columns :data:`PAIR_COLUMNS`, one row per (measure, outlet pair) compared; ``outlet_a`` < ``outlet_b``
        alphabetically; values are in the measure's display unit (``scale`` applied). ``p`` is the
        story-matched permutation p-value and ``q`` its Benjamini-Hochberg adjustment over **all rows**;
        ``clear`` is true when ``q <= alpha``. Sorted by ``q``, then measure and pair.
    """
    if story_of is not None:
        units = units.assign(story=units["article_id"].map(dict(story_of)))
    if "story" not in units.columns:
        raise ValueError("units need a 'story' column (or pass story_of)")
    if units["story"].isna().any():
        raise ValueError("some units have no story: every article needs one to be story-matched")
    rows = []
    for metric in dict.fromkeys(units["metric"]):
        u = units[units["metric"] == metric]
        first = u.iloc[0]
        scale = float(first.get("scale", 1.0))
        totals = u.groupby(outlet)["den"].sum()
        outlets = sorted(totals[totals >= min_den].index)
        for i, a in enumerate(outlets):
            for b in outlets[i + 1:]:
                pooled = pooled_difference(u, a, b, outlet=outlet, n_perm=n_perm, seed=seed)
                matched = matched_difference(u, a, b, outlet=outlet, n_boot=n_boot, n_perm=n_perm, seed=seed)
                rows.append({
                    "dimension": first["dimension"], "metric": metric, "label": first["label"], "unit": first["unit"],
                    "outlet_a": a, "outlet_b": b, "n_stories": matched["n_stories"],
                    "n_articles_a": int(u.loc[u[outlet] == a, "article_id"].nunique()),
                    "n_articles_b": int(u.loc[u[outlet] == b, "article_id"].nunique()),
                    "pooled_a": pooled["pooled_a"] * scale, "pooled_b": pooled["pooled_b"] * scale,
                    "pooled_diff": pooled["pooled_diff"] * scale, "pooled_p": pooled["pooled_p"],
                    "matched_diff": matched["matched_diff"] * scale, "low": matched["low"] * scale,
                    "high": matched["high"] * scale, "p": matched["p"],
                })
    df = pd.DataFrame(rows, columns=[c for c in PAIR_COLUMNS if c not in ("q", "clear")])
    df["q"] = bh_qvalues(df["p"].to_numpy(float)) if len(df) else pd.Series(dtype=float)
    df["clear"] = (df["q"] <= alpha).fillna(False).astype(bool) if len(df) else pd.Series(dtype=bool)
    return df.sort_values(["q", "metric", "outlet_a", "outlet_b"], na_position="last", ignore_index=True)[PAIR_COLUMNS]


def versus_others(units: pd.DataFrame, story_of: dict | pd.Series | None = None, *, outlet: str = "origin_outlet",
                  n_boot: int = 2000, seed: int = SEED) -> pd.DataFrame:
    """Each outlet against all the others: pooled difference and story-matched difference with its interval.

    Within each story the outlet covers with at least one other outlet, the outlet's value minus the value
    of the other outlets' units of that story; averaged over those stories. Columns :data:`VERSUS_COLUMNS`
    (``n_stories`` = stories it shares with another outlet; interval NaN with fewer than two).
    """
    if story_of is not None:
        units = units.assign(story=units["article_id"].map(dict(story_of)))
    rows = []
    for metric in dict.fromkeys(units["metric"]):
        u = units[units["metric"] == metric]
        first = u.iloc[0]
        scale = float(first.get("scale", 1.0))
        for o in sorted(u[outlet].unique()):
            tagged = u.assign(**{"_side": np.where(u[outlet] == o, "a", "b")})
            pooled = pooled_difference(tagged, "a", "b", outlet="_side", n_perm=1, seed=seed)
            m = matched_difference(tagged, "a", "b", outlet="_side", n_boot=n_boot, n_perm=1, seed=seed)
            rows.append({"dimension": first["dimension"], "metric": metric, "label": first["label"],
                         "unit": first["unit"], "outlet": o, "n_stories": m["n_stories"],
                         "n_articles": int(u.loc[u[outlet] == o, "article_id"].nunique()),
                         "pooled_diff": pooled["pooled_diff"] * scale, "matched_diff": m["matched_diff"] * scale,
                         "low": m["low"] * scale, "high": m["high"] * scale})
    return pd.DataFrame(rows, columns=VERSUS_COLUMNS)


def shuffle_outlets(units: pd.DataFrame, *, outlet: str = "origin_outlet", seed: int = SEED) -> pd.DataFrame:
    """The same units with outlet labels shuffled across articles (a null corpus: any gap is chance).

    Whole articles keep their units together: each article's outlet is replaced by the outlet of another
    article, drawn by one random permutation of the article list.
    """
    arts = units[["article_id", outlet]].drop_duplicates("article_id").sort_values("article_id")
    rng = np.random.default_rng(seed)
    new = dict(zip(arts["article_id"], rng.permutation(arts[outlet].to_numpy())))
    return units.assign(**{outlet: units["article_id"].map(new)})


_CLAUSES = ("The intervals do not overlap.", "With so few articles this gap could be chance.")


def headline_gaps(diffs: pd.DataFrame, pairs: pd.DataFrame, *, alpha: float = 0.05) -> pd.DataFrame:
    """The largest differences (:func:`mediabias.compare.measures.largest_differences`) judged under FDR control.

    Each measure's highest-vs-lowest gap gets the story-matched difference of that outlet pair, its interval,
    ``n_stories``, ``p`` and ``q`` from ``pairs`` (:func:`pairwise_differences` over *every* measure × outlet
    pair, so the correction counts all comparisons, not only the ones shown), and ``clear`` is replaced by
    ``q <= alpha``. The sentence ends by saying which comparison the finding rests on. Sorted clear first.
    """
    if diffs.empty:
        return diffs.assign(matched_diff=[], low=[], high=[], n_stories=[], p=[], q=[], overlap_clear=[])
    key = pairs.set_index(["metric", "outlet_a", "outlet_b"])
    out = []
    m_tests = int(pairs["p"].notna().sum())
    for r in diffs.to_dict("records"):
        a, b = sorted([r["high_outlet"], r["low_outlet"]])
        row = key.loc[(r["metric"], a, b)] if (r["metric"], a, b) in key.index else None
        sign = 1.0 if a == r["high_outlet"] else -1.0  # express as high minus low
        md = float("nan") if row is None else sign * row["matched_diff"]
        lo, hi = (float("nan"), float("nan")) if row is None else sorted([sign * row["low"], sign * row["high"]])
        k = 0 if row is None else int(row["n_stories"])
        p = float("nan") if row is None else float(row["p"])
        q = float("nan") if row is None else float(row["q"])
        clear = bool(q <= alpha) if not np.isnan(q) else False
        base = r["sentence"]
        for c in _CLAUSES:
            base = base.replace(" " + c, "")
        if k == 0:
            tail = "No story is covered by both, so there is no story-matched comparison: not a clear gap."
        else:
            interval = "" if np.isnan(lo) else f", 95% interval {lo:+.3g} to {hi:+.3g}"
            tail = (f"Within the {k} {'story' if k == 1 else 'stories'} both cover, the gap is {md:+.3g}{interval}; "
                    f"permutation p = {p:.2g}, q = {q:.2g} after controlling the false discovery rate over {m_tests} "
                    f"comparisons: {'a clear gap' if clear else 'not a clear gap'}.")
        out.append({**r, "overlap_clear": r["clear"], "clear": clear, "matched_diff": md, "low": lo, "high": hi,
                    "n_stories": k, "p": p, "q": q, "sentence": f"{base} {tail}"})
    df = pd.DataFrame(out)
    return df.sort_values(["clear", "q", "relative_gap", "metric"], ascending=[False, True, False, True],
                          na_position="last").reset_index(drop=True)
