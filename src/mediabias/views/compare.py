"""All outlets side by side, drawn: the one-row-per-measure table of cells and the figures of every measure and of
the story-matched differences. The numbers come from :mod:`mediabias.compare` (``measures``: values, intervals and
flags; ``matched``: story-matched differences); nothing here computes a measure or runs an instrument.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from mediabias.compare.measures import format_value
from mediabias.views import figure_style, layout


def wide_table(summary: pd.DataFrame) -> pd.DataFrame:
    """One row per measure, one column per outlet, cells like ``"24% [18–31%] n=30"`` (for display)."""
    def cell(r):
        low, high = format_value(r["low"], r["unit"]), format_value(r["high"], r["unit"])
        interval = "" if np.isnan(r["low"]) else f" [{low} to {high}]"
        if not interval and r.get("n_articles", 1) > 1 and r.get("per_article"):
            interval = f" (per article: {r['per_article']})"
        flag = " ⚑ flagged (reason below)" if r.get("flag") else ""
        return f"{format_value(r['value'], r['unit'])}{interval} n={r['n']:,}{flag}"

    if summary.empty:
        return pd.DataFrame()
    s = summary.assign(cell=summary.apply(cell, axis=1))
    wide = s.pivot_table(index=["dimension", "label"], columns="outlet_name", values="cell", aggfunc="first", sort=False)
    wide.columns.name = None
    return wide.reset_index().fillna("—")


def versus_table(versus: pd.DataFrame, names: dict) -> pd.DataFrame:
    """Each outlet against the others (:func:`mediabias.compare.matched.versus_others`) for display: measure, outlet
    name, articles, stories shared, the pooled difference and the story-matched one with its interval (``—`` when
    the outlet shares no story)."""
    def matched(m, lo, hi) -> str:
        return ("—" if np.isnan(m) else f"{m:+.3g}") + ("" if np.isnan(lo) else f" [{lo:+.3g} to {hi:+.3g}]")

    shown = versus.assign(
        outlet=versus["outlet"].map(lambda o: names.get(o, o)),
        pooled=[f"{v:+.3g}" for v in versus["pooled_diff"]],
        story_matched=[matched(m, lo, hi) for m, lo, hi in zip(versus["matched_diff"], versus["low"], versus["high"])],
    )
    return shown[["label", "outlet", "n_articles", "n_stories", "pooled", "story_matched"]]


PANEL_COLUMNS = 2  # two panels a row: legible at page width (mediabias.views.figure_style)


def outlets_to_show(summary: pd.DataFrame, *, k: int = figure_style.MAX_CATEGORIES) -> list[str]:
    """The outlets a figure of :func:`mediabias.compare.measures.outlet_summary` draws, in id order: all of them,
    or the ``k`` with the most articles when there are more (an axis lists at most 12; the table beside the figure
    lists every outlet).

    >>> outlets_to_show(pd.DataFrame({"outlet": ["b", "a", "c"], "n_articles": [3, 1, 2]}), k=2)
    ['b', 'c']
    """
    articles = summary.groupby("outlet")["n_articles"].max()
    return sorted(layout.top(articles, k))


def _panel_grid(n_metrics: int, n_outlets: int):
    """A figure with one panel per measure, :data:`PANEL_COLUMNS` a row, each tall enough for every outlet."""
    nrows = int(np.ceil(n_metrics / PANEL_COLUMNS))
    return plt.subplots(nrows, PANEL_COLUMNS, figsize=(8, (0.4 * n_outlets + 1.3) * nrows), squeeze=False)


def _finish_panels(fig, axes, n_metrics: int, title: str):
    """Outlet names once per row of panels, unused panels off, the title; returns the figure."""
    for i, ax in enumerate(axes.flat):
        if i % PANEL_COLUMNS:
            ax.tick_params(axis="y", labelleft=False)
    for ax in list(axes.flat)[n_metrics:]:
        ax.axis("off")
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    return layout.fit_width(fig)


def _outlet_rows(table: pd.DataFrame, outlets: list[str]):
    """``(y, outlet, row)`` for each outlet of ``outlets`` (``y`` its place on the axis) that ``table``, indexed
    by outlet, has a row for."""
    for y, outlet in enumerate(outlets):
        if outlet in table.index:
            yield y, outlet, table.loc[outlet]


def _row_note(ax, y: float, text: str):
    """``text`` at the right edge of the panel, just above row ``y``: never on the dot or its interval."""
    ax.annotate(text, (1.0, y - 0.32), xycoords=("axes fraction", "data"), ha="right", va="center", fontsize=9,
                color="#555555")


def _outlet_axis(ax, outlets: list[str], names: dict, title: str):
    """One row per outlet, named (wrapped), top to bottom, and the panel's title wrapped at 36 characters."""
    ax.set_yticks(range(len(outlets)), [layout.wrap(names.get(o, o)) for o in outlets], fontsize=9)
    ax.tick_params(axis="x", labelsize=9)
    ax.set_ylim(len(outlets) - 0.5, -0.8)
    ax.set_title(textwrap.fill(title, 36), fontsize=10)


def plot_all_measures(summary: pd.DataFrame, *, metrics: list[str], outlets: list[str], names: dict, colors: dict):
    """Every measure of :func:`mediabias.compare.measures.outlet_summary`, one panel each, two panels a row
    (legible at page width): each outlet's value with its 95% interval and its n. Returns the figure."""
    fig, axes = _panel_grid(len(metrics), len(outlets))
    for ax, metric in zip(axes.flat, metrics):
        g = summary[summary["metric"] == metric].set_index("outlet")
        for y, outlet, r in _outlet_rows(g, outlets):
            if not np.isnan(r["low"]):
                ax.plot([r["low"], r["high"]], [y, y], color=colors[outlet], linewidth=2.5, alpha=0.55)
            flagged = bool(r.get("flag", ""))  # irony or a hand reading calls the sign unreliable: hollow grey
            if flagged:
                ax.scatter(r["value"], y, facecolor="none", edgecolor="#888888", s=46, zorder=3, hatch="///")
            else:
                ax.scatter(r["value"], y, color=colors[outlet], s=46, zorder=3, edgecolor="black", linewidth=0.5)
            _row_note(ax, y, f"n={r['n']:,}" + (" · flagged" if flagged else ""))
        _outlet_axis(ax, outlets, names, g["label"].iloc[0])
        unit = g["unit"].iloc[0]
        ax.set_xlabel(unit, fontsize=9)
        if unit == "share":
            ax.set_xlim(0, 1.03)
            ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
        elif unit == "score":
            ax.set_xlim(-1.05, 1.05)
            ax.axvline(0, color="#999999", linewidth=0.8)
        else:  # rates start at 0 like shares
            ax.set_xlim(0, float(np.nanmax([g["value"].max(), g["high"].max(), 0])) * 1.1 or 1.0)
    note = layout.shown_note(len(outlets), summary["outlet"].nunique(), "outlets", "most articles")
    return _finish_panels(fig, axes, len(metrics), "All outlets on every measure\n(dot = value; bar = 95% interval, "
                          "only with 5+ articles; hollow = flagged)" + note)


def plot_story_matched(versus: pd.DataFrame, *, metrics: list[str], outlets: list[str], names: dict, colors: dict,
                       flagged: set[tuple[str, str]] = frozenset()):
    """Each outlet minus the others on every measure (:func:`mediabias.compare.matched.versus_others`): the
    story-matched difference (dot, bar = 95% interval over stories, n = stories shared) beside the pooled
    difference (open diamond). ``flagged`` (metric, outlet) pairs, the values
    :func:`mediabias.compare.measures.outlet_summary` flags, are
    drawn hollow grey and labelled, as in :func:`plot_all_measures`. Two panels a row. Returns the figure."""
    fig, axes = _panel_grid(len(metrics), len(outlets))
    for ax, metric in zip(axes.flat, metrics):
        g = versus[versus["metric"] == metric].set_index("outlet")
        for y, outlet, r in _outlet_rows(g, outlets):
            bad = (metric, outlet) in flagged
            if not np.isnan(r["low"]):
                ax.plot([r["low"], r["high"]], [y, y], color="#bbbbbb" if bad else colors[outlet], linewidth=2.5,
                        alpha=0.55)
            if not np.isnan(r["matched_diff"]):
                ax.scatter(r["matched_diff"], y, s=46, zorder=3, linewidth=1.0 if bad else 0.5,
                           color="none" if bad else colors[outlet], edgecolor="#888888" if bad else "black")
                stories = int(r["n_stories"])
                _row_note(ax, y, f"n={stories} stor{'y' if stories == 1 else 'ies'}" + (" · flagged" if bad else ""))
            if not np.isnan(r["pooled_diff"]):
                ax.plot([r["pooled_diff"]], [y], marker="D", markersize=5, markerfacecolor="none",
                        markeredgecolor="#555555", linestyle="none", zorder=2)
        ax.axvline(0, color="#999999", linewidth=0.8)
        _outlet_axis(ax, outlets, names, g["label"].iloc[0] if len(g) else metric)
        ax.set_xlabel("difference from the other outlets", fontsize=9)
    note = layout.shown_note(len(outlets), versus["outlet"].nunique(), "outlets", "most articles")
    return _finish_panels(fig, axes, len(metrics), "Each outlet minus the others\n(dot = story-matched, bar = 95% "
                          "interval over stories; ◇ = pooled)" + note)
