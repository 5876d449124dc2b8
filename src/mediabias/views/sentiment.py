"""Notebook 02's views over the actor-sentiment table: cells with intervals, and the heatmap."""

from __future__ import annotations

import html
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from mediabias.views import layout
from mediabias.views.anchors import evidence_link
from mediabias.views.highlight import highlight
from mediabias.compare.stats import grouped_mean_ci


def flag_patch(j: int, i: int):
    """A grey hatched square over heatmap cell (row ``i``, column ``j``): a flagged, unreliable value."""
    return Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="#dddddd", edgecolor="#888888", hatch="///", lw=0)


def sentiment_cells(table: pd.DataFrame, by: list[str], *, actors: Sequence[str] | None = None,
                    value: str = "score", n_boot: int = 2000, min_articles: int = 5) -> pd.DataFrame:
    """Mean target sentiment per group with n and a 95% bootstrap interval (articles resampled).

    With fewer than ``min_articles`` articles in a group there is no interval (two articles give a tight one
    that looks certain); ``per_article`` lists the per-article means instead.

    Args:
        table: :func:`actor_sentiment` rows.
        by: grouping columns, e.g. ``["outlet", "actor"]`` or ``["voice", "outlet", "actor"]``.
        actors: keep only these actors (default: all).
        value: the column averaged (``score``; or ``vader_compound`` for the baseline).

    Returns:
        ``*by, n, n_articles, mean, low, high, share_negative, share_positive, per_article``, sorted by ``by``.
    """
    if actors is not None:
        table = table[table["actor"].isin(list(actors))]
    if table.empty:
        return pd.DataFrame(columns=[*by, "n", "n_articles", "mean", "low", "high", "share_negative", "share_positive",
                                     "per_article"])
    cells = grouped_mean_ci(table, value, by, cluster="article_id", n_boot=n_boot)
    few = cells["n_articles"] < min_articles
    cells.loc[few, ["low", "high"]] = np.nan
    shares = table.groupby(by, sort=True).label.agg(
        share_negative=lambda s: (s == "negative").mean(), share_positive=lambda s: (s == "positive").mean()
    ).reset_index()
    per = (table.groupby([*by, "article_id"], sort=True)[value].mean().groupby(level=list(range(len(by))), sort=True)
           .agg(lambda v: ", ".join(f"{x:+.2f}" for x in v)).rename("per_article").reset_index())
    return cells.merge(shares, on=by, how="left").merge(per, on=by, how="left").sort_values(by, ignore_index=True)


def plot_heatmap(ax, cells: pd.DataFrame, *, rows: str, cols: str, row_order=None, col_order=None,
                 vmax: float = 1.0, flagged=()):
    """Draw ``cells`` (from :func:`sentiment_cells`) as a diverging heatmap, each cell annotated with
    its mean, 95% interval (or, with too few articles, the per-article means) and n; empty cells stay blank.
    Cells whose ``(row, col)`` is in ``flagged`` are hatched grey and marked "unreliable" (irony check).
    Returns the image (for a colour bar)."""
    row_order = list(row_order or sorted(cells[rows].unique()))
    col_order = list(col_order or sorted(cells[cols].unique()))
    grid = np.full((len(row_order), len(col_order)), np.nan)
    for r in cells.itertuples(index=False):
        i, j = row_order.index(getattr(r, rows)), col_order.index(getattr(r, cols))
        bad = (getattr(r, rows), getattr(r, cols)) in set(flagged)
        grid[i, j] = np.nan if bad else r.mean
        ci = "" if np.isnan(r.low) else f"\n[{r.low:+.2f}, {r.high:+.2f}]"
        if not ci and r.n_articles > 1 and isinstance(getattr(r, "per_article", None), str):
            values = r.per_article.split(", ")  # three a line, so a cell stays as wide as its column
            ci = "\nper article:\n" + "\n".join(" ".join(values[k:k + 3]) for k in range(0, len(values), 3))
        if bad:
            ax.add_patch(flag_patch(j, i))
            ci += "\nunreliable (irony)"
        ax.text(j, i, f"{r.mean:+.2f}{ci}\nn={r.n}", ha="center", va="center", fontsize=9,
                color="white" if abs(r.mean) > 0.55 * vmax and not bad else "black")
    image = ax.imshow(grid, cmap="RdBu", vmin=-vmax, vmax=vmax, aspect="auto")
    ax.set_xticks(range(len(col_order)), [layout.wrap(c) for c in col_order], rotation=30, ha="right", fontsize=9)
    ax.set_yticks(range(len(row_order)), [layout.wrap(r, 24) for r in row_order], fontsize=9)
    ax.grid(False)
    return image


EVIDENCE_STYLE = ("<style>mark.target{background:#ffe08a;padding:0 2px} td{vertical-align:top}"
                  " .neg{color:#b2182b}.pos{color:#2166ac}</style>")


def mentions_html(rows: pd.DataFrame, title: str, *, limit: int = 12) -> str:
    """Actor-sentiment rows as an escaped HTML table under ``title``: the voice (and speaker), the model's label
    and score, VADER's tone of the sentence, and the sentence with the mention highlighted."""
    irony = "irony_markers" in rows.columns  # mediabias.sentiment.irony.mark_irony
    body = []
    for r in rows.head(limit).itertuples():
        text = highlight(r.sentence, [(r.mention_start, r.mention_end, "target", r.actor)], base_offset=r.sentence_start)
        markers = f"<td>{html.escape(str(r.irony_markers))}</td>" if irony else ""
        who = r.voice + (f": {r.speaker}" if isinstance(r.speaker, str) else f" ({r.speaking_outlet})" if r.voice == "excerpt" else "")
        cls = {"negative": "neg", "positive": "pos"}.get(r.label, "")
        body.append(f"<tr><td>{html.escape(who)}</td><td class='{cls}'>{html.escape(r.label)} {r.score:+.2f}</td>"
                    f"<td>{r.vader_compound:+.2f}</td>{markers}<td>{text}</td><td>{evidence_link(r.article_id, r.segment_id)}</td></tr>")
    more = f"<p>… {len(rows) - limit} more</p>" if len(rows) > limit else ""
    head = (f"<h4>{html.escape(title)} (n={len(rows)})</h4>"
            "<table><tr><th>voice</th><th>target model</th><th>VADER</th>" + ("<th>irony markers</th>" if irony else "")
            + "<th>sentence</th><th>where</th></tr>")
    return EVIDENCE_STYLE + head + "".join(body) + "</table>" + more


def cell_evidence_html(mentions: pd.DataFrame, outlet: str, actor: str, *, names: dict, limit: int = 12) -> str:
    """Every sentence behind one outlet × actor cell, as :func:`mentions_html`."""
    rows = mentions[(mentions["outlet"] == outlet) & (mentions["actor"] == actor)].sort_values(["article_id", "mention_start"])
    return mentions_html(rows, f"{names.get(outlet, outlet)} × {actor}", limit=limit)


def positive_author_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions in an outlet's own voice that the model reads as positive, most positive first: where ironic
    praise taken at face value would show, for a reader to check."""
    own = mentions[(mentions["voice"] == "author") & (mentions["label"] == "positive")]
    return own.sort_values(["score", "article_id", "mention_start"], ascending=[False, True, True], ignore_index=True)


def extreme_cells(cells: pd.DataFrame, *, k: int = 2, min_n: int = 3) -> pd.DataFrame:
    """The ``k`` most negative and ``k`` most positive cells of :func:`sentiment_cells` with at least ``min_n`` mentions."""
    picked = cells[cells["n"] >= min_n].sort_values(["mean", *[c for c in ("outlet", "actor") if c in cells]])
    return pd.concat([picked.head(k), picked.tail(k)]).drop_duplicates().reset_index(drop=True)


def irony_marked_sentences(loaded: pd.DataFrame, tone: pd.DataFrame, *, cues=("sarcasm", "rhetorical_question"),
                           limit: int = 6) -> pd.DataFrame:
    """Sentences with an irony or rhetorical-question cue (``loaded_language`` table) beside VADER's tone of
    them (``sentence_tone`` table): ``segment_id, outlet, voice, cues, vader_compound, vader_label, text``."""
    marked = loaded[(loaded[list(cues)] > 0).any(axis=1)].copy()
    marked["cues"] = ["; ".join(c for c in cues if getattr(r, c) > 0) for r in marked.itertuples()]
    out = marked[["segment_id", "outlet", "voice", "cues", "text"]].merge(
        tone[["segment_id", "vader_compound", "vader_label"]], on="segment_id", how="left")
    return out[["segment_id", "outlet", "voice", "cues", "vader_compound", "vader_label", "text"]].head(limit)


#: Outlet columns per heatmap panel: more would make the figure too wide for its 9 pt cells (figure_style).
MAX_HEATMAP_COLUMNS = 5
COLORBAR_LABEL = "mean sentiment\nP(pos) − P(neg)"


def plot_outlet_actor(cells: pd.DataFrame, *, actors: Sequence[str], flagged=(),
                      title: str = "Sentiment toward each actor,\nby publishing outlet",
                      colorbar_label: str = COLORBAR_LABEL):
    """Mean sentiment toward each actor (rows) by publishing outlet (columns), as :func:`plot_heatmap`.

    At most :data:`MAX_HEATMAP_COLUMNS` outlets a panel; more outlets are split into panels stacked in rows
    (each with the actors its outlets mention), so the figure grows taller, never too wide to read.

    Args:
        cells: :func:`sentiment_cells` by ``["outlet", "actor"]``, outlets as names.
        actors: the actors to draw, in row order (at most 12).
        flagged: ``(actor, outlet)`` cells whose sign is unreliable.
        title, colorbar_label: what the cells are (the writer's stance figure of 02 passes its own).

    Returns:
        The figure.
    """
    if cells.empty:
        return layout.nothing_found("no actor mentioned in this selection")
    groups = layout.chunks(sorted(cells["outlet"].unique()), MAX_HEATMAP_COLUMNS)
    if len(groups) == 1:
        fig, ax = plt.subplots(figsize=(1.25 * len(groups[0]) + 0.8, 0.9 * len(actors) + 1.2))
        image = plot_heatmap(ax, cells, rows="actor", cols="outlet", row_order=actors, flagged=flagged)
        fig.colorbar(image, ax=ax, shrink=0.6, label=colorbar_label)
        ax.set_title(title)
        return layout.fit_width(fig)
    parts = [cells[cells["outlet"].isin(g)] for g in groups]
    rows = [[a for a in actors if a in set(p["actor"])] for p in parts]
    heights = [0.9 * max(len(r), 1) + 1.6 for r in rows]
    fig, axes = plt.subplots(len(groups), 1, figsize=(1.25 * max(map(len, groups)) + 2.4, sum(heights) + 0.6),
                             squeeze=False, gridspec_kw={"height_ratios": heights})
    start = 1
    for ax, group, part, order in zip(axes[:, 0], groups, parts, rows):
        image = plot_heatmap(ax, part, rows="actor", cols="outlet", row_order=order, col_order=group, flagged=flagged)
        ax.set_title(f"outlets {start}–{start + len(group) - 1} of {sum(map(len, groups))}", fontsize=10)
        start += len(group)
    fig.suptitle(title + f" ({len(cells['outlet'].unique())} outlets)", x=0.01, ha="left", fontweight="bold")
    fig.tight_layout(rect=(0, 0, 0.88, 0.985))
    fig.colorbar(image, cax=fig.add_axes((0.9, 0.3, 0.02, 0.4)), label=colorbar_label)
    return layout.fit_width(fig)


def plot_by_voice(by_voice: pd.DataFrame, *, voices: Sequence[str], actors: Sequence[str], flagged=()):
    """:func:`plot_heatmap` panels, one per voice (columns = whose words), stacked.

    A voice with more than :data:`MAX_HEATMAP_COLUMNS` outlets takes several panels. Each panel has the actors
    its outlets mention (from ``actors``, in that order).

    Args:
        by_voice: :func:`sentiment_cells` by ``["voice", "outlet", "actor"]``, outlets as names.
        voices: the voices, in panel order.
        actors: the actors drawn (at most 12), in row order.
        flagged: ``(voice, outlet, actor)`` cells whose sign is unreliable.

    Returns:
        The figure.
    """
    if by_voice.empty:
        return layout.nothing_found("no actor mentioned in this selection")
    panels = []
    for voice in voices:
        part = by_voice[by_voice["voice"] == voice]
        groups = layout.chunks(sorted(part["outlet"].unique()), MAX_HEATMAP_COLUMNS)
        start = 1
        for group in groups:
            sub = part[part["outlet"].isin(group)]
            title = voice if len(groups) == 1 else f"{voice}, outlets {start}–{start + len(group) - 1} of {len(set(part['outlet']))}"
            panels.append((voice, f"{title} (n={sub['n'].sum()} mentions)", sub))
            start += len(group)
    heights = [max(part["actor"].nunique(), 1) * 0.9 + 1.4 for _, _, part in panels]
    width = 1.25 * max(part["outlet"].nunique() for _, _, part in panels) + 2.4
    fig, axes = plt.subplots(len(panels), 1, figsize=(width, sum(heights) + 0.6), squeeze=False,
                             gridspec_kw={"height_ratios": heights})
    for ax, (voice, title, part) in zip(axes[:, 0], panels):
        rows = [a for a in actors if a in set(part["actor"])]  # only actors this voice mentions: no empty rows
        plot_heatmap(ax, part, rows="actor", cols="outlet", row_order=rows,
                     flagged={(a, o) for v, o, a in flagged if v == voice})
        ax.set_title(title)
    fig.suptitle("Sentiment toward each actor, by voice\n(columns: whose words)", x=0.01, ha="left", fontweight="bold")
    fig.tight_layout(rect=(0, 0, 1, 0.985))
    return layout.fit_width(fig)
