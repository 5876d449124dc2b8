"""Notebook 02's views over the actor-sentiment table: cells with intervals, and the heatmap."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from mediabias.views.stats import grouped_mean_ci


def sentiment_cells(table: pd.DataFrame, by: list[str], *, actors: Sequence[str] | None = None,
                    value: str = "score", n_boot: int = 2000) -> pd.DataFrame:
    """Mean target sentiment per group with n and a 95% bootstrap interval (articles resampled).

    Args:
        table: :func:`actor_sentiment` rows.
        by: grouping columns, e.g. ``["outlet", "actor"]`` or ``["voice", "outlet", "actor"]``.
        actors: keep only these actors (default: all).
        value: the column averaged (``score``; or ``vader_compound`` for the baseline).

    Returns:
        ``*by, n, n_articles, mean, low, high, share_negative, share_positive``, sorted by ``by``.
    """
    if actors is not None:
        table = table[table["actor"].isin(list(actors))]
    if table.empty:
        return pd.DataFrame(columns=[*by, "n", "n_articles", "mean", "low", "high", "share_negative", "share_positive"])
    cells = grouped_mean_ci(table, value, by, cluster="article_id", n_boot=n_boot)
    shares = table.groupby(by, sort=True).label.agg(
        share_negative=lambda s: (s == "negative").mean(), share_positive=lambda s: (s == "positive").mean()
    ).reset_index()
    return cells.merge(shares, on=by, how="left").sort_values(by, ignore_index=True)


def plot_heatmap(ax, cells: pd.DataFrame, *, rows: str, cols: str, row_order=None, col_order=None,
                 vmax: float = 1.0):
    """Draw ``cells`` (from :func:`sentiment_cells`) as a diverging heatmap, each cell annotated with
    its mean, 95% interval and n; empty cells stay blank. Returns the image (for a colour bar)."""
    row_order = list(row_order or sorted(cells[rows].unique()))
    col_order = list(col_order or sorted(cells[cols].unique()))
    grid = np.full((len(row_order), len(col_order)), np.nan)
    for r in cells.itertuples(index=False):
        i, j = row_order.index(getattr(r, rows)), col_order.index(getattr(r, cols))
        grid[i, j] = r.mean
        ci = "" if np.isnan(r.low) else f"\n[{r.low:+.2f}, {r.high:+.2f}]"
        ax.text(j, i, f"{r.mean:+.2f}{ci}\nn={r.n}", ha="center", va="center", fontsize=7,
                color="white" if abs(r.mean) > 0.55 * vmax else "black")
    image = ax.imshow(grid, cmap="RdBu", vmin=-vmax, vmax=vmax, aspect="auto")
    ax.set_xticks(range(len(col_order)), col_order, rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(len(row_order)), row_order, fontsize=8)
    ax.grid(False)
    return image
